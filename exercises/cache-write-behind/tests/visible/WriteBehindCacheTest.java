import dev.loadbearing.sim.engine.Time;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WriteBehindCacheTest {
    @Test
    @DisplayName("counters for 3 s, then a graceful stop: at most 0.75 database writes per put, and every counter's last value in the database")
    void coalesces_and_stops_gracefully() {
        Counters run = new Counters(1, "a graceful stop").run(Time.seconds(3));
        run.attachFigure();
        System.out.println(run);
        run.assertReadsOwnWrites();
        run.assertGracefulStopLosesNothing();
        run.assertCoalesces(0.75);
    }

    @Test
    @DisplayName("the application server crashes: only puts since the last flush may be missing")
    void a_crash_loses_only_the_current_window() {
        Counters run = new Counters(2, "a crash").crashAt(Time.ms(2_345)).run(Time.seconds(3));
        run.attachFigure();
        System.out.println(run);
        run.assertCrashLosesOnlyTheCurrentWindow();
        run.assertCoalesces(0.75);
    }

    @Test
    @DisplayName("the database is down for 400 ms: failed writes stay dirty and are written later; a graceful stop still loses nothing")
    void failed_writes_are_retried() {
        Counters run = new Counters(3, "the database down for 400 ms").outage(Time.ms(1_100), Time.ms(1_500)).run(Time.seconds(3));
        run.attachFigure();
        System.out.println(run);
        run.assertGracefulStopLosesNothing();
        run.assertCoalesces(0.75);
    }
}
