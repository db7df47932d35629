import dev.loadbearing.sim.engine.Time;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WriteCacheTest {

    @Test
    @DisplayName("edits read back at once, then a bulk import: in each phase within 0.10 of the better strategy's hit ratio, and no stale read")
    void edits_then_import() {
        new Trace(1, List.of(Trace.Phase.EDITS, Trace.Phase.IMPORT), Time.ms(1_000)).assertAdapts();
    }

    @Test
    @DisplayName("many writers and readers on a few hot keys, the database down for 300 ms: no stale read, no stale entry, and reads still hit")
    void concurrent_writers_and_a_failing_database() {
        Trace trace = new Trace(2, List.of(Trace.Phase.CONTENTION), Time.ms(1_000)).outage(Time.ms(400), Time.ms(700));
        Trace.Run learner = trace.runLearner();
        trace.attachFigures(learner, trace.run("write-through alone", (c, d) -> new Trace.NaiveThrough(c, d)),
                trace.run("write-around alone", (c, d) -> new Trace.NaiveAround(c, d)));
        Trace.assertSafe(trace, learner);
        trace.assertHitRatio(learner, 0, 0.5, Trace.CACHE_WHY);
    }
}
