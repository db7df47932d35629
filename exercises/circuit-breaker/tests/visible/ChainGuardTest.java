import dev.loadbearing.sim.engine.Time;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ChainGuardTest {

    @Test
    @DisplayName("C is healthy: GetProfile and GetOrders succeed (≥ 99.5%), C gets at most 1.1 calls per request")
    void a_healthy_chain_works() {
        ChainRun run = ChainRun.of(1, "none", Time.seconds(3), Time.seconds(4), 0, 200, 100, Time.ms(250));
        run.attachFigures();
        run.assertAnswersAreReal();
        run.assertAsksC();
        run.assertSuccess(true, 0, run.duration, 0.995, "with C healthy",
                "C is healthy, so failures come from timeouts too short for C's normal tail (calls take 5-40 ms) or from a "
                        + "breaker that opens on the normal odd failure: open only when a good share of recent calls failed");
        run.assertOrdersUnaffected();
                run.assertAmplification(0, run.duration, 1.1, "with C healthy");
    }

    @Test
    @DisplayName("C hangs (90% of calls, for 1-3 s) for 4 s: GetOrders is unaffected, A's p99 for GetProfile stays under 120 ms")
    void a_slow_c_does_not_take_b_down() {
        ChainRun run = ChainRun.of(2, "slow", Time.seconds(3), Time.seconds(4), 0.9, 220, 100, Time.ms(250));
        run.attachFigures();
        run.assertAnswersAreReal();
        run.assertP99(Time.ms(120));
        run.assertOrdersUnaffected();
    }

    @Test
    @DisplayName("C answers errors for 4 s: from 1 s in, the breaker is open (≤ 0.15 calls to C per request, GetProfile fails in ≤ 15 ms at the median)")
    void the_breaker_opens() {
        ChainRun run = ChainRun.of(3, "errors", Time.seconds(3), Time.seconds(4), 0.9, 200, 100, Time.ms(250));
        run.attachFigures();
        run.assertAnswersAreReal();
        run.assertBreakerOpens(Time.seconds(1), 0.15, Time.ms(15));
    }

    @Test
    @DisplayName("C is down for 4 s and comes back: from 2 s after, ≥ 99% of GetProfile requests succeed again (the breaker closed)")
    void the_breaker_closes() {
        ChainRun run = ChainRun.of(4, "down", Time.seconds(3), Time.seconds(4), 0, 200, 100, Time.ms(250));
        run.attachFigures();
        run.assertAnswersAreReal();
        run.assertBreakerOpens(Time.seconds(1), 0.15, Time.ms(15));
        run.assertBreakerCloses(Time.seconds(2));
    }

    @Test
    @DisplayName("18% of C's calls hang for 5 s (too few to open a breaker): retries stay within budget, ≤ 1.13 calls to C per request")
    void a_brownout_gets_no_retry_storm() {
        ChainRun run = ChainRun.of(5, "brownout", Time.seconds(3), Time.seconds(5), 0.18, 220, 100, Time.ms(250));
        run.attachFigures();
        run.assertAnswersAreReal();
        run.assertAmplification(run.faultAt, run.faultAt + run.faultLength, 1.13, "while some of C's calls hung");
        run.assertOrdersUnaffected();
    }

    @Test
    @DisplayName("C hangs for 4 s while 30% of users leave after 5-45 ms (their calls, probes too, end CANCELLED): the breaker still closes within 2 s of C's recovery")
    void a_cancelled_probe_does_not_jam_the_breaker() {
        ChainRun run = new ChainRun(6, "slow", Time.seconds(3), Time.seconds(4), 0.9, 200, 100, Time.ms(250), Time.seconds(11))
                .leaving(0.3).run();
        run.attachFigures();
        run.assertAnswersAreReal();
        run.assertBreakerOpens(Time.seconds(1), 0.15, Time.ms(15));
        run.assertBreakerCloses(Time.seconds(2));
    }
}
