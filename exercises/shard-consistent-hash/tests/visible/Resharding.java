import dev.loadbearing.sim.figure.Figures;
import dev.loadbearing.sim.shard.Movement;
import dev.loadbearing.sim.shard.Placement;
import dev.loadbearing.sim.shard.Shard;
import dev.loadbearing.sim.shard.ShardRouter;
import dev.loadbearing.sim.shard.ShardedKeyspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A keyspace routed over some shards, then over the same shards with one added or one removed.
 * Every placement is made by two fresh routers that must agree (two application servers), and
 * each sees the shards in its own shuffled order. Attaches two figures: keys per shard before and
 * after, and the keys that moved from which shard to which.
 */
final class Resharding {
    final long seed;
    final List<Shard> before;
    final List<Shard> after;
    final Shard changed;
    final boolean added;
    final Placement placedBefore;
    final Placement placedAfter;
    final Movement movement;
    private final ShardedKeyspace keyspace;
    private final Supplier<? extends ShardRouter> routers;
    private boolean figuresAttached;

    /** The given shards, then the same plus {@code extra} (added) or minus {@code extra} (removed). */
    Resharding(Supplier<? extends ShardRouter> routers, long seed, int keys, List<Shard> before, Shard extra, boolean add) {
        this.seed = seed;
        this.routers = routers;
        this.before = List.copyOf(before);
        List<Shard> next = new ArrayList<>(before);
        if (add) {
            next.add(extra);
        } else {
            next.remove(extra);
        }
        this.after = List.copyOf(next);
        this.changed = extra;
        this.added = add;
        this.keyspace = new ShardedKeyspace(seed, ShardedKeyspace.randomKeys(seed, keys));
        this.placedBefore = place(this.before);
        this.placedAfter = place(this.after);
        this.movement = placedBefore.to(placedAfter);
    }

    /** Attaches the two figures (once): keys per shard before and after, and the keys that moved. */
    Resharding withFigures() {
        if (figuresAttached) {
            return this;
        }
        figuresAttached = true;
        Figures.attach(
                ShardedKeyspace.keysPerShardFigure(String.format(Locale.ROOT,
                        "Keys per shard, %d shards then %d (seed %d)", before.size(), after.size(), seed),
                        placedBefore, placedAfter),
                movement.figure(String.format(Locale.ROOT, "Keys moved when %s %s (seed %d): %.1f%% of %,d",
                        changed.name(), added ? "joined" : "left", seed, 100 * movement.movedShare(), movement.keys())));
        return this;
    }

    private AssertionError failure(String message) {
        withFigures();
        return new AssertionError(message);
    }

    /** Random shard names; adds one shard or removes a random one. */
    static Resharding random(Supplier<? extends ShardRouter> routers, long seed, int keys, int shards, boolean add) {
        List<Shard> names = ShardedKeyspace.randomShards(seed, shards + 1);
        List<Shard> start = names.subList(0, shards);
        Shard extra = add ? names.get(shards) : start.get(new java.util.Random(seed).nextInt(shards));
        return new Resharding(routers, seed, keys, start, extra, add);
    }

    private Placement place(List<Shard> shards) {
        try {
            return keyspace.placeTwice(routers, shards);
        } catch (IllegalStateException e) {
            throw new AssertionError(e.getMessage());
        }
    }

    /** Adding: no key moves between old shards, and at most {@code factor}/n of the keys move. Removing: only the leaving shard's keys move. */
    void assertOnlyNecessaryKeysMoved(double factor) {
        if (added && movement.movedToExistingShards() > 0) {
            throw failure(String.format(Locale.ROOT,
                    "seed %d: %s joined %d shards and %,d keys moved between shards that were already there (%s). "
                            + "Only keys that the new shard takes need to move; a key moved from one old shard to "
                            + "another is a copy for nothing. That is what hash mod n does: the remainder of dividing "
                            + "by %d has little to do with the remainder of dividing by %d. Put the shards on a hash "
                            + "ring: a key belongs to the first shard point after the key's hash, and a new shard's "
                            + "points only take over the keys just before them",
                    seed, changed.name(), before.size(), movement.movedToExistingShards(), topFlows(3),
                    before.size(), after.size()));
        }
        if (!added && movement.movedFromSurvivingShards() > 0) {
            throw failure(String.format(Locale.ROOT,
                    "seed %d: %s left and %,d keys of shards that stayed moved too (%s). Only the leaving shard's "
                            + "%,d keys have to move; with a hash ring, each of them goes to the next point clockwise "
                            + "and every other key keeps its shard",
                    seed, changed.name(), movement.movedFromSurvivingShards(), topFlows(3),
                    placedBefore.keysPerShard().get(changed.name())));
        }
        int n = added ? after.size() : before.size();
        double limit = factor / n;
        if (movement.movedShare() > limit) {
            throw failure(String.format(Locale.ROOT,
                    "seed %d: going from %d shards to %d moved %.1f%% of the keys (at most %.1f%%, about 1/%d, "
                            + "allowed): %s. The keys that moved were the right kind, but too many: %s. Give every "
                            + "shard many points on the ring (virtual nodes, 100 or more), so each shard's share, "
                            + "and a new shard's take, is the sum of many small arcs and close to 1/%d",
                    seed, before.size(), after.size(), 100 * movement.movedShare(), 100 * limit, n, topFlows(3),
                    added ? "the new shard's points cover too long a stretch of the ring"
                            : "the shard that left held far more than its share", n));
        }
    }

    /** Both placements: the fullest shard holds at most {@code bound} × the mean, the emptiest at least half of it. */
    void assertBalanced(double bound) {
        for (Placement placement : List.of(placedBefore, placedAfter)) {
            double ratio = placement.maxOverMean();
            if (ratio > bound) {
                throw failure(String.format(Locale.ROOT,
                        "seed %d: over %d shards the fullest, %s, holds %,d keys, %.2fx the mean of %,.0f (at most "
                                + "%.2fx allowed): %s. The fullest shard runs out of disk and CPU first. With one point "
                                + "per shard on a ring the arcs between points differ a lot in length; give each shard "
                                + "many points (virtual nodes, 100 or more) so each shard's share is the sum of many "
                                + "small arcs. Hash keys and points with ShardHash.of: String.hashCode of similar "
                                + "strings is similar and bunches them on the ring",
                        seed, placement.shards().size(), placement.fullestShard(),
                        placement.keysPerShard().get(placement.fullestShard()), ratio, placement.meanKeysPerShard(),
                        bound, placement.keysPerShard()));
            }
            for (Map.Entry<String, Integer> entry : placement.keysPerShard().entrySet()) {
                if (entry.getValue() < 0.5 * placement.meanKeysPerShard()) {
                    throw failure(String.format(Locale.ROOT,
                            "seed %d: over %d shards %s holds only %,d keys, less than half the mean of %,.0f: %s. "
                                    + "A shard you pay for should take its share: a new shard that takes nothing "
                                    + "relieves nobody",
                            seed, placement.shards().size(), entry.getKey(), entry.getValue(),
                            placement.meanKeysPerShard(), placement.keysPerShard()));
                }
            }
        }
    }

    /** Going back to the original shards with fresh routers puts every key where it first was. */
    void assertReturns() {
        Placement back;
        try {
            back = keyspace.placeTwice(routers, before);
        } catch (IllegalStateException e) {
            throw new AssertionError(e.getMessage());
        }
        Movement undo = placedBefore.to(back);
        if (undo.moved() > 0) {
            throw failure(String.format(Locale.ROOT,
                    "seed %d: after %s %s and the shards went back to the first %d, %,d keys were on another "
                            + "shard than at first (%s): the shard of a key must depend only on the key and the "
                            + "shards, not on what the router saw before",
                    seed, changed.name(), added ? "joined" : "left", before.size(), undo.moved(),
                    undo.flows().keySet().stream().limit(3).toList()));
        }
    }

    private String topFlows(int count) {
        return movement.flows().entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(count)
                .map(e -> String.format(Locale.ROOT, "%s: %,d", e.getKey(), e.getValue()))
                .toList().toString();
    }
}
