package dev.loadbearing.sim.shard;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Calibration for the sharding lesson's table and the shard-consistent-hash thresholds (not a
 * test: run it by hand, see docs/PERFORMANCE.md). For 1 to 200 points per shard, over 3 to 8
 * shards and 30 seeds each: the fullest shard ÷ mean before and after a shard joins, and the keys
 * moved × (n + 1). Then, with the hidden tests' parameters (6,000-12,000 keys, a shard joining 3-7
 * or leaving 4-8), how often a ring breaks the 1.3 bounds.
 */
final class RingCalibration {
    private RingCalibration() {
    }

    public static void main(String[] args) {
        for (int points : new int[] {1, 10, 50, 100, 160, 200}) {
            double worstMoved = 0;
            double sumMoved = 0;
            double worstRatio = 0;
            double sumRatio = 0;
            int runs = 0;
            for (int n = 3; n <= 8; n++) {
                for (long seed = 1; seed <= 30; seed++) {
                    List<Shard> names = ShardedKeyspace.randomShards(seed * 100 + n, n + 1);
                    ShardedKeyspace keyspace = new ShardedKeyspace(seed, ShardedKeyspace.randomKeys(seed * 7 + n, 20_000));
                    Placement before = keyspace.place(new ShardTest.Ring(points), names.subList(0, n));
                    Placement after = keyspace.place(new ShardTest.Ring(points), names);
                    double moved = before.to(after).movedShare() * (n + 1);
                    double ratio = Math.max(before.maxOverMean(), after.maxOverMean());
                    worstMoved = Math.max(worstMoved, moved);
                    sumMoved += moved;
                    worstRatio = Math.max(worstRatio, ratio);
                    sumRatio += ratio;
                    runs++;
                }
            }
            System.out.printf(Locale.ROOT, "%3d points: max/mean %.2f average, %.2f worst; moved x 1/(n+1) %.2f average, %.2f worst%n",
                    points, sumRatio / runs, worstRatio, sumMoved / runs, worstMoved);
        }
        for (int points : new int[] {50, 100, 160}) {
            int broken = 0;
            double worst = 0;
            int runs = 0;
            for (long seed = 1000; seed < 1200; seed++) {
                Random random = new Random(seed);
                boolean add = seed % 2 == 0;
                int n = add ? 3 + random.nextInt(5) : 4 + random.nextInt(5);
                int keys = 6_000 + random.nextInt(6_000);
                List<Shard> names = ShardedKeyspace.randomShards(seed, n + 1);
                List<Shard> start = names.subList(0, n);
                List<Shard> next = new ArrayList<>(start);
                if (add) {
                    next.add(names.get(n));
                } else {
                    next.remove(random.nextInt(n));
                }
                ShardedKeyspace keyspace = new ShardedKeyspace(seed, ShardedKeyspace.randomKeys(seed, keys));
                Placement before = keyspace.place(new ShardTest.Ring(points), start);
                Placement after = keyspace.place(new ShardTest.Ring(points), next);
                double ratio = Math.max(before.maxOverMean(), after.maxOverMean());
                double moved = before.to(after).movedShare() * Math.max(start.size(), next.size());
                worst = Math.max(worst, Math.max(ratio, moved));
                broken += ratio > 1.3 || moved > 1.3 ? 1 : 0;
                runs++;
            }
            System.out.printf(Locale.ROOT, "hidden-test parameters, %3d points: %d of %d runs over 1.3 (worst %.2f)%n",
                    points, broken, runs, worst);
        }
    }
}
