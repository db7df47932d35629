import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.Figures;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LeastConnectionsTest {

    @Test
    @DisplayName("servers of speeds 3, 2, 1, 1: faster servers get more requests and p99 stays under 40 ms")
    void faster_servers_get_more() {
        Connections run = new Connections(LeastConnections::new, 1, new double[] {3, 2, 1, 1}, 0.8, scenario -> { });
        Figures.attach(run.report.figures().get(0), run.report.figures().get(1));
        double fast = run.report.share("server-0");
        double slow = run.report.share("server-3");
        if (!(fast > 2 * slow)) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "seed 1: server-0 (speed 3) got %.0f%% of requests and server-3 (speed 1) %.0f%%; the fast server "
                            + "empties its queue three times as fast, so least connections should send it about three "
                            + "times as many", 100 * fast, 100 * slow));
        }
        run.assertP99AtMost(40, "the reference's p99 on this seed is 28 ms");
    }

    @Test
    @DisplayName("four identical servers each get 25% ± 1.5, ties broken at random")
    void ties_are_broken_fairly() {
        Connections.identical(LeastConnections::new, 2, 4).assertFairShares();
    }

    @Test
    @DisplayName("a server that is down gets no requests")
    void a_server_that_is_down_gets_nothing() {
        Connections run = new Connections(LeastConnections::new, 3, new double[] {1, 1, 1}, 0.5,
                scenario -> scenario.server(1).crashAt(Time.seconds(1)));
        long refused = run.report.errors().getOrDefault("refused: server down", 0L);
        if (refused > 0) {
            throw new AssertionError("seed 3: " + refused + " requests were sent to server-1 after it went down at "
                    + "t = 1 s; a down server holds no requests, so it looks like the least loaded one: skip servers "
                    + "whose healthy() is false");
        }
    }
}
