import dev.loadbearing.sim.engine.Time;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LedgerConsumerTest {

    @Test
    @DisplayName("a calm day: 1,800 payments, no faults, every one booked once, in order (the starter passes this one)")
    void a_calm_day() {
        PaymentStream run = new PaymentStream(LedgerConsumer::new, 1, PaymentStream.Setup.calm());
        run.showFigures();
        run.assertEachPaymentOnceInOrder();
        run.assertKeepsUp(0.1);
        run.assertAllFinished();
    }

    @Test
    @DisplayName("0.2% of database calls outlive the 1 s ack timeout: the duplicates that follow change nothing")
    void duplicates_from_slow_calls_change_nothing() {
        PaymentStream run = new PaymentStream(LedgerConsumer::new, 2, PaymentStream.Setup.calm().slowCalls(0.002));
        run.showFigures();
        run.assertEachPaymentOnceInOrder();
    }

    @Test
    @DisplayName("three consumers crash mid-work: what they held comes again to the others, booked once, and lag recovers")
    void crashes_do_not_double_book() {
        PaymentStream run = new PaymentStream(LedgerConsumer::new, 3, PaymentStream.Setup.calm().crashes(3));
        run.showFigures();
        run.assertEachPaymentOnceInOrder();
        run.assertLagRecovers(Time.seconds(8), 0.5);
    }

    @Test
    @DisplayName("2% of messages are malformed: each goes to the dead-letter queue by its third delivery, and nothing else does")
    void poison_messages_are_dead_lettered() {
        PaymentStream run = new PaymentStream(LedgerConsumer::new, 4, PaymentStream.Setup.calm().poison(0.02));
        run.showFigures();
        run.assertPoisonDeadLettered(3);
        run.assertEachPaymentOnceInOrder();
    }
}
