import dev.loadbearing.sim.broker.Delivery;
import dev.loadbearing.sim.store.Datastore;

/**
 * Books payments from the "payments" topic into the ledger database. Each consumer process in
 * the group has its own LedgerConsumer; when a process crashes, its object (and everything in
 * its fields) is gone, and a new process starts with a new one. The database is shared.
 */
public final class LedgerConsumer {
    private final Datastore<Long> db;

    public LedgerConsumer(Datastore<Long> db) {
        this.db = db;
    }

    /** Called with each delivery of a message to this consumer. */
    public void onDelivery(Delivery<String> delivery) {
        Payment payment;
        try {
            payment = Payment.parse(delivery.value());
        } catch (IllegalArgumentException malformed) {
            delivery.nack();                                      // try again
            return;
        }
        // Read the balance, add the payment, write it back, then acknowledge.
        db.readValue(payment.balanceRow(), balance -> {
            if (!balance.isOk()) {
                delivery.nack();
                return;
            }
            long before = balance.value() == null ? 0 : balance.value();
            db.write(payment.balanceRow(), before + payment.cents(), written -> {
                if (written.isOk()) {
                    delivery.ack();
                } else {
                    delivery.nack();
                }
            });
        });
    }
}
