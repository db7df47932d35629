import dev.loadbearing.sim.eventlog.PageReader;
import dev.loadbearing.sim.eventlog.Primary;
import dev.loadbearing.sim.eventlog.ReadContext;
import dev.loadbearing.sim.eventlog.ReplicaRead;
import dev.loadbearing.sim.eventlog.Replica;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads a user's profile row (how many edits they made) for the profile page.
 *
 * The replicas are read models, each behind the log by its own lag; the primary is always fresh
 * but has few workers for reads. A read with a token comes from a user who just wrote: the answer
 * must include log position {@code token}. This first version ignores the token.
 */
public final class ProfileReader implements PageReader<Long> {
    private final List<Replica<Long>> replicas;
    private final Primary<Long> primary;

    public ProfileReader(List<Replica<Long>> replicas, Primary<Long> primary) {
        this.replicas = replicas;
        this.primary = primary;
    }

    @Override
    public void read(String key, long token, ReadContext context, Consumer<ReplicaRead<Long>> answer) {
        replicas.get(0).read(key, answer);
    }
}
