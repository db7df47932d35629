package dev.loadbearing.sim.race;

/**
 * What every simulated object of a {@link Race} run does for the explorer: say whether a pending
 * call can happen now, apply it atomically, and describe the step it made. Subclasses keep their
 * state in plain fields: only the explorer's one thread ever touches them.
 */
abstract sealed class SharedObject permits SharedValue, Mutex, VersionedRow, Tally {

    final Execution<?> run;
    final String name;

    SharedObject(Execution<?> run, String name) {
        this.run = run;
        this.name = name;
    }

    /** Whether {@code call}, pending in a process, may be scheduled now (a lock waits while held). */
    boolean enabled(Execution.Call call) {
        return true;
    }

    /**
     * Why {@code process} may not make {@code call} at all (thrown into the process when it makes
     * it, not a step), or null. Only facts that no other process can change may be checked here.
     */
    RuntimeException refuse(Execution.Call call, String process) {
        return null;
    }

    /** Applies {@code call} atomically and returns what the process's call returns (before conversion). */
    abstract Object apply(Execution.Call call, String process);

    /** The step {@code call} made, after {@link #apply}. */
    Step step(Execution.Call call, String process) {
        return new Step(process, call.kind, name, call.a, null, null);
    }
}
