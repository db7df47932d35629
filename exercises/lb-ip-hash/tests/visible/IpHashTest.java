import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IpHashTest {

    @Test
    @DisplayName("five servers, two balancers: every client always goes to the same server")
    void every_client_sticks_to_one_server() {
        new Affinity(IpHash::new, 1, 5, -1, 0).assertSticky();
    }

    @Test
    @DisplayName("server-2 of five leaves the pool: at most 25% of clients move")
    void a_server_leaving_moves_only_its_clients() {
        Affinity run = new Affinity(IpHash::new, 2, 5, 2, 0);
        run.assertSticky();
        run.assertFewClientsMoved();
    }
}
