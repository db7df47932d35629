import dev.loadbearing.sim.engine.Time;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GeoFailoverTest {

    @Test
    @DisplayName("clients go to the data centre of their own region")
    void clients_go_to_their_own_region() {
        Failover run = Failover.run(new GeoFailover(), Failover.Setup.standard(1));
        run.show();
        run.assertNearest();
    }

    @Test
    @DisplayName("an address whose health check failed is never answered")
    void a_dead_address_is_never_answered() {
        Failover.run(new GeoFailover(), Failover.Setup.standard(2)).assertNeverAnswersDeadAddresses();
    }

    @Test
    @DisplayName("30 s after eu-west dies, its clients have moved elsewhere")
    void a_dead_region_drains_within_a_minute() {
        Failover.run(new GeoFailover(), Failover.Setup.standard(3)).assertDrains();
    }

    @Test
    @DisplayName("the DNS server answers at most 20 queries a second on average")
    void the_dns_server_is_spared() {
        Failover.run(new GeoFailover(), Failover.Setup.standard(4)).assertSparesTheServer();
    }

    @Test
    @DisplayName("at most 0.5% of requests fail, although some resolvers ignore TTLs")
    void few_requests_fail() {
        Failover run = Failover.run(new GeoFailover(), Failover.Setup.standard(5));
        run.showMeasures();
        run.assertFewFailures();
    }
}
