import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LeastResponseTimeTest {

    @Test
    @DisplayName("server-0 becomes 5x slower at t = 10 s: from a second later it gets at most 5% of requests")
    void the_slow_server_is_avoided() {
        new Slowdown(LeastResponseTime::new, 1, 4, 0, 10).assertSlowServerAvoided();
    }

    @Test
    @DisplayName("after the slow-down, p99 stays within 1.5x of the healthy p99")
    void the_tail_holds() {
        new Slowdown(LeastResponseTime::new, 2, 4, 0, 10).assertTailHolds();
    }

    @Test
    @DisplayName("no herding: no server gets more than 60% of the requests of any second")
    void no_herding() {
        new Slowdown(LeastResponseTime::new, 3, 4, 0, 10).assertNoHerding();
    }
}
