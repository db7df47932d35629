import dev.loadbearing.sim.engine.Time;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RoundRobinTest {

    @Test
    @DisplayName("four identical servers each get a quarter of the requests")
    void four_servers_get_equal_shares() {
        Rotation run = Rotation.run(new RoundRobin(), 1, 4, 4_000);
        run.assertEvenShares();
    }

    @Test
    @DisplayName("servers take turns: no server is ever more than one request ahead")
    void servers_take_turns() {
        Rotation run = Rotation.run(new RoundRobin(), 2, 3, 300);
        run.assertTakesTurns(0, run.all(), "");
    }

    @Test
    @DisplayName("a server that is down gets no requests; the others share its work")
    void a_server_that_is_down_is_skipped() {
        long crash = Time.seconds(1);
        Rotation run = Rotation.run(new RoundRobin(), 3, 4, 2_000,
                scenario -> scenario.server(2).crashAt(crash));
        run.assertTakesTurns(run.firstAt(crash), List.of(0, 1, 3), " after server-2 went down");
        run.assertNoRequestSentToADownServer(" after server-2 went down");
    }
}
