import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TransfersTest {

    @Test
    @DisplayName("no crashes: money is conserved at the end and no balance goes negative (the starter passes this one)")
    void concurrent_transfers_conserve_money() {
        LedgerRun run = new LedgerRun(Transfers::new, 1, false, 150);
        run.showFigures();
        run.assertConserved();
        run.assertNeverNegative();
        run.assertAcknowledgedMeansApplied();
        run.assertProgress();
    }

    @Test
    @DisplayName("the database crashes twice: no money vanishes or appears, and done(true) means committed")
    void crashes_lose_no_money() {
        LedgerRun run = new LedgerRun(Transfers::new, 2, true, 150);
        run.showFigures();
        run.assertConserved();
        run.assertAcknowledgedMeansApplied();
        run.assertProgress();
    }

    @Test
    @DisplayName("with crashes: every check holds, no report sees money in flight, and at least 70% of payable transfers go through")
    void crashes_and_progress() {
        LedgerRun run = new LedgerRun(Transfers::new, 3, true, 150);
        run.showFigures();
        run.assertAll();
    }
}
