import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.Time;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RateLimiterHiddenTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {21, 22, 23, 24})
    @DisplayName("random rates and bursts, keys side by side: bursts, any second, boundaries, a polite key never refused")
    void random_limits_per_key(long seed) {
        Random random = new Random(seed);
        double rate = 20 + random.nextInt(181);
        int burst = 5 + random.nextInt(46);
        LimitRun run = new LimitRun(seed, 1, rate, burst);
        int fresh = burst + 10 + random.nextInt(3 * burst);
        long freshAt = Time.ms(50 + random.nextInt(500));
        run.burst("fresh", fresh, freshAt, 0);
        for (int s = 1; s <= 3; s++) {
            run.burst("edges", (int) rate + burst, Time.seconds(s) - Time.ms(1 + random.nextInt(5)), 0);
            run.burst("edges", (int) rate + burst, Time.seconds(s) + Time.ms(1 + random.nextInt(5)), 0);
        }
        run.poisson("flood", rate * (2 + random.nextDouble() * 2), Time.seconds(4), Time.seconds(8), RateLimiterTest.ONE);
        run.steady("polite", rate * 0.8, 0, Time.seconds(8), RateLimiterTest.ONE);
        run.run();
        run.attachFigures("flood", Time.seconds(8));
        run.assertBurst("fresh", fresh, freshAt);
        run.assertAnySecond("edges", 1);
        run.assertAnySecond("flood", 1);
        run.assertNotTooStrict("flood", Time.seconds(4), Time.seconds(8), 0.95);
        run.assertNoRejections("polite", rate * 0.8);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {31, 32, 33})
    @DisplayName("slow random rates: Retry-After is the whole seconds until the next token, and obeying it works")
    void retry_after_is_exact(long seed) {
        Random random = new Random(seed);
        double rate = 0.2 + random.nextInt(28) / 10.0;
        int burst = 1 + random.nextInt(4);
        LimitRun run = new LimitRun(seed, 1, rate, burst, Distribution.constant(Time.ms(0.5)));
        long start = Time.seconds(1);
        double later = (0.2 + 0.6 * random.nextDouble()) / rate;
        List<LimitRun.Hit> retries = new ArrayList<>();
        run.burst("slow", burst, start, 0);
        run.send(start, "slow", 0, hit -> {
            if (hit.retryAfter() != null && hit.retryAfter().matches("\\d{1,4}")) {
                run.send(hit.answeredAt() + Time.seconds(Long.parseLong(hit.retryAfter())), "slow", 0, retries::add);
            }
        });
        run.send(start + (long) (later * 1e9), "slow", 0, null);
        run.run();
        List<LimitRun.Hit> hits = run.of("slow");
        LimitRun.Hit over = hits.stream().filter(h -> h.at() == start && !h.allowed()).findFirst().orElseThrow(() ->
                new AssertionError(String.format("%s: %d requests at once all got through; a bucket of %d lets %d through",
                        run.where(), burst + 1, burst, burst)));
        run.assertRetryAfter(over, 1 / rate, "request " + (burst + 1) + " sent at once");
        LimitRun.Hit probe = hits.stream().filter(h -> h.at() == start + (long) (later * 1e9)).findFirst().orElseThrow();
        run.assertRetryAfter(probe, 1 / rate - (long) (later * 1e9) / 1e9, String.format("a request %.3f s later", later));
        if (retries.isEmpty() || !retries.get(0).allowed()) {
            throw new AssertionError(run.where() + ": the client waited as Retry-After said and was refused again");
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {41, 42, 43})
    @DisplayName("3 instances, uneven traffic, random store latency: global flood within 1.1× the limit, polite keys never refused")
    void global_limit_across_instances(long seed) {
        Random random = new Random(seed);
        double rate = 30 + random.nextInt(120);
        int burst = 10 + random.nextInt(30);
        double first = 0.4 + 0.4 * random.nextDouble();
        double second = (1 - first) * (0.3 + 0.5 * random.nextDouble());
        double[] weights = {first, second, 1 - first - second};
        LimitRun run = new LimitRun(seed, 3, rate, burst,
                Distribution.uniform(Time.ms(0.2), Time.ms(0.5 + random.nextInt(20) / 10.0)));
        run.poisson("flood", rate * (2.5 + random.nextDouble()), 0, Time.seconds(8), weights);
        run.steady("polite", rate * 0.8, 0, Time.seconds(8), weights);
        run.run();
        run.attachFigures("flood", Time.seconds(8));
        run.assertGlobalLimit("flood", 0, Time.seconds(8), 1.1);
        run.assertAnySecond("flood", 1.1);
        run.assertNotTooStrict("flood", 0, Time.seconds(8), 0.9);
        run.assertNoRejections("polite", rate * 0.8);
    }
}
