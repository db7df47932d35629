package dev.loadbearing.sim.engine;

import java.time.Duration;
import java.util.Locale;

/**
 * Virtual time helpers. The simulation counts time as a {@code long} number of nanoseconds since
 * the start of the run; these helpers turn readable amounts into that unit and back.
 *
 * <pre>{@code
 * sim.after(Time.ms(5), "retry", this::retry);
 * Time.format(sim.now());   // "1.250 s"
 * }</pre>
 */
@LearnerApi(allMembers = true)
public final class Time {
    /** One microsecond in nanoseconds. */
    public static final long MICROSECOND = 1_000L;
    /** One millisecond in nanoseconds. */
    public static final long MILLISECOND = 1_000_000L;
    /** One second in nanoseconds. */
    public static final long SECOND = 1_000_000_000L;
    /** One minute in nanoseconds. */
    public static final long MINUTE = 60 * SECOND;
    /** One hour in nanoseconds. */
    public static final long HOUR = 60 * MINUTE;

    private Time() {
    }

    /**
     * Returns the given number of microseconds in nanoseconds.
     *
     * @param micros an amount of microseconds, fractions allowed
     * @return nanoseconds, rounded to the nearest one
     */
    public static long micros(double micros) {
        return Math.round(micros * MICROSECOND);
    }

    /**
     * Returns the given number of milliseconds in nanoseconds.
     *
     * @param millis an amount of milliseconds, fractions allowed
     * @return nanoseconds, rounded to the nearest one
     */
    public static long ms(double millis) {
        return Math.round(millis * MILLISECOND);
    }

    /**
     * Returns the given number of seconds in nanoseconds.
     *
     * @param seconds an amount of seconds, fractions allowed
     * @return nanoseconds, rounded to the nearest one
     */
    public static long seconds(double seconds) {
        return Math.round(seconds * SECOND);
    }

    /**
     * Returns the given number of minutes in nanoseconds.
     *
     * @param minutes an amount of minutes, fractions allowed
     * @return nanoseconds, rounded to the nearest one
     */
    public static long minutes(double minutes) {
        return Math.round(minutes * MINUTE);
    }

    /**
     * Returns the given number of hours in nanoseconds.
     *
     * @param hours an amount of hours, fractions allowed
     * @return nanoseconds, rounded to the nearest one
     */
    public static long hours(double hours) {
        return Math.round(hours * HOUR);
    }

    /**
     * Converts a {@link Duration} to nanoseconds.
     *
     * @param duration a duration
     * @return the same amount in nanoseconds
     */
    public static long of(Duration duration) {
        return duration.toNanos();
    }

    /**
     * Converts nanoseconds to (fractional) milliseconds.
     *
     * @param nanos an amount of virtual time
     * @return the same amount in milliseconds
     */
    public static double toMillis(long nanos) {
        return nanos / (double) MILLISECOND;
    }

    /**
     * Converts nanoseconds to (fractional) seconds.
     *
     * @param nanos an amount of virtual time
     * @return the same amount in seconds
     */
    public static double toSeconds(long nanos) {
        return nanos / (double) SECOND;
    }

    /**
     * Formats an amount of virtual time for people, in the largest unit that keeps it readable:
     * {@code "750 ns"}, {@code "12.500 µs"}, {@code "3.250 ms"}, {@code "1.250 s"}.
     *
     * @param nanos an amount of virtual time
     * @return the amount with its unit
     */
    public static String format(long nanos) {
        long magnitude = Math.abs(nanos);
        if (magnitude < MICROSECOND) {
            return nanos + " ns";
        }
        if (magnitude < MILLISECOND) {
            return String.format(Locale.ROOT, "%.3f µs", nanos / (double) MICROSECOND);
        }
        if (magnitude < SECOND) {
            return String.format(Locale.ROOT, "%.3f ms", nanos / (double) MILLISECOND);
        }
        return String.format(Locale.ROOT, "%.3f s", nanos / (double) SECOND);
    }
}
