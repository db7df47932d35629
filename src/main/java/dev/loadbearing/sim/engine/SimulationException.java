package dev.loadbearing.sim.engine;

import java.util.List;

/**
 * A simulation run stopped because something went wrong. The message says what, when (virtual
 * time), under which seed, and lists the last events so the run can be understood and replayed.
 */
public class SimulationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** When the problem happened, in nanoseconds of virtual time. */
    private final long time;
    /** The seed of the failed run. */
    private final long seed;
    /** The last events before the problem, oldest first. */
    private final List<String> recentEvents;

    /**
     * Creates the exception.
     *
     * @param problem what went wrong, in words
     * @param time the virtual time it happened, in nanoseconds
     * @param seed the seed of the run
     * @param recentEvents the last events before the problem, oldest first
     * @param cause the underlying exception, or {@code null}
     */
    public SimulationException(String problem, long time, long seed, List<String> recentEvents,
            Throwable cause) {
        super(message(problem, time, seed, recentEvents), cause);
        this.time = time;
        this.seed = seed;
        this.recentEvents = List.copyOf(recentEvents);
    }

    /**
     * Returns the virtual time the problem happened.
     *
     * @return nanoseconds since the start of the run
     */
    public long time() {
        return time;
    }

    /**
     * Returns the seed of the failed run; running the same model with it reproduces the failure.
     *
     * @return the seed
     */
    public long seed() {
        return seed;
    }

    /**
     * Returns the last events before the problem, oldest first.
     *
     * @return lines such as {@code "1.250 ms #12 deliver ping a->b"}
     */
    public List<String> recentEvents() {
        return recentEvents;
    }

    private static String message(String problem, long time, long seed, List<String> events) {
        StringBuilder text = new StringBuilder()
                .append(problem)
                .append(" at t=").append(Time.format(time))
                .append(" (seed ").append(seed).append(')');
        if (!events.isEmpty()) {
            text.append("\nlast ").append(events.size()).append(" events:");
            for (String event : events) {
                text.append("\n  ").append(event);
            }
        }
        return text.toString();
    }
}
