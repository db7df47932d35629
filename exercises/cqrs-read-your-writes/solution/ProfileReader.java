import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.eventlog.PageReader;
import dev.loadbearing.sim.eventlog.Primary;
import dev.loadbearing.sim.eventlog.ReadContext;
import dev.loadbearing.sim.eventlog.ReplicaRead;
import dev.loadbearing.sim.eventlog.Replica;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads from a replica that already includes the reader's token; if none does yet, waits a few
 * milliseconds and looks again; only if none catches up within the wait budget, asks the primary.
 * Reads without a token go to the replicas in turn. The primary serves only the rare read that
 * the replicas cannot, so a write spike does not turn into a read outage.
 */
public final class ProfileReader implements PageReader<Long> {
    private static final long POLL = Time.ms(5);
    private static final long WAIT_BUDGET = Time.ms(250);

    private final List<Replica<Long>> replicas;
    private final Primary<Long> primary;
    private int next;

    public ProfileReader(List<Replica<Long>> replicas, Primary<Long> primary) {
        this.replicas = replicas;
        this.primary = primary;
    }

    @Override
    public void read(String key, long token, ReadContext context, Consumer<ReplicaRead<Long>> answer) {
        attempt(key, token, context, context.now() + WAIT_BUDGET, answer);
    }

    private void attempt(String key, long token, ReadContext context, long deadline, Consumer<ReplicaRead<Long>> answer) {
        Replica<Long> fresh = null;
        for (int i = 0; i < replicas.size() && fresh == null; i++) {
            Replica<Long> r = replicas.get((next + i) % replicas.size());
            if (r.position() >= token) {
                fresh = r;
            }
        }
        if (fresh != null) {
            next = (next + 1) % replicas.size();
            fresh.read(key, answer);
        } else if (context.now() + POLL <= deadline) {
            context.after(POLL, () -> attempt(key, token, context, deadline, answer));
        } else {
            primary.read(key, answer);
        }
    }
}
