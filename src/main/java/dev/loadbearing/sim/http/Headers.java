package dev.loadbearing.sim.http;

import dev.loadbearing.sim.engine.LearnerApi;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The headers of a request or a response: names compared without regard to case, as HTTP does,
 * one value each, kept in name order. Immutable: {@link #with(String, String)} returns a copy.
 *
 * <pre>{@code
 * Headers headers = Headers.of("Authorization", "Bearer abc", "X-Api-Key", "key-7");
 * headers.get("authorization");   // "Bearer abc"
 * headers.get("Cookie");          // null
 * }</pre>
 */
@LearnerApi(allMembers = true)
public final class Headers {
    private static final Headers NONE = new Headers(new TreeMap<>(String.CASE_INSENSITIVE_ORDER));

    private final TreeMap<String, String> values;

    private Headers(TreeMap<String, String> values) {
        this.values = values;
    }

    /**
     * Returns headers without any entries.
     *
     * @return the empty headers
     */
    public static Headers none() {
        return NONE;
    }

    /**
     * Returns headers from names and values in turn.
     *
     * @param namesAndValues name, value, name, value, ...
     * @return the headers
     * @throws IllegalArgumentException if a name has no value, or a name or value is null or blank
     */
    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("headers come in pairs: name, value; the last name has no value");
        }
        Headers headers = NONE;
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers = headers.with(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }

    /**
     * Returns a copy with one header set (replacing any value it had).
     *
     * @param name the header's name, such as {@code "Retry-After"}
     * @param value its value
     * @return the new headers
     */
    public Headers with(String name, String value) {
        Objects.requireNonNull(name, "header name");
        Objects.requireNonNull(value, "header value");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a header needs a name");
        }
        TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(values);
        copy.put(name, value);
        return new Headers(copy);
    }

    /**
     * Returns a copy without one header, as a proxy drops a header it must not pass on.
     *
     * @param name the header's name, in any case
     * @return the new headers (these, if the header was absent)
     */
    public Headers without(String name) {
        if (!values.containsKey(name)) {
            return this;
        }
        TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(values);
        copy.remove(name);
        return new Headers(copy);
    }

    /**
     * Returns a header's value.
     *
     * @param name the name, in any case
     * @return the value, or {@code null} if the header is absent
     */
    public String get(String name) {
        return values.get(name);
    }

    /**
     * Returns whether a header is present.
     *
     * @param name the name, in any case
     * @return {@code true} if it has a value
     */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /**
     * Returns the header names, in order.
     *
     * @return the names as they were first set
     */
    public List<String> names() {
        return List.copyOf(values.keySet());
    }

    /**
     * Returns the headers as a read-only map ordered by name, compared without regard to case.
     *
     * @return the map
     */
    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(values);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Headers headers && values.equals(headers.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
