package dev.loadbearing.sim.node;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders an object graph (a node's fields, a message) as canonical text, so that two states
 * reached by different delivery orders are recognised as the same state: records by their
 * components, collections and maps by their elements (hash-ordered ones sorted, so that
 * insertion history does not matter), other classes by their fields, reflectively. Lambdas are
 * named by their defining class only, and library classes outside collections by their class
 * name (their inner state is not read); a cycle is cut where it closes.
 */
final class StateFingerprint {
    private static final int MAX_DEPTH = 16;
    private static final ClassValue<Field[]> FIELDS = new ClassValue<>() {
        @Override
        protected Field[] computeValue(Class<?> type) {
            List<Field> fields = new ArrayList<>();
            for (Class<?> c = type; c != null && c != Object.class && c != Node.class; c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(field.getModifiers()) && !field.isSynthetic()) {
                        try {
                            field.setAccessible(true);
                            fields.add(field);
                        } catch (RuntimeException e) {
                            // not readable: left out
                        }
                    }
                }
            }
            return fields.toArray(new Field[0]);
        }
    };

    private static final ClassValue<java.lang.reflect.Method[]> ACCESSORS = new ClassValue<>() {
        @Override
        protected java.lang.reflect.Method[] computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            java.lang.reflect.Method[] accessors = new java.lang.reflect.Method[components.length];
            for (int i = 0; i < components.length; i++) {
                accessors[i] = components[i].getAccessor();
                try {
                    accessors[i].setAccessible(true);
                } catch (RuntimeException e) {
                    accessors[i] = null;
                }
            }
            return accessors;
        }
    };

    private final StringBuilder out = new StringBuilder(256);
    private final IdentityHashMap<Object, Boolean> onPath = new IdentityHashMap<>();

    static String of(Object value) {
        StateFingerprint f = new StateFingerprint();
        f.render(value, 0);
        return f.out.toString();
    }

    private void render(Object o, int depth) {
        if (o == null) {
            out.append("null");
            return;
        }
        Class<?> c = o.getClass();
        if (o instanceof String s) {
            out.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            return;
        }
        if (o instanceof Number || o instanceof Boolean || o instanceof Character) {
            out.append(c.getSimpleName().charAt(0)).append(o);
            return;
        }
        if (o instanceof Enum<?> e) {
            out.append(e.getDeclaringClass().getSimpleName()).append('.').append(e.name());
            return;
        }
        if (c.isSynthetic() || c.isHidden()) {
            String name = c.getName();
            int cut = name.indexOf("$$");
            out.append("λ").append(cut < 0 ? name : name.substring(0, cut));
            return;
        }
        if (depth > MAX_DEPTH) {
            out.append('…');
            return;
        }
        if (onPath.put(o, Boolean.TRUE) != null) {
            out.append("^cycle");
            return;
        }
        try {
            if (c.isArray()) {
                out.append('[');
                int n = Array.getLength(o);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    render(Array.get(o, i), depth + 1);
                }
                out.append(']');
            } else if (o instanceof Map<?, ?> map) {
                List<String> entries = new ArrayList<>(map.size());
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    entries.add(of(entry.getKey(), depth) + "=" + of(entry.getValue(), depth));
                }
                if (hashOrdered(c)) {
                    entries.sort(null);
                }
                out.append(c.getSimpleName()).append('{').append(String.join(",", entries)).append('}');
            } else if (o instanceof Collection<?> collection) {
                List<String> elements = new ArrayList<>(collection.size());
                for (Object element : collection) {
                    elements.add(of(element, depth));
                }
                if (hashOrdered(c)) {
                    elements.sort(null);
                }
                out.append(c.getSimpleName()).append('[').append(String.join(",", elements)).append(']');
            } else if (o instanceof Optional<?> optional) {
                out.append("Optional(");
                render(optional.orElse(null), depth + 1);
                out.append(')');
            } else if (c.isRecord()) {
                out.append(c.getSimpleName()).append('(');
                java.lang.reflect.Method[] accessors = ACCESSORS.get(c);
                for (int i = 0; i < accessors.length; i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    render(component(accessors[i], o), depth + 1);
                }
                out.append(')');
            } else if (isLibrary(c)) {
                out.append(c.getName());
            } else {
                out.append(c.getName()).append('{');
                Field[] fields = FIELDS.get(c);
                for (int i = 0; i < fields.length; i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    out.append(fields[i].getName()).append('=');
                    render(fields[i].get(o), depth + 1);
                }
                out.append('}');
            }
        } catch (IllegalAccessException e) {
            out.append("?");
        } finally {
            onPath.remove(o);
        }
    }

    private String of(Object value, int depth) {
        int start = out.length();
        render(value, depth + 1);
        String text = out.substring(start);
        out.setLength(start);
        return text;
    }

    private static Object component(java.lang.reflect.Method accessor, Object record) {
        if (accessor == null) {
            return "?";
        }
        try {
            return accessor.invoke(record);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "?";
        }
    }

    private static boolean hashOrdered(Class<?> c) {
        String name = c.getName();
        return name.equals("java.util.HashMap") || name.equals("java.util.HashSet")
                || name.equals("java.util.Hashtable") || name.startsWith("java.util.concurrent.Concurrent")
                || name.startsWith("java.util.ImmutableCollections$Set") || name.startsWith("java.util.ImmutableCollections$Map");
    }

    private static boolean isLibrary(Class<?> c) {
        String name = c.getName();
        return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.") || name.startsWith("sun.");
    }
}
