import dev.loadbearing.sim.race.Mutex;
import dev.loadbearing.sim.race.Shared;
import dev.loadbearing.sim.race.SharedValue;
import java.util.ArrayList;
import java.util.List;

/**
 * The bank's ledger, shared by every request the payment service is handling. The tests open a
 * fresh ledger for each interleaving they try.
 *
 * <p>Each account has a balance, a {@link SharedValue}: every {@code read()}, {@code write(v)} and
 * {@code compareAndSet(expected, v)} is one step, like one round trip to the database, and
 * between two steps any other request may take its own. Each account also has a lock of its own,
 * a {@link Mutex}, like the row lock {@code SELECT ... FOR UPDATE} takes.
 *
 * <p>The idempotency-keys table has one row per request id: {@link #requestLog} gives it, holding
 * {@code null} until some delivery of that request records its result there.
 */
public final class Ledger {

    /** One account: its id ("A", "B", ...), its balance in whole euros, and its lock. */
    public record Account(String id, SharedValue<Integer> balance, Mutex lock) {
    }

    /** The result recorded for one request id, or null while none is. */
    public record LogEntry(String requestId, SharedValue<TransferResult> result) {
    }

    private final List<Account> accounts;
    private final List<LogEntry> log;

    /** Opens one account per opening balance, with ids A, B, C, ..., and an empty log row for each request id. */
    public Ledger(Shared shared, List<Integer> openingBalances, List<String> requestIds) {
        List<Account> opened = new ArrayList<>();
        for (int i = 0; i < openingBalances.size(); i++) {
            String id = String.valueOf((char) ('A' + i));
            opened.add(new Account(id, shared.value("balance " + id, openingBalances.get(i)), shared.mutex("lock " + id)));
        }
        accounts = List.copyOf(opened);
        List<LogEntry> rows = new ArrayList<>();
        for (String requestId : requestIds) {
            rows.add(new LogEntry(requestId, shared.value("log " + requestId, (TransferResult) null)));
        }
        log = List.copyOf(rows);
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

    /**
     * The idempotency-keys row of this request id: {@code null} until a result is recorded.
     * Reading and writing it are steps like any other.
     */
    public SharedValue<TransferResult> requestLog(String requestId) {
        for (LogEntry entry : log) {
            if (entry.requestId().equals(requestId)) {
                return entry.result();
            }
        }
        throw new IllegalArgumentException("no request " + requestId);
    }
}
