package dev.loadbearing.sim.check;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads histories written by Jepsen, for test authors who check the checker (or a model) against
 * published histories. Two layouts are understood:
 *
 * <ul>
 *   <li>{@link #etcdLog(String)}: Jepsen's log lines,
 *       {@code INFO  jepsen.util - 3<TAB>:ok<TAB>:cas<TAB>[1 4]}, for a
 *       {@link Models#casRegister() compare-and-set register};</li>
 *   <li>{@link #keyValueMaps(String)}: one Clojure map per line,
 *       {@code {:process 0, :type :ok, :f :get, :key "5", :value "x 0 1 y"}}, for a
 *       {@link Models#keyValue() key-value map}.</li>
 * </ul>
 * Values become {@code null} ({@code nil} and keywords such as {@code :timed-out}), {@code Long},
 * {@code String} or a {@code List} of those. Lines that are not operations are skipped.
 */
public final class JepsenFormats {

    private static final Pattern LOG_LINE =
            Pattern.compile("jepsen\\.util\\s+-\\s+(\\d+)\\t:(\\w+)\\t:([\\w-]+)\\t(.*)$");

    private JepsenFormats() {
    }

    /**
     * Parses a Jepsen log of register operations ({@code read}, {@code write}, {@code cas}).
     *
     * @throws IllegalArgumentException naming the line, if an operation line is inconsistent
     */
    public static OperationHistory etcdLog(String text) {
        OperationHistory.Builder history = OperationHistory.builder();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            Matcher m = LOG_LINE.matcher(lines[i].stripTrailing());
            if (!m.find()) {
                continue;
            }
            try {
                record(history, m.group(1), m.group(2), m.group(3), parseValue(m.group(4).strip()));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return history.build();
    }

    /**
     * Parses one Clojure map per line with {@code :process}, {@code :type}, {@code :f},
     * {@code :key} and {@code :value}; each value becomes a {@link Keyed}.
     *
     * @throws IllegalArgumentException naming the line, if a line cannot be read
     */
    public static OperationHistory keyValueMaps(String text) {
        OperationHistory.Builder history = OperationHistory.builder();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.startsWith("{")) {
                continue;
            }
            try {
                Map<String, Object> map = parseMap(line);
                Object key = map.get("key");
                record(history, String.valueOf(map.get("process")), (String) map.get("type"), (String) map.get("f"),
                        Keyed.of(key == null ? null : key.toString(), map.get("value")));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return history.build();
    }

    private static void record(OperationHistory.Builder history, String process, String type, String f, Object value) {
        switch (type) {
            case "invoke" -> history.invoke(process, f, value);
            case "ok" -> history.ok(process, value);
            case "fail" -> history.fail(process);
            case "info" -> history.info(process);
            default -> throw new IllegalArgumentException("unknown type :" + type);
        }
    }

    /** Parses {@code {:a 1, :b "x", :c :kw, :d nil}} (keys as names without the colon). */
    private static Map<String, Object> parseMap(String line) {
        Reader r = new Reader(line);
        r.expect('{');
        Map<String, Object> map = new LinkedHashMap<>();
        while (true) {
            r.skipSeparators();
            if (r.peek() == '}') {
                return map;
            }
            Object key = r.value();
            if (!(key instanceof Keyword k)) {
                throw new IllegalArgumentException("expected a keyword key, found " + key);
            }
            r.skipSeparators();
            Object value = r.value();
            map.put(k.name(), value instanceof Keyword kw ? kw.name() : value);
        }
    }

    private static Object parseValue(String text) {
        Object v = new Reader(text).value();
        return v instanceof Keyword ? null : v;
    }

    private record Keyword(String name) {
    }

    /** A reader of the few EDN forms these logs use. */
    private static final class Reader {
        private final String s;
        private int i;

        Reader(String s) {
            this.s = s;
        }

        char peek() {
            if (i >= s.length()) {
                throw new IllegalArgumentException("unexpected end of " + s);
            }
            return s.charAt(i);
        }

        void expect(char c) {
            if (peek() != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + i + " in " + s);
            }
            i++;
        }

        void skipSeparators() {
            while (i < s.length() && (Character.isWhitespace(s.charAt(i)) || s.charAt(i) == ',')) {
                i++;
            }
        }

        Object value() {
            skipSeparators();
            char c = peek();
            if (c == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (peek() != '"') {
                    char ch = s.charAt(i++);
                    sb.append(ch == '\\' ? s.charAt(i++) : ch);
                }
                i++;
                return sb.toString();
            }
            if (c == '[') {
                i++;
                List<Object> list = new ArrayList<>();
                while (true) {
                    skipSeparators();
                    if (peek() == ']') {
                        i++;
                        return Collections.unmodifiableList(list);
                    }
                    list.add(value());
                }
            }
            int start = i;
            while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && ",]}".indexOf(s.charAt(i)) < 0) {
                i++;
            }
            String token = s.substring(start, i);
            if (token.isEmpty()) {
                throw new IllegalArgumentException("unexpected '" + c + "' in " + s);
            }
            if (token.equals("nil")) {
                return null;
            }
            if (token.startsWith(":")) {
                return new Keyword(token.substring(1));
            }
            try {
                return Long.parseLong(token);
            } catch (NumberFormatException e) {
                return token;
            }
        }
    }
}
