import dev.loadbearing.sim.engine.Time;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Cache size, hot set, rates, write share and latencies come from the seed (see Trace); so does which phase comes first. */
class WriteCacheHiddenTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {41, 42, 43})
    @DisplayName("three phases of edits and bulk imports in a random order: near the better strategy in each, no stale read")
    void phases_in_a_random_order(long seed) {
        List<Trace.Phase> phases = new ArrayList<>();
        Trace.Phase next = seed % 2 == 0 ? Trace.Phase.IMPORT : Trace.Phase.EDITS;
        for (int i = 0; i < 3; i++) {
            phases.add(next);
            next = next == Trace.Phase.EDITS ? Trace.Phase.IMPORT : Trace.Phase.EDITS;
        }
        new Trace(seed, phases, Time.ms(800)).assertAdapts();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {51, 52, 53})
    @DisplayName("edits, then contention on a few keys with the database down for a while: no stale read or entry")
    void contention_and_outage(long seed) {
        Random random = new Random(seed);
        long from = Time.ms(700 + random.nextInt(500));
        Trace trace = new Trace(seed, List.of(Trace.Phase.EDITS, Trace.Phase.CONTENTION), Time.ms(700))
                .outage(from, from + Time.ms(100 + random.nextInt(300)));
        Trace.Run learner = trace.runLearner();
        Trace.assertSafe(trace, learner);
        trace.assertHitRatio(learner, 1, 0.5, Trace.CACHE_WHY);
    }
}
