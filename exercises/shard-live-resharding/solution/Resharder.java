import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.shard.HashRing;
import dev.loadbearing.sim.shard.Shard;
import dev.loadbearing.sim.shard.ShardCluster;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The application's data layer over a sharded store: it routes every read and write to a key's
 * shard (a HashRing with 160 points per shard), and moves the keys to more shards, live, when
 * reshard() is called.
 *
 * <p>Copy, catch up, cut over, one key at a time. During the migration a key that moves is read
 * and written on its old shard until it is cut over, and on its new shard after. Keys are copied
 * in small batches on a timer. A shard serves operations in the order they arrive, so a copy
 * issued after a write contains it; a write to a moving key that is issued after its copy marks
 * the key dirty, and a dirty key is copied again. A key is cut over when a copy lands and no write
 * was issued since that copy was: the new shard then holds its latest value, and from that moment
 * every read and write of it goes there. No copy is ever issued for a key already cut over, so
 * no copy can overwrite a newer write.
 */
public final class Resharder {
    static final int BATCH = 6;
    static final long GAP = Time.ms(8);

    private final ShardCluster cluster;
    private final List<Shard> shards;
    private final HashRing oldRing = new HashRing(160);
    private final HashRing newRing = new HashRing(160);
    private List<Shard> target;
    private final Set<String> cutOver = new HashSet<>();
    private final Set<String> dirty = new HashSet<>();
    private final Set<String> queued = new HashSet<>();
    private final Set<String> copying = new HashSet<>();
    private final ArrayDeque<String> todo = new ArrayDeque<>();
    private boolean migrating;
    private boolean done;

    public Resharder(ShardCluster cluster, List<Shard> shards) {
        this.cluster = cluster;
        this.shards = List.copyOf(shards);
    }

    private Shard route(String key) {
        Shard old = oldRing.shardFor(key, shards);
        if (!migrating) {
            return old;
        }
        Shard next = newRing.shardFor(key, target);
        return done || cutOver.contains(key) ? next : old;
    }

    private boolean moving(String key) {
        return migrating && !done && !cutOver.contains(key)
                && !oldRing.shardFor(key, shards).equals(newRing.shardFor(key, target));
    }

    /** Reads a key; reply gets its value. */
    public void read(String key, Consumer<Long> reply) {
        cluster.read(route(key), key, reply);
    }

    /** Writes a key; ack runs once the write will never be lost. */
    public void write(String key, long value, int bytes, Runnable ack) {
        if (moving(key)) {
            dirty.add(key);
            if (!copying.contains(key) && queued.add(key)) {
                todo.add(key);
            }
        }
        cluster.write(route(key), key, value, bytes, ack);
    }

    /** Starts moving the keys onto the target shards (the old ones and the new ones). */
    public void reshard(List<Shard> target) {
        this.target = List.copyOf(target);
        migrating = true;
        for (Shard from : shards) {
            for (String key : cluster.keysOn(from)) {
                if (moving(key) && queued.add(key)) {
                    todo.add(key);
                }
            }
        }
        step();
    }

    private void step() {
        if (todo.isEmpty() && copying.isEmpty()) {
            done = true;
            return;
        }
        Map<String, List<String>> batches = new LinkedHashMap<>();
        for (int i = 0; i < BATCH && !todo.isEmpty(); i++) {
            String key = todo.poll();
            queued.remove(key);
            dirty.remove(key);
            copying.add(key);
            Shard from = oldRing.shardFor(key, shards);
            Shard to = newRing.shardFor(key, target);
            batches.computeIfAbsent(from.name() + ">" + to.name(), p -> new ArrayList<>()).add(key);
        }
        for (List<String> batch : batches.values()) {
            Shard from = oldRing.shardFor(batch.get(0), shards);
            Shard to = newRing.shardFor(batch.get(0), target);
            cluster.copy(from, to, batch, () -> landed(batch));
        }
        cluster.after(GAP, this::step);
    }

    private void landed(List<String> batch) {
        for (String key : batch) {
            copying.remove(key);
            if (dirty.contains(key)) {
                if (queued.add(key)) {
                    todo.add(key);
                }
            } else {
                cutOver.add(key);
            }
        }
    }

    /** True once every key is read and written on its shard in the new placement. */
    public boolean done() {
        return done;
    }
}
