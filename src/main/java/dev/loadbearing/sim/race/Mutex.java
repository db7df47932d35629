package dev.loadbearing.sim.race;

import dev.loadbearing.sim.engine.LearnerApi;

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
@LearnerApi
public final class Mutex extends SharedObject {

    private String holder;

    Mutex(Execution<?> run, String name) {
        super(run, name);
    }

    /**
     * Takes the lock, waiting while another process holds it (one step).
     *
     * @throws IllegalStateException if the calling process already holds it (it is not reentrant)
     */
    @LearnerApi
    public void lock() {
        run.call(this, Step.Kind.LOCK, null, null);
    }

    /**
     * Releases the lock (one step).
     *
     * @throws IllegalStateException if the calling process does not hold it
     */
    @LearnerApi
    public void unlock() {
        run.call(this, Step.Kind.UNLOCK, null, null);
    }

    /** Whether some process holds the lock, without taking a step: for invariants and checks. */
    @LearnerApi.Internal("lock() it: whether a lock is held is something the explorer decides step by step, not something to look at")
    public boolean isLocked() {
        run.outsideProcesses(name + ".isLocked()");
        return holder != null;
    }

    @Override
    boolean enabled(Execution.Call call) {
        return call.kind != Step.Kind.LOCK || holder == null;
    }

    @Override
    RuntimeException refuse(Execution.Call call, String process) {
        // Only the caller can take or release its own hold, so checking at call time is exact.
        if (call.kind == Step.Kind.LOCK && process.equals(holder)) {
            return new IllegalStateException(process + " locked " + name + ", which it already holds");
        }
        if (call.kind == Step.Kind.UNLOCK && !process.equals(holder)) {
            return new IllegalStateException(process + " unlocked " + name + ", which it does not hold");
        }
        return null;
    }

    @Override
    Object apply(Execution.Call call, String process) {
        holder = call.kind == Step.Kind.LOCK ? process : null;
        return null;
    }

    /** E.g. {@code "account lock free"} or {@code "account lock held by ATM-A"}. */
    @Override
    public String toString() {
        return name + (holder == null ? " free" : " held by " + holder);
    }
}
