import dev.loadbearing.sim.store.Datastore;
import dev.loadbearing.sim.store.Reply;
import dev.loadbearing.sim.store.Row;
import java.util.function.Consumer;

/**
 * Moves money between accounts whose balances are rows of a relational database. Several app
 * servers run transfers at once, and the database may crash at any moment.
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
        // What a store without multi-key transactions allows: each row changed on its own, with a
        // compare-and-set so no concurrent update is lost. The debit and the credit are still two
        // separate writes.
        debit(from, amount, ok -> {
            if (!ok) {
                done.accept(false);
                return;
            }
            credit(to, amount, done);
        });
    }

    private void debit(String account, int amount, Consumer<Boolean> done) {
        db.read(account, read -> {
            if (!read.isOk() || read.value().value() < amount) {
                done.accept(false);
                return;
            }
            Row<Integer> row = read.value();
            db.compareAndSet(account, row.version(), row.value() - amount, written -> {
                if (written.isOk()) {
                    done.accept(true);
                } else if (written.status() == Reply.Status.CONFLICT) {
                    debit(account, amount, done);
                } else {
                    done.accept(false);
                }
            });
        });
    }

    private void credit(String account, int amount, Consumer<Boolean> done) {
        db.read(account, read -> {
            if (!read.isOk()) {
                done.accept(false);
                return;
            }
            Row<Integer> row = read.value();
            db.compareAndSet(account, row.version(), row.value() + amount, written -> {
                if (written.isOk()) {
                    done.accept(true);
                } else if (written.status() == Reply.Status.CONFLICT) {
                    credit(account, amount, done);
                } else {
                    done.accept(false);
                }
            });
        });
    }
}
