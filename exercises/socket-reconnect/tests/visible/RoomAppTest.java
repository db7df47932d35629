import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RoomAppTest {

    private static Storm crash() {
        Storm run = Storm.of(Storm.Setup.visible(1), RoomApp::new);
        run.attachFigures();
        return run;
    }

    private static Storm outage() {
        Storm run = Storm.of(Storm.Setup.outage(2), RoomApp::new);
        run.attachFigures();
        return run;
    }

    @Test
    @DisplayName("a gateway crashes: every user sees every message of their rooms once, in order")
    void messages_survive_a_crash() {
        crash().assertOrder();
    }

    @Test
    @DisplayName("a gateway crashes: connection attempts stay within 2x what the other gateways can handshake")
    void no_reconnect_storm() {
        crash().assertNoStorm();
    }

    @Test
    @DisplayName("a gateway crashes: everyone reconnects, 99% within 20 s")
    void everyone_reconnects() {
        crash().assertRecovery();
    }

    @Test
    @DisplayName("every gateway down for 15 s: clients back off, and return within 20 s of the gateways")
    void an_outage_is_waited_out() {
        Storm run = outage();
        run.assertNoStorm();
        run.assertRecovery();
    }

    @Test
    @DisplayName("every gateway down for 15 s: afterwards every user has every message once, in order")
    void messages_survive_an_outage() {
        outage().assertOrder();
    }
}
