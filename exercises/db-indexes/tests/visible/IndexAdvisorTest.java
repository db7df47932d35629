import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IndexAdvisorTest {

    @Test
    @DisplayName("the lesson's workload: every frequent query reads an index, p99 under 5 ms")
    void lesson_workload_is_fast() {
        IndexWorkload run = new IndexWorkload(IndexAdvisor::new, 1, IndexWorkload.Kind.LESSON);
        run.showFigures();
        run.assertP99();
    }

    @Test
    @DisplayName("the lesson's workload: p99 under 5 ms and the indexes within each table's write budget")
    void lesson_workload_within_budget() {
        IndexWorkload run = new IndexWorkload(IndexAdvisor::new, 1, IndexWorkload.Kind.LESSON);
        run.showFigures();
        run.assertAll();
    }

    @Test
    @DisplayName("another shop: other columns filtered and sorted, other shares and sizes; every check holds")
    void another_workload() {
        IndexWorkload run = new IndexWorkload(IndexAdvisor::new, 2, IndexWorkload.Kind.RANDOM);
        run.showFigures();
        run.assertAll();
    }
}
