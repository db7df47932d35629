package dev.loadbearing.sim.check;

/**
 * A value addressed to one key: the argument and result of every operation in a key-value history
 * (see {@link Models#keyValue()}).
 *
 * @param key   the key the operation reads or writes
 * @param value the value written, appended or read (null on a get's invocation)
 */
public record Keyed(String key, Object value) {

    /** Shorthand for {@code new Keyed(key, value)}. */
    public static Keyed of(String key, Object value) {
        return new Keyed(key, value);
    }

    @Override
    public String toString() {
        return value == null ? key : key + "=" + Operation.show(value);
    }
}
