package dev.loadbearing.sim.race;

import dev.loadbearing.sim.engine.LearnerApi;

/**
 * A running total of what the processes of a {@link Race} hand to the outside world, such as the
 * cash an ATM dispenses. Processes only {@link #add} to it and cannot read it, so it carries no
 * information between them and is not a step: an addition happens, exactly once, right after the
 * process's previous step. Rules read the total with {@link #total}. Make one with
 * {@link Shared#tally}.
 *
 * <pre>{@code
 * if (bank.balance.compareAndSet(seen, seen - amount)) {
 *     bank.dispensed.add(amount);
 * }
 * }</pre>
 */
@LearnerApi
public final class Tally extends SharedObject {

    private long total;

    Tally(Execution<?> run, String name) {
        super(run, name);
    }

    /** Adds {@code amount} to the total (not a step). */
    @LearnerApi
    public void add(long amount) {
        run.call(this, null, amount, null);
    }

    /** The total so far: for invariants and checks. */
    @LearnerApi.Internal("add() to it; the tests read the total after the run")
    public long total() {
        run.outsideProcesses(name + ".total()");
        return total;
    }

    @Override
    Object apply(Execution.Call call, String process) {
        total += (Long) call.a;
        return null;
    }

    /** E.g. {@code "dispensed = 130"}. */
    @Override
    public String toString() {
        return name + " = " + total;
    }
}
