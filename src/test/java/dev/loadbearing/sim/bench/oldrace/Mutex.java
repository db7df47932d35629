package dev.loadbearing.sim.bench.oldrace;

/**
 * A lock for the processes of a {@link Race}. {@link #lock} is a step that can only happen while
 * the lock is free: a process waiting for it simply is not scheduled. If every unfinished process
 * waits, the run fails as a deadlock. Make one with {@link Shared#mutex}.
 *
 * <pre>{@code
 * bank.lock().lock();
 * try {
 *     int seen = bank.balance().read();
 *     if (seen >= amount) bank.balance().write(seen - amount);
 * } finally {
 *     bank.lock().unlock();
 * }
 * }</pre>
 */
public final class Mutex {

    private final Execution<?> run;
    private final String name;
    private String holder;

    Mutex(Execution<?> run, String name) {
        this.run = run;
        this.name = name;
    }

    /**
     * Takes the lock, waiting while another process holds it (one step).
     *
     * @throws IllegalStateException if the calling process already holds it (it is not reentrant)
     */
    public void lock() {
        String caller = run.caller();
        if (caller.equals(holder)) {
            throw new IllegalStateException(caller + " locked " + name + ", which it already holds");
        }
        run.step(() -> holder == null, () -> {
            holder = caller;
            return null;
        }, x -> "locks " + name);
    }

    /**
     * Releases the lock (one step).
     *
     * @throws IllegalStateException if the calling process does not hold it
     */
    public void unlock() {
        String caller = run.caller();
        run.step(() -> true, () -> {
            if (!caller.equals(holder)) {
                throw new IllegalStateException(caller + " unlocked " + name + ", which it does not hold");
            }
            holder = null;
            return null;
        }, x -> "unlocks " + name);
    }

    /** Whether some process holds the lock, without taking a step. */
    public boolean isLocked() {
        return holder != null;
    }

    /** E.g. {@code "account lock free"} or {@code "account lock held by ATM-A"}. */
    @Override
    public String toString() {
        return name + (holder == null ? " free" : " held by " + holder);
    }
}
