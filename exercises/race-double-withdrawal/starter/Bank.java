import dev.loadbearing.sim.race.Mutex;
import dev.loadbearing.sim.race.Shared;
import dev.loadbearing.sim.race.SharedValue;
import java.util.ArrayList;
import java.util.List;

/**
 * The bank's accounts, shared by every ATM. The tests open a fresh bank for each interleaving
 * they try.
 *
 * <p>Each account has a balance, a {@link SharedValue}: every {@code read()}, {@code write(v)}
 * and {@code compareAndSet(expected, v)} is one step, like one round trip to the database, and
 * between two steps any other ATM may take its own. Each account also has a lock of its own, a
 * {@link Mutex}, like the row lock {@code SELECT ... FOR UPDATE} takes: {@code lock()} waits
 * while another ATM holds it.
 */
public final class Bank {

    /** One account: its id ("A", "B", ...), its balance in whole euros, and its lock. */
    public record Account(String id, SharedValue<Integer> balance, Mutex lock) {
    }

    private final List<Account> accounts;

    /** Opens one account per opening balance, with ids A, B, C, ... in that order. */
    public Bank(Shared shared, List<Integer> openingBalances) {
        List<Account> opened = new ArrayList<>();
        for (int i = 0; i < openingBalances.size(); i++) {
            String id = String.valueOf((char) ('A' + i));
            opened.add(new Account(id, shared.value("balance " + id, openingBalances.get(i)), shared.mutex("lock " + id)));
        }
        accounts = List.copyOf(opened);
    }

    /** The account with this id. */
    public Account account(String id) {
        for (Account account : accounts) {
            if (account.id().equals(id)) {
                return account;
            }
        }
        throw new IllegalArgumentException("no account " + id);
    }

    /** Every account, A first. */
    public List<Account> accounts() {
        return accounts;
    }
}
