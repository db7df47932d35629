import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GeoFailoverHiddenTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {31, 47, 53, 67, 79})
    @DisplayName("3 to 5 regions with other names, any of them dying at any time: every target holds")
    void any_region_dies(long seed) {
        Failover run = Failover.run(new GeoFailover(), Failover.Setup.random(seed));
        if (seed == 31) {
            run.show();
        }
        run.assertAll();
    }
}
