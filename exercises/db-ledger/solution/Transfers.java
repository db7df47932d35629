import dev.loadbearing.sim.store.Datastore;
import dev.loadbearing.sim.store.Transaction;
import java.util.function.Consumer;

/**
 * Moves money between accounts whose balances are rows of a relational database. Several app
 * servers run transfers at once, and the database may crash at any moment.
 *
 * <p>One transaction per transfer: lock both rows (in name order, so two opposite transfers
 * cannot deadlock), check the balance, write both, commit. Until the commit completes nothing is
 * visible, and a crash or a failure before it leaves both rows as they were.
 */
public final class Transfers {
    private final Datastore<Integer> db;

    public Transfers(Datastore<Integer> db) {
        this.db = db;
    }

    /**
     * Moves amount from one account to another, unless the source has less than amount. Calls
     * done(true) if the transfer happened, done(false) if it did not (not enough money, or a
     * failure): in that case nothing may have changed.
     */
    public void transfer(String from, String to, int amount, Consumer<Boolean> done) {
        Transaction<Integer> tx = db.begin();
        String first = from.compareTo(to) < 0 ? from : to;
        String second = first.equals(from) ? to : from;
        tx.readForUpdate(first, a -> {
            if (!a.isOk()) {
                fail(tx, done);
                return;
            }
            tx.readForUpdate(second, b -> {
                if (!b.isOk()) {
                    fail(tx, done);
                    return;
                }
                int source = (first.equals(from) ? a : b).value().value();
                int target = (first.equals(from) ? b : a).value().value();
                if (source < amount) {
                    fail(tx, done);
                    return;
                }
                tx.write(from, source - amount, debited -> {
                    if (!debited.isOk()) {
                        fail(tx, done);
                        return;
                    }
                    tx.write(to, target + amount, credited -> {
                        if (!credited.isOk()) {
                            fail(tx, done);
                            return;
                        }
                        tx.commit(committed -> done.accept(committed.isOk()));
                    });
                });
            });
        });
    }

    private static void fail(Transaction<Integer> tx, Consumer<Boolean> done) {
        tx.rollback();
        done.accept(false);
    }
}
