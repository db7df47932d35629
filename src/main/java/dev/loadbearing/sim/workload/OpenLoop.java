package dev.loadbearing.sim.workload;

import dev.loadbearing.sim.engine.Action;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Time;
import java.util.ArrayList;
import java.util.List;

/**
 * An open-loop workload: requests arrive as a Poisson process whose rate may vary with bursts
 * and a daily curve, independently of how fast they are answered. Created with
 * {@link Workload#openLoop(double)}.
 *
 * <pre>{@code
 * OpenLoop load = Workload.openLoop(1_000)
 *         .burst(Time.seconds(60), Time.seconds(10), 5)     // 5x traffic for 10 s
 *         .dailyCurve(0.2, 0.1, 0.1, 0.1, 0.2, 0.4, 0.7, 1, 1.2, 1.3, 1.3, 1.4,
 *                     1.5, 1.4, 1.3, 1.3, 1.2, 1.2, 1.3, 1.4, 1.2, 0.9, 0.6, 0.4);
 * }</pre>
 *
 * <p>A varying rate is sampled exactly by thinning: candidates arrive at the peak rate and each
 * is kept with probability rate(t) / peak.
 */
public final class OpenLoop extends Workload {
    private final double rate;
    private final List<long[]> burstWindows = new ArrayList<>();
    private final List<Double> burstFactors = new ArrayList<>();
    private double[] daily;
    private double[] profile;
    private long profileStep;
    private double peak;
    private RandomStream arrivals;
    private final Action<OpenLoop> arrive = OpenLoop::arrive;
    private String arrivalLabel;

    OpenLoop(double requestsPerSecond) {
        if (!(requestsPerSecond >= 0)) {
            throw new IllegalArgumentException("rate must not be negative");
        }
        this.rate = requestsPerSecond;
    }

    /**
     * Multiplies the rate during a window of time.
     *
     * @param start when the burst starts, in nanoseconds
     * @param duration how long it lasts, in nanoseconds
     * @param factor the rate multiplier, such as 5 for five times the traffic
     * @return this workload
     */
    public OpenLoop burst(long start, long duration, double factor) {
        if (!(factor >= 0)) {
            throw new IllegalArgumentException("burst factor must not be negative");
        }
        burstWindows.add(new long[] {start, start + duration});
        burstFactors.add(factor);
        return this;
    }

    /**
     * Shapes the rate over each simulated day: hour {@code h} (of virtual time modulo 24 hours)
     * runs at {@code rate x hourly[h]}.
     *
     * @param hourly 24 multipliers, one per hour starting at midnight
     * @return this workload
     */
    public OpenLoop dailyCurve(double... hourly) {
        if (hourly.length != 24) {
            throw new IllegalArgumentException("a daily curve needs 24 hourly values, got "
                    + hourly.length);
        }
        daily = hourly.clone();
        return this;
    }

    /**
     * Shapes the rate by a curve through points {@code step} apart: at time {@code k x step}
     * the rate is {@code rate x multipliers[k]}, straight lines join the points, and after the
     * last one the rate stays at its value. A day squeezed into minutes, a launch ramp or a
     * slow decline: {@code profile(Time.seconds(100), 0.3, 1, 1.8, 1.2, 0.5)}.
     *
     * @param step the time between points, more than zero
     * @param multipliers at least one multiplier, none negative
     * @return this workload
     */
    public OpenLoop profile(long step, double... multipliers) {
        if (step <= 0) {
            throw new IllegalArgumentException("a profile's step must be positive, was " + step);
        }
        if (multipliers.length == 0) {
            throw new IllegalArgumentException("a profile needs at least one multiplier");
        }
        for (double value : multipliers) {
            if (!(value >= 0)) {
                throw new IllegalArgumentException("profile multipliers must not be negative, was " + value);
            }
        }
        profile = multipliers.clone();
        profileStep = step;
        return this;
    }

    /**
     * Returns the arrival rate at a given time, bursts and daily curve included.
     *
     * @param time nanoseconds since the start of the run
     * @return requests per second
     */
    public double rateAt(long time) {
        double current = rate;
        if (daily != null) {
            current *= daily[(int) ((time / Time.HOUR) % 24)];
        }
        if (profile != null) {
            current *= profileAt(time);
        }
        for (int i = 0; i < burstWindows.size(); i++) {
            long[] window = burstWindows.get(i);
            if (time >= window[0] && time < window[1]) {
                current *= burstFactors.get(i);
            }
        }
        return current;
    }

    private double profileAt(long time) {
        long index = time / profileStep;
        if (index >= profile.length - 1) {
            return profile[profile.length - 1];
        }
        double along = (time - index * profileStep) / (double) profileStep;
        int i = (int) index;
        return profile[i] + (profile[i + 1] - profile[i]) * along;
    }

    @Override
    void begin() {
        arrivals = sim.random(name() + "/arrivals");
        arrivalLabel = name() + " arrival";
        double burstPeak = 1;
        for (double factor : burstFactors) {
            burstPeak *= Math.max(1, factor);
        }
        peak = rate * largest(daily) * burstPeak * largest(profile);
        scheduleNext();
    }

    /** The largest multiplier of a curve, or 1 when there is none. */
    private static double largest(double[] multipliers) {
        if (multipliers == null) {
            return 1;
        }
        double largest = 0;
        for (double value : multipliers) {
            largest = Math.max(largest, value);
        }
        return largest;
    }

    private void arrive() {
        if (!canSend()) {
            return;
        }
        send(randomClient());
        scheduleNext();
    }

    private void scheduleNext() {
        if (!(peak > 0) || !canSend()) {
            return;
        }
        boolean varying = daily != null || profile != null || !burstWindows.isEmpty();
        long time = sim.now();
        double meanGap = Time.SECOND / peak;
        do {
            time += Math.max(1, Math.round(-meanGap * Math.log(1.0 - arrivals.nextDouble())));
        } while (varying && arrivals.nextDouble() * peak >= rateAt(time));
        sim.schedule(time, arrivalLabel, arrive, this);
    }
}
