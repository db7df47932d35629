package dev.loadbearing.sim.shard;

import dev.loadbearing.sim.engine.LearnerApi;
import java.nio.charset.StandardCharsets;

/**
 * A well-mixed 64-bit hash of a string, the same on every machine and JVM: FNV-1a over the UTF-8
 * bytes, then SplitMix64's finaliser so that similar strings ({@code "user:1"}, {@code "user:2"})
 * land far apart. {@link String#hashCode()} is not good enough for placing keys: the hash codes of
 * {@code "user:0"} to {@code "user:99999"} fill a narrow band, and on a hash ring they would all
 * fall between the same two points.
 */
@LearnerApi(allMembers = true)
public final class ShardHash {
    private ShardHash() {
    }

    /**
     * Hashes a string.
     *
     * @param text any string
     * @return a 64-bit hash; any bit is as likely 0 as 1
     */
    public static long of(String text) {
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return mix(h);
    }

    /**
     * SplitMix64's finaliser: spreads the bits of a number that is not random (a counter, a
     * {@code hashCode}) over all 64 bits.
     *
     * @param z any number
     * @return its mixed value
     */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
