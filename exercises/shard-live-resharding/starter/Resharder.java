import dev.loadbearing.sim.shard.HashRing;
import dev.loadbearing.sim.shard.Shard;
import dev.loadbearing.sim.shard.ShardCluster;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The application's data layer over a sharded store: it routes every read and write to a key's
 * shard (a HashRing with 160 points per shard), and moves the keys to more shards, live, when
 * reshard() is called.
 */
public final class Resharder {
    private final ShardCluster cluster;
    private List<Shard> shards;
    private HashRing ring = new HashRing(160);
    private boolean done;

    public Resharder(ShardCluster cluster, List<Shard> shards) {
        this.cluster = cluster;
        this.shards = List.copyOf(shards);
    }

    /** Reads a key; reply gets its value. */
    public void read(String key, Consumer<Long> reply) {
        cluster.read(ring.shardFor(key, shards), key, reply);
    }

    /** Writes a key; ack runs once the write will never be lost. */
    public void write(String key, long value, int bytes, Runnable ack) {
        cluster.write(ring.shardFor(key, shards), key, value, bytes, ack);
    }

    /** Starts moving the keys onto the target shards (the old ones and the new ones). */
    public void reshard(List<Shard> target) {
        // Copy every key that moves in one go, one big batch per (old shard, new shard), then
        // switch the whole placement when the last copy lands.
        HashRing next = new HashRing(160);
        Map<String, List<String>> batches = new LinkedHashMap<>();
        Map<String, Shard[]> pairs = new LinkedHashMap<>();
        for (Shard from : shards) {
            for (String key : cluster.keysOn(from)) {
                Shard to = next.shardFor(key, target);
                if (!to.equals(from)) {
                    String pair = from.name() + ">" + to.name();
                    batches.computeIfAbsent(pair, p -> new ArrayList<>()).add(key);
                    pairs.put(pair, new Shard[] {from, to});
                }
            }
        }
        int[] left = {batches.size()};
        List<Shard> targetShards = List.copyOf(target);
        for (Map.Entry<String, List<String>> batch : batches.entrySet()) {
            Shard[] pair = pairs.get(batch.getKey());
            cluster.copy(pair[0], pair[1], batch.getValue(), () -> {
                if (--left[0] == 0) {
                    shards = targetShards;
                    ring = next;
                    done = true;
                }
            });
        }
    }

    /** True once every key is read and written on its shard in the new placement. */
    public boolean done() {
        return done;
    }
}
