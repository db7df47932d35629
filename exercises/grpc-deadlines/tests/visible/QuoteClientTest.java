import dev.loadbearing.sim.engine.Time;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class QuoteClientTest {

    @Test
    @DisplayName("3% of calls hang for seconds: every user is answered by their deadline, and at least 99.5% get a quote")
    void hanging_calls_are_abandoned_and_retried() {
        CallRun run = CallRun.hangs(1, 200, Time.ms(400), 0.03);
        run.attachFigures();
        run.assertWellBehaved();
        run.assertSuccess(0, run.duration, 0.995, "with some calls hanging");
    }

    @Test
    @DisplayName("3% of calls hang: users wait at most 180 ms at p99, and the service gets at most 1.1× the calls users asked for")
    void the_tail_is_short_and_the_load_is_honest() {
        CallRun run = CallRun.hangs(2, 200, Time.ms(400), 0.03);
        run.attachFigures();
        run.assertWellBehaved();
        run.assertP99(0, run.duration, Time.ms(180));
        run.assertAmplification(0, run.duration, 1.1, "over the whole run");
    }

    @Test
    @DisplayName("the service is down for 5 s: at most 1.2× the offered calls reach it meanwhile (1.5× in any second), and quotes flow again 1 s after it is back")
    void no_retry_storm_during_an_outage() {
        CallRun run = CallRun.outage(3, 200, Time.ms(400), Time.seconds(10), Time.seconds(5));
        run.attachFigures();
        run.assertWellBehaved();
        run.assertSuccess(0, Time.seconds(9.5), 0.995, "before the outage");
        run.assertAmplification(Time.seconds(10), Time.seconds(15), 1.2, "while the service was down");
        run.assertNoBurst(Time.seconds(10), Time.seconds(15), 1.5, "while the service was down");
        run.assertSuccess(Time.seconds(16), run.duration, 0.995, "from 1 s after the service came back");
    }

    @Test
    @DisplayName("the network to the service is cut for 4 s (no answers at all): users are still answered by their deadlines, no storm")
    void a_black_hole_is_survived() {
        CallRun run = CallRun.blackHole(4, 200, Time.ms(400), Time.seconds(6), Time.seconds(4));
        run.attachFigures();
        run.assertWellBehaved();
        run.assertAmplification(Time.seconds(6), Time.seconds(10), 1.2, "while the network was cut");
        run.assertSuccess(Time.seconds(11), run.duration, 0.995, "from 1 s after the network healed");
    }

    @Test
    @DisplayName("the service is killed with ~30 calls in hand, all failing at once: their retries spread out (at most 24 calls in any 5 ms)")
    void retries_of_calls_that_failed_together_are_jittered() {
        CallRun run = CallRun.resets(5, 450, Time.ms(400));
        run.attachFigures();
        run.assertWellBehaved();
        run.assertNoSpike(Time.ms(5), 24);
    }
}
