package dev.loadbearing.sim.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The crash and restart bookkeeping every model shares: whether it is up, an epoch that a crash
 * bumps (so work in flight can tell it was lost: compare the epoch it started in), and the
 * {@link Fault}s for bands. A model calls {@link #crash()} and {@link #restart()} and does its
 * own clean-up when they return {@code true}.
 *
 * <pre>{@code
 * public void crash() {
 *     if (outages.crash()) {
 *         entries.clear();          // what this model loses
 *     }
 * }
 * }</pre>
 */
public final class Outages {
    private final Sim sim;
    private final String label;
    private final List<Fault> faults = new ArrayList<>();
    private boolean up = true;
    private int epoch;

    /**
     * Creates the bookkeeping of one model, up.
     *
     * @param sim the simulation, for the time of each fault
     * @param label what a fault is called in bands, such as {@code "cache down"}
     */
    public Outages(Sim sim, String label) {
        this.sim = Objects.requireNonNull(sim, "sim");
        this.label = Objects.requireNonNull(label, "label");
    }

    /**
     * Goes down now, bumping the epoch and opening a fault.
     *
     * @return {@code false} when it was already down (nothing changed)
     */
    public boolean crash() {
        if (!up) {
            return false;
        }
        up = false;
        epoch++;
        faults.add(new Fault(label, sim.now(), -1));
        return true;
    }

    /**
     * Comes back up now, closing the open fault.
     *
     * @return {@code false} when it was already up (nothing changed)
     */
    public boolean restart() {
        if (up) {
            return false;
        }
        up = true;
        int last = faults.size() - 1;
        faults.set(last, faults.get(last).endedAt(sim.now()));
        return true;
    }

    /**
     * Returns whether the model is up.
     *
     * @return {@code true} unless crashed
     */
    public boolean isUp() {
        return up;
    }

    /**
     * Returns the number of crashes so far: work that started in an older epoch was lost.
     *
     * @return the epoch, 0 before the first crash
     */
    public int epoch() {
        return epoch;
    }

    /**
     * Returns every crash with its restart (end -1 while still down), oldest first.
     *
     * @return the faults
     */
    public List<Fault> faults() {
        return List.copyOf(faults);
    }
}
