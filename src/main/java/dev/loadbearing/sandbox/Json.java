package dev.loadbearing.sandbox;

import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;

/**
 * The little JSON the worker writes: maps, lists, strings, numbers, booleans, null, and records
 * (the simulation's figures) by their components. The worker's class path holds no JSON library.
 */
final class Json {
    private Json() {
    }

    static String write(Object value) {
        var out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            quote(out, s);
        } else if (value instanceof Double d) {
            out.append(d.isNaN() || d.isInfinite() ? "null" : number(d));
        } else if (value instanceof Float f) {
            write(out, f.doubleValue());
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (var e : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                quote(out, String.valueOf(e.getKey()));
                out.append(':');
                write(out, e.getValue());
            }
            out.append('}');
        } else if (value instanceof Collection<?> list) {
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(out, item);
            }
            out.append(']');
        } else if (value instanceof Enum<?> e) {
            quote(out, e.name());
        } else if (value.getClass().isRecord()) {
            out.append('{');
            boolean first = true;
            for (RecordComponent component : value.getClass().getRecordComponents()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                quote(out, component.getName());
                out.append(':');
                try {
                    write(out, component.getAccessor().invoke(value));
                } catch (ReflectiveOperationException e) {
                    out.append("null");
                }
            }
            out.append('}');
        } else {
            quote(out, value.toString());
        }
    }

    /** The most elements any one list in the value has (records, maps and lists looked into): a figure's points. */
    static int longestList(Object value) {
        if (value instanceof Map<?, ?> map) {
            int most = 0;
            for (Object v : map.values()) {
                most = Math.max(most, longestList(v));
            }
            return most;
        }
        if (value instanceof Collection<?> list) {
            int most = list.size();
            for (Object item : list) {
                most = Math.max(most, longestList(item));
            }
            return most;
        }
        if (value != null && value.getClass().isRecord()) {
            int most = 0;
            for (RecordComponent component : value.getClass().getRecordComponents()) {
                try {
                    most = Math.max(most, longestList(component.getAccessor().invoke(value)));
                } catch (ReflectiveOperationException e) {
                    // not readable: counts as nothing
                }
            }
            return most;
        }
        return 0;
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
