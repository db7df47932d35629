import dev.loadbearing.sim.broker.Topic;
import dev.loadbearing.sim.store.Datastore;
import dev.loadbearing.sim.store.Transaction;
import java.util.function.Consumer;

/**
 * The transactional outbox. An order and its event are written in one transaction: the order
 * row, an outbox row {@code outbox:<n>} holding the order id, and the outbox's head counter
 * {@code outbox:head} = n. The relay (tick) publishes outbox rows in order, from
 * {@code outbox:sent} + 1 up to the head, and moves {@code outbox:sent} only after the broker's
 * ack: a crash between the ack and that write publishes the row again (a duplicate consumers
 * skip by id), never loses it.
 */
public final class OrderService {
    private final Datastore<String> db;
    private final Topic<String> events;
    private boolean relaying;

    public OrderService(Datastore<String> db, Topic<String> events) {
        this.db = db;
        this.events = events;
    }

    public void placeOrder(String orderId, Consumer<Boolean> done) {
        Transaction<String> tx = db.begin();
        tx.readForUpdate("outbox:head", head -> {
            if (!head.isOk()) {
                done.accept(false);
                return;
            }
            long next = number(head.value().value()) + 1;
            tx.write("order:" + orderId, "placed", order -> {
                if (!order.isOk()) {
                    done.accept(false);
                    return;
                }
                tx.write("outbox:" + next, orderId, row -> {
                    if (!row.isOk()) {
                        done.accept(false);
                        return;
                    }
                    tx.write("outbox:head", Long.toString(next), moved -> {
                        if (!moved.isOk()) {
                            done.accept(false);
                            return;
                        }
                        tx.commit(committed -> done.accept(committed.isOk()));
                    });
                });
            });
        });
    }

    public void tick() {
        if (relaying) {
            return;
        }
        relaying = true;
        db.readValue("outbox:sent", sent -> {
            if (!sent.isOk()) {
                relaying = false;
                return;
            }
            relayFrom(number(sent.value()));
        });
    }

    /** Publishes the outbox rows after {@code sent}, one at a time, until it has caught up. */
    private void relayFrom(long sent) {
        db.readValue("outbox:head", head -> {
            if (!head.isOk() || number(head.value()) <= sent) {
                relaying = false;
                return;
            }
            long next = sent + 1;
            db.readValue("outbox:" + next, row -> {
                if (!row.isOk()) {
                    relaying = false;
                    return;
                }
                String orderId = row.value();
                events.publish(orderId, orderId, ack -> {
                    if (!ack.isOk()) {
                        relaying = false;            // DOWN or UNKNOWN: publish it again next tick
                        return;
                    }
                    db.write("outbox:sent", Long.toString(next), moved -> {
                        if (moved.isOk()) {
                            relayFrom(next);
                        } else {
                            relaying = false;
                        }
                    });
                });
            });
        });
    }

    private static long number(String text) {
        return text == null ? 0 : Long.parseLong(text);
    }
}
