import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OrderPageLoaderTest {

    @Test
    @DisplayName("every page shows its order, its user and its 50 items in order")
    void pages_are_complete_and_correct() {
        PageRun run = new PageRun(1).run(20);
        run.attachFigures();
        run.assertCorrect();
    }

    @Test
    @DisplayName("a page of 50 items takes at most 2.5 round trips (200 ms) at p50")
    void a_page_takes_two_round_trips() {
        PageRun run = new PageRun(2).run(20);
        run.attachFigures();
        run.assertCorrect();
        run.assertFast(2.5);
    }

    @Test
    @DisplayName("no N+1: at most one call to the items service per page, three calls in all")
    void items_come_in_one_batch() {
        PageRun run = new PageRun(3).run(20);
        run.attachFigures();
        run.assertCorrect();
        run.assertFewCalls();
    }
}
