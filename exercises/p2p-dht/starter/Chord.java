/**
 * The lookup protocol and the ring (read-only). The client sends {@link Lookup} to one node;
 * nodes forward that same record from node to node (each forward is one hop); the node that
 * knows the owner answers the client with {@link Found}.
 */
public final class Chord {
    /** Identifiers are 32-bit: 0 to 2^32 - 1, clockwise. */
    public static final long RING = 1L << 32;

    private Chord() {
    }

    /** Find the node that owns {@code key}: forward this record unchanged to the next hop. */
    public record Lookup(long id, long key) {
    }

    /** The answer for lookup {@code id}, sent to "client": {@code owner} is the key's successor. */
    public record Found(long id, String owner) {
    }

    /**
     * A node's id on the ring.
     *
     * @param node the node's name
     * @return its 32-bit identifier
     */
    public static long id(String node) {
        long h = 1469598103934665603L;
        for (int i = 0; i < node.length(); i++) {
            h = (h ^ node.charAt(i)) * 1099511628211L;
        }
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 32;
        return h & (RING - 1);
    }

    /**
     * Says whether x lies in (from, to] going clockwise (the whole ring when from == to).
     *
     * @param x an identifier
     * @param from the start, excluded
     * @param to the end, included
     * @return true if x is in the interval
     */
    public static boolean between(long x, long from, long to) {
        if (from == to) {
            return true;
        }
        return from < to ? x > from && x <= to : x > from || x <= to;
    }

    /**
     * The identifier {@code distance} steps clockwise from {@code id}.
     *
     * @param id an identifier
     * @param distance how far, may be negative
     * @return the identifier, wrapped around the ring
     */
    public static long plus(long id, long distance) {
        return Math.floorMod(id + distance, RING);
    }
}
