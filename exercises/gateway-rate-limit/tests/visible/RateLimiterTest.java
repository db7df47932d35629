import dev.loadbearing.sim.engine.Time;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    static final double[] ONE = {1};
    static final double[] UNEVEN = {0.6, 0.3, 0.1};

    @Test
    @DisplayName("50 requests at once for a fresh key: the burst of 20 gets through, 30 get 429; then 250/s gets 100/s")
    void a_burst_lets_the_bucket_through() {
        LimitRun run = new LimitRun(1, 1, 100, 20);
        run.burst("key-a", 50, Time.ms(100), 0);
        run.poisson("key-a", 250, Time.seconds(1), Time.seconds(4), ONE);
        run.run();
        run.attachFigures("key-a", Time.seconds(5));
        run.assertBurst("key-a", 50, Time.ms(100));
        run.assertNotTooStrict("key-a", Time.seconds(1), Time.seconds(4), 0.95);
        run.assertAnySecond("key-a", 1);
    }

    @Test
    @DisplayName("a client at a steady 80/s sees no 429s")
    void under_the_limit_is_never_refused() {
        LimitRun run = new LimitRun(2, 1, 100, 20);
        run.steady("key-b", 80, 0, Time.seconds(20), ONE);
        run.run();
        run.attachFigures("key-b", Time.seconds(20));
        run.assertNoRejections("key-b", 80);
    }

    @Test
    @DisplayName("100/s with burst 20: at most 120 in any second, even with bursts either side of a second's boundary")
    void at_most_rate_plus_burst_in_any_second() {
        LimitRun run = new LimitRun(3, 1, 100, 20);
        for (int s = 1; s <= 4; s++) {
            run.burst("key-c", 150, Time.seconds(s) - Time.ms(2), 0);
            run.burst("key-c", 150, Time.seconds(s) + Time.ms(2), 0);
        }
        run.poisson("key-c", 250, Time.seconds(5), Time.seconds(10), ONE);
        run.run();
        run.attachFigures("key-c", Time.seconds(10));
        run.assertAnySecond("key-c", 1);
        run.assertNotTooStrict("key-c", Time.seconds(5), Time.seconds(10), 0.95);
    }

    @Test
    @DisplayName("0.5/s with burst 2: the third request gets 429 with Retry-After: 2, and a retry after 2 s gets through")
    void retry_after_says_when_a_token_is_back() {
        LimitRun run = new LimitRun(4, 1, 0.5, 2);
        List<LimitRun.Hit> retries = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            run.send(Time.seconds(1), "key-d", 0, hit -> {
                if (!hit.allowed() && hit.retryAfter() != null && hit.retryAfter().matches("\\d{1,4}")) {
                    long wait = Time.seconds(Long.parseLong(hit.retryAfter()));
                    run.send(hit.answeredAt() + wait, "key-d", 0, retries::add);
                }
            });
        }
        run.run();
        LimitRun.Hit third = run.of("key-d").stream().filter(h -> h.at() == Time.seconds(1) && !h.allowed()).findFirst()
                .orElseThrow(() -> new AssertionError("seed 4: all three requests sent at once got through; a bucket of 2 lets 2 through"));
        run.assertRetryAfter(third, 2, "the third request sent at once");
        if (retries.isEmpty() || !retries.get(0).allowed()) {
            throw new AssertionError("seed 4: the client waited as Retry-After said and was refused again");
        }
    }

    @Test
    @DisplayName("3 gateway instances share the store: a flood stays within 1.1× the limit, a client at 80/s is never refused")
    void three_instances_share_one_limit() {
        LimitRun run = new LimitRun(5, 3, 100, 20);
        run.poisson("flood", 300, 0, Time.seconds(10), UNEVEN);
        run.steady("polite", 80, 0, Time.seconds(10), UNEVEN);
        run.run();
        run.attachFigures("flood", Time.seconds(10));
        run.assertGlobalLimit("flood", 0, Time.seconds(10), 1.1);
        run.assertNotTooStrict("flood", 0, Time.seconds(10), 0.9);
        run.assertNoRejections("polite", 80);
    }
}
