import dev.loadbearing.sim.broker.Delivery;
import dev.loadbearing.sim.store.Datastore;
import dev.loadbearing.sim.store.Transaction;

/**
 * Books payments exactly once on an at-least-once broker: the payment's id is recorded in the same
 * transaction as the balance it changes, under the balance row's lock, and the message is
 * acknowledged only after that transaction committed. A redelivered payment finds its id and is
 * only acknowledged. A message that is not a payment is dead-lettered at once; a failure of the
 * database is temporary, so the message is left unacknowledged and the broker delivers it again
 * after the ack timeout.
 */
public final class LedgerConsumer {
    private final Datastore<Long> db;

    public LedgerConsumer(Datastore<Long> db) {
        this.db = db;
    }

    public void onDelivery(Delivery<String> delivery) {
        Payment payment;
        try {
            payment = Payment.parse(delivery.value());
        } catch (IllegalArgumentException malformed) {
            delivery.deadLetter();                // it will never parse: do not hold up the partition
            return;
        }
        String applied = "applied:" + payment.id();
        Transaction<Long> tx = db.begin();
        // The balance row's lock serialises every transaction of this account, duplicates included.
        tx.readForUpdate(payment.balanceRow(), balance -> {
            if (!balance.isOk()) {
                return;                           // the transaction is over; the broker redelivers
            }
            tx.read(applied, seen -> {
                if (!seen.isOk()) {
                    tx.rollback();
                    return;
                }
                if (seen.value().value() != null) {
                    tx.rollback();                // a duplicate: its effect is already booked
                    delivery.ack();
                    return;
                }
                Long before = balance.value().value();
                long after = (before == null ? 0 : before) + payment.cents();
                tx.write(payment.balanceRow(), after, wroteBalance -> {
                    if (!wroteBalance.isOk()) {
                        return;
                    }
                    tx.write(applied, 1L, wroteMarker -> {
                        if (!wroteMarker.isOk()) {
                            return;
                        }
                        tx.commit(committed -> {
                            if (committed.isOk()) {
                                delivery.ack();   // only now is the effect durable
                            }
                        });
                    });
                });
            });
        });
    }
}
