import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransfersHiddenTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13, 14})
    @DisplayName("random accounts, balances and crash times: every check holds")
    void random_worlds(long seed) {
        LedgerRun run = new LedgerRun(Transfers::new, seed, true, 150);
        run.showFigures();
        run.assertAll();
    }

    @Test
    @DisplayName("twice the traffic, with crashes: every check holds")
    void busy() {
        LedgerRun run = new LedgerRun(Transfers::new, 21, true, 300);
        run.showFigures();
        run.assertAll();
    }
}
