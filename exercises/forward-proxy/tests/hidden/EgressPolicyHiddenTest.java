import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EgressPolicyHiddenTest {
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13, 14, 15, 16, 17, 18})
    @DisplayName("random allow-lists, ports and look-alikes: 0 disallowed requests get out, 0 allowed ones are refused")
    void random_allow_lists(long seed) {
        EgressRun run = EgressRun.random(seed);
        run.run();
        run.attachFigure();
        run.assertEveryVerdict();
    }
}
