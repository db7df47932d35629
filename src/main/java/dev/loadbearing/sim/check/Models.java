package dev.loadbearing.sim.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The sequential specifications the course checks histories against.
 *
 * <ul>
 *   <li>{@link #register()}: {@code read} (result: the value, null when empty) and
 *       {@code write} (argument: the value).</li>
 *   <li>{@link #casRegister()}: the register plus {@code cas} with argument
 *       {@code List.of(expected, replacement)}; {@code ok} means it swapped, {@code ok} with result
 *       {@code false} means it found another value (a {@code fail} completion means the same for
 *       the checker: no effect).</li>
 *   <li>{@link #keyValue()}: a map of strings, {@code get}, {@code put} and {@code append}, each
 *       argument and result a {@link Keyed}; a missing key reads as {@code ""}. Checked key by
 *       key.</li>
 * </ul>
 * Integral numbers compare by value, so {@code 1} and {@code 1L} are the same register value.
 */
public final class Models {

    private Models() {
    }

    /** The register's content; {@code value} is null when nothing was written yet. */
    private record Cell(Object value) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Cell c && same(value, c.value);
        }

        @Override
        public int hashCode() {
            return value instanceof Number n && isIntegral(n) ? Long.hashCode(n.longValue())
                    : value == null ? 0 : value.hashCode();
        }
    }

    /** A read/write register that starts empty. */
    public static Model<?> register() {
        return new RegisterModel(false);
    }

    /** A read/write/compare-and-set register that starts empty. */
    public static Model<?> casRegister() {
        return new RegisterModel(true);
    }

    /** A map from string keys to string values with get, put and append, checked per key. */
    public static Model<?> keyValue() {
        return new KeyValueModel();
    }

    private static final class RegisterModel implements Model<Cell> {
        private final boolean cas;

        RegisterModel(boolean cas) {
            this.cas = cas;
        }

        @Override
        public Cell init() {
            return new Cell(null);
        }

        @Override
        public Optional<Cell> step(Cell state, Operation op) {
            switch (op.f()) {
                case "read":
                    return !op.completed() || same(state.value(), op.output()) ? Optional.of(state) : Optional.empty();
                case "write":
                    return Optional.of(new Cell(op.input()));
                case "cas":
                    if (cas && op.input() instanceof List<?> args && args.size() == 2) {
                        boolean holdsExpected = same(state.value(), args.get(0));
                        boolean reportedSwap = !Boolean.FALSE.equals(op.output());
                        if (op.completed() && holdsExpected != reportedSwap) {
                            return Optional.empty();
                        }
                        return Optional.of(holdsExpected ? new Cell(args.get(1)) : state);
                    }
                    throw new IllegalArgumentException("cas takes List.of(expected, replacement) on a cas register: " + op);
                default:
                    throw new IllegalArgumentException("a register has no operation " + op.f() + ": " + op);
            }
        }

        @Override
        public String describe(Cell state) {
            return state.value() == null ? "the register is empty" : "the register holds " + Operation.show(state.value());
        }
    }

    private static final class KeyValueModel implements Model<String> {
        @Override
        public String init() {
            return "";
        }

        @Override
        public Optional<String> step(String state, Operation op) {
            Object argument = valueOf(op.input());
            switch (op.f()) {
                case "get":
                    Object read = valueOf(op.output());
                    return !op.completed() || state.equals(read == null ? "" : read.toString())
                            ? Optional.of(state) : Optional.empty();
                case "put":
                    return Optional.of(String.valueOf(argument));
                case "append":
                    return Optional.of(state + argument);
                default:
                    throw new IllegalArgumentException("a key-value map has no operation " + op.f() + ": " + op);
            }
        }

        @Override
        public Map<String, List<Operation>> partition(List<Operation> ops) {
            Map<String, List<Operation>> byKey = new TreeMap<>();
            for (Operation op : ops) {
                if (!(op.input() instanceof Keyed k)) {
                    throw new IllegalArgumentException("key-value operations take a Keyed argument: " + op);
                }
                byKey.computeIfAbsent(k.key(), key -> new ArrayList<>()).add(op);
            }
            Map<String, List<Operation>> named = new LinkedHashMap<>();
            byKey.forEach((key, group) -> named.put("key " + Operation.show(key), group));
            return named;
        }

        @Override
        public String describe(String state) {
            return "the key holds " + Operation.show(state);
        }

        private static Object valueOf(Object argument) {
            return argument instanceof Keyed k ? k.value() : argument;
        }
    }

    static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y && isIntegral(x) && isIntegral(y)) {
            return x.longValue() == y.longValue();
        }
        return a == null ? b == null : a.equals(b);
    }

    private static boolean isIntegral(Number n) {
        return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte;
    }
}
