import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IndexAdvisorHiddenTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {31, 32, 33})
    @DisplayName("random shops: columns, shapes, shares, sizes and budgets from the seed; every check holds")
    void random_workloads(long seed) {
        IndexWorkload run = new IndexWorkload(IndexAdvisor::new, seed, IndexWorkload.Kind.RANDOM);
        run.showFigures();
        run.assertAll();
    }

    @Test
    @DisplayName("the price-band report is now 6% of the queries, and the budget pays for its index: every check holds")
    void a_busy_report() {
        IndexWorkload run = new IndexWorkload(IndexAdvisor::new, 41, IndexWorkload.Kind.BUSY_REPORT);
        run.showFigures();
        run.assertAll();
    }
}
