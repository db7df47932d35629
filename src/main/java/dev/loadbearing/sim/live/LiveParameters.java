package dev.loadbearing.sim.live;

import java.util.Map;

/**
 * The values a reader chose for a {@link LiveScenario}'s declared parameters, checked against
 * their declaration before the run. Reading a parameter the declaration lacks, or as the wrong
 * type, is an authoring mistake and throws.
 */
public final class LiveParameters {
    private final Map<String, Object> values;
    private final long seed;

    /**
     * Creates the parameters of one run.
     *
     * @param values each declared parameter's value: {@link Integer}, {@link Double},
     *     {@link String} (a choice) or {@link Boolean}
     * @param seed the run's seed
     */
    public LiveParameters(Map<String, Object> values, long seed) {
        this.values = Map.copyOf(values);
        this.seed = seed;
    }

    /**
     * Returns the seed every random stream of the run should derive from.
     *
     * @return the seed
     */
    public long seed() {
        return seed;
    }

    /**
     * Returns an {@code int} parameter.
     *
     * @param name the parameter's name in the declaration
     * @return its value
     */
    public int integer(String name) {
        return get(name, Integer.class);
    }

    /**
     * Returns a {@code double} parameter (an {@code int} one is widened).
     *
     * @param name the parameter's name in the declaration
     * @return its value
     */
    public double number(String name) {
        Object value = values.get(name);
        return value instanceof Integer i ? i : get(name, Double.class);
    }

    /**
     * Returns a {@code choice} parameter.
     *
     * @param name the parameter's name in the declaration
     * @return the chosen option's value
     */
    public String choice(String name) {
        return get(name, String.class);
    }

    /**
     * Returns a {@code boolean} parameter.
     *
     * @param name the parameter's name in the declaration
     * @return its value
     */
    public boolean flag(String name) {
        return get(name, Boolean.class);
    }

    private <T> T get(String name, Class<T> type) {
        Object value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("the scenario reads parameter '" + name
                    + "' but simulation.yaml does not declare it; declared: " + values.keySet());
        }
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("parameter '" + name + "' is a "
                    + value.getClass().getSimpleName() + ", not a " + type.getSimpleName());
        }
        return type.cast(value);
    }

    @Override
    public String toString() {
        return values + " seed " + seed;
    }
}
