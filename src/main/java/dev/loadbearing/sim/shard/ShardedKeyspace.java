package dev.loadbearing.sim.shard;

import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.figure.BarChart;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A set of keys to be spread over shards by routers, as a sharded database's application servers
 * do. {@link #place(ShardRouter, List)} asks a router for every key's shard, handing it the shards
 * in an order shuffled by the seed (the order of a shard list means nothing), and returns the
 * {@link Placement}; two placements compare with {@link Placement#to(Placement)}.
 *
 * <pre>{@code
 * ShardedKeyspace keyspace = new ShardedKeyspace(7, ShardedKeyspace.randomKeys(7, 20_000));
 * List<Shard> four = ShardedKeyspace.randomShards(7, 4);
 * List<Shard> five = new ArrayList<>(four);
 * five.add(new Shard("newcomer"));
 * Placement before = keyspace.place(router, four);
 * Placement after = keyspace.place(router, five);
 * Movement movement = before.to(after);   // movedShare() about 0.2 for a consistent-hash router
 * }</pre>
 *
 * <p>Routing runs inside a simulation event, so an exception a router throws is reported with
 * the key it was routing, the router's file and line, and the seed.
 */
public final class ShardedKeyspace {
    private static final String[] WORDS = {"amber", "basalt", "cobalt", "delta", "ember", "fjord", "garnet",
        "heron", "iris", "jade", "kestrel", "lumen", "maple", "nimbus", "onyx", "pine", "quartz", "raven",
        "sable", "tundra", "umber", "vesper", "willow", "xenon", "yarrow", "zephyr"};

    private final Sim sim;
    private final List<String> keys;
    private final RandomStream order;

    /**
     * Creates a keyspace.
     *
     * @param seed the seed for the order in which routers see the shards
     * @param keys the keys, without duplicates
     */
    public ShardedKeyspace(long seed, List<String> keys) {
        this.sim = new Sim(seed);
        this.keys = List.copyOf(keys);
        if (new HashSet<>(this.keys).size() != this.keys.size()) {
            throw new IllegalArgumentException("a keyspace's keys must be distinct");
        }
        this.order = sim.random("shard/order");
    }

    /**
     * Returns the keys.
     *
     * @return the keys, in the order given
     */
    public List<String> keys() {
        return keys;
    }

    /**
     * Returns the seed.
     *
     * @return the seed the keyspace was made with
     */
    public long seed() {
        return sim.seed();
    }

    /**
     * Routes every key with one router over these shards. The router sees the shards in an order
     * shuffled afresh for this call.
     *
     * @param router the router (a fresh one per call models another application server)
     * @param shards the shards, at least one, with distinct names
     * @return where the router put every key
     * @throws IllegalStateException if the router returned null or a shard not in the list
     */
    public Placement place(ShardRouter router, List<Shard> shards) {
        Objects.requireNonNull(router, "router");
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("a keyspace needs at least one shard");
        }
        Set<String> names = new HashSet<>();
        for (Shard shard : shards) {
            if (!names.add(shard.name())) {
                throw new IllegalArgumentException("two shards are named " + shard.name());
            }
        }
        List<Shard> shuffled = new ArrayList<>(shards);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            int j = order.nextInt(i + 1);
            Shard swap = shuffled.get(i);
            shuffled.set(i, shuffled.get(j));
            shuffled.set(j, swap);
        }
        List<Shard> seen = List.copyOf(shuffled);
        Map<String, String> shardOf = new LinkedHashMap<>();
        String[] bad = new String[2];
        Routing call = new Routing(seen);
        sim.after(0, "route " + keys.size() + " keys over " + seen.size() + " shards", () -> {
            for (String key : keys) {
                call.key = key;
                sim.during(call, "was routed");
                Shard chosen = router.shardFor(key, seen);
                String name = chosen == null ? null : chosen.name();
                if (name == null || !names.contains(name)) {
                    bad[0] = key;
                    bad[1] = name;
                    return;
                }
                shardOf.put(key, name);
            }
        });
        sim.run();
        if (bad[0] != null) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "shardFor(\"%s\", %s) returned %s, which is not one of the shards it was given (seed %d); "
                            + "return one of the list's Shard objects: shard names differ from run to run",
                    bad[0], seen, bad[1] == null ? "null" : "a shard named \"" + bad[1] + "\"", sim.seed()));
        }
        return new Placement(shards, shardOf);
    }

    /**
     * Routes every key with a fresh router from {@code routers} and again with another fresh one,
     * each seeing the shards in its own order, and returns the first placement; fails if the two
     * disagree on any key, since application servers that share nothing must agree.
     *
     * @param routers makes a router (a constructor reference)
     * @param shards the shards
     * @return the first router's placement
     * @throws IllegalStateException naming the first key the two routers disagree on
     */
    public Placement placeTwice(Supplier<? extends ShardRouter> routers, List<Shard> shards) {
        Placement first = place(routers.get(), shards);
        Placement second = place(routers.get(), shards);
        for (Map.Entry<String, String> entry : first.assignments().entrySet()) {
            String other = second.shardOf(entry.getKey());
            if (!entry.getValue().equals(other)) {
                throw new IllegalStateException(String.format(Locale.ROOT,
                        "seed %d: two routers over the same %d shards %s put key \"%s\" on %s and on %s. Every "
                                + "application server runs its own router, sharing nothing, and sees the shards in "
                                + "any order: the shard must follow from the key and the shards' names alone, never "
                                + "from a shard's position in the list or from what the router saw before",
                        sim.seed(), shards.size(), shards, entry.getKey(), entry.getValue(), other));
            }
        }
        return first;
    }

    /**
     * Returns a bar chart of the keys per shard in each placement, one bar per (placement, shard),
     * labelled {@code "shard (n shards)"}.
     *
     * @param title the chart's title (name the seed in it)
     * @param placements the placements, in time order
     * @return the chart
     */
    public static BarChart keysPerShardFigure(String title, Placement... placements) {
        List<String> labels = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (Placement placement : placements) {
            for (Map.Entry<String, Integer> entry : placement.keysPerShard().entrySet()) {
                labels.add(entry.getKey() + " (" + placement.shards().size() + " shards)");
                values.add((double) entry.getValue());
            }
        }
        return new BarChart(title, "shard, in each configuration", "keys", labels, values);
    }

    /**
     * Makes distinct keys of a few realistic shapes ({@code user:4711}, {@code order-000123},
     * {@code sku-k3x9q}), counters starting at a random point, so that a router cannot rely on
     * the keys' exact spelling.
     *
     * @param seed the seed
     * @param count how many keys
     * @return the keys
     */
    public static List<String> randomKeys(long seed, int count) {
        RandomStream random = new RandomStream(seed, "shard/keys");
        int style = random.nextInt(3);
        int start = random.nextInt(1_000_000);
        Set<String> keys = new java.util.LinkedHashSet<>();
        while (keys.size() < count) {
            int n = start + keys.size();
            keys.add(switch (style) {
                case 0 -> "user:" + n;
                case 1 -> String.format(Locale.ROOT, "order-%07d", n);
                default -> "sku-" + Long.toString(Math.abs(random.nextLong() % 60_466_176L), 36);
            });
        }
        return List.copyOf(keys);
    }

    /**
     * Makes shards with distinct names drawn from a word list with a numeric suffix
     * ({@code "kestrel-41"}), so that a router cannot know them in advance.
     *
     * @param seed the seed
     * @param count how many shards, at most 26
     * @return the shards
     */
    public static List<Shard> randomShards(long seed, int count) {
        return randomShards(new RandomStream(seed, "shard/names"), count, List.of());
    }

    /**
     * Makes shards with distinct names, none equal to a name in {@code taken}.
     *
     * @param random where the names come from
     * @param count how many shards
     * @param taken names already used
     * @return the shards
     */
    public static List<Shard> randomShards(RandomStream random, int count, List<Shard> taken) {
        Set<String> used = new HashSet<>();
        taken.forEach(shard -> used.add(shard.name()));
        List<Shard> shards = new ArrayList<>();
        while (shards.size() < count) {
            String name = WORDS[random.nextInt(WORDS.length)] + "-" + (10 + random.nextInt(90));
            if (used.add(name)) {
                shards.add(new Shard(name));
            }
        }
        return shards;
    }

    /** What the router was asked, for failure messages; mutated per key to allocate nothing. */
    private static final class Routing {
        private final List<Shard> shards;
        private String key;

        Routing(List<Shard> shards) {
            this.shards = shards;
        }

        @Override
        public String toString() {
            return "key \"" + key + "\" (over shards " + shards + ")";
        }
    }
}
