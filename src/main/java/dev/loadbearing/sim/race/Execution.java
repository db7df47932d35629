package dev.loadbearing.sim.race;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One run of a {@link Race}, on the caller's thread alone. A process is ordinary Java that cannot
 * be paused, so it is <em>re-run</em> instead: each time it is to move, its code runs again from
 * the start, every call on a shared object that it already made returns what it returned the
 * first time (from the process's log, touching nothing), and the first new call is where it
 * stops: the call becomes the process's pending step and the process unwinds with a
 * preallocated {@link Pause}. The explorer then picks one enabled pending step, applies it
 * atomically, logs its result, and re-runs that process up to its next call.
 *
 * <p>So a process must be a function of what its calls return: that is what the race exercises'
 * bytecode rule (no fields as hidden shared memory) guarantees for learner code, and a re-run that
 * makes different calls than before is reported as a problem, not ignored. Re-running costs
 * O(calls so far) per step, which for the few dozen steps of a race case is far cheaper than
 * handing control between OS threads.
 */
final class Execution<W> {

    /** Unwinds a process at its next step: an Error so that {@code catch (Exception e)} cannot swallow it. */
    static final class Pause extends Error {
        private static final long serialVersionUID = 1L;

        Pause() {
            super("paused by the race explorer at its next step", null, false, false);
        }
    }

    private static final Pause PAUSE = new Pause();

    /** Library classes, left out when naming where a process threw. */
    private static final Set<String> LIBRARY = Set.of(Execution.class.getName(), SharedValue.class.getName(),
            Mutex.class.getName(), VersionedRow.class.getName(), Tally.class.getName(), Shared.class.getName(),
            Race.class.getName(), SharedObject.class.getName());

    /** Picks which enabled process moves next. */
    interface Scheduler {
        /**
         * @param enabled indices (in the order processes were added) of the processes that can move
         * @param count   how many of {@code enabled} are valid
         * @return a position in {@code enabled}
         */
        int pick(int[] enabled, int count);
    }

    /** One call a process made on a shared object, and what it returned or threw. */
    static final class Call {
        final SharedObject target;
        final Step.Kind kind;
        final Object a;
        final Object b;
        Object result;
        RuntimeException thrown;

        Call(SharedObject target, Step.Kind kind, Object a, Object b) {
            this.target = target;
            this.kind = kind;
            this.a = a;
            this.b = b;
        }

        String describe() {
            return (kind == null ? "add to" : kind.name().toLowerCase().replace('_', ' ')) + " " + target.name
                    + (a == null ? "" : " (" + a + (b == null ? "" : ", " + b) + ")");
        }
    }

    private static final class Proc {
        final String name;
        final Consumer<?> body;
        Call[] log = new Call[8];
        int logged;
        int cursor;
        Call pending;
        boolean done;
        String problem;

        Proc(String name, Consumer<?> body) {
            this.name = name;
            this.body = body;
        }
    }

    private final Race<W> race;
    private final List<SharedObject> objects = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();
    private final List<String> schedule = new ArrayList<>();
    private Proc[] procs;
    private Proc running;
    private W world;

    private Execution(Race<W> race) {
        this.race = race;
    }

    /** Runs one interleaving to the end or to the first problem. */
    static <W> Interleaving run(Race<W> race, Scheduler scheduler, Long seed) {
        Execution<W> run = new Execution<>(race);
        String problem = run.execute(scheduler);
        // the run is over and its lists are never touched again: wrapping them is enough
        return new Interleaving(Collections.unmodifiableList(run.steps), problem, seed,
                Collections.unmodifiableList(run.schedule));
    }

    private String execute(Scheduler scheduler) {
        world = race.world().apply(new Shared(this));
        List<String> names = race.processNames();
        List<Consumer<W>> bodies = race.processBodies();
        procs = new Proc[names.size()];
        for (int i = 0; i < procs.length; i++) {
            procs[i] = new Proc(names.get(i), bodies.get(i));
        }
        for (Proc p : procs) {
            advance(p);
        }
        int[] enabled = new int[procs.length];
        while (true) {
            for (Proc p : procs) {
                if (p.problem != null) {
                    return p.problem;
                }
            }
            String broken = broken(race.invariants(), null);
            if (broken != null) {
                return broken;
            }
            int count = 0;
            boolean waiting = false;
            for (int i = 0; i < procs.length; i++) {
                Proc p = procs[i];
                if (!p.done) {
                    waiting = true;
                    if (p.pending.target.enabled(p.pending)) {
                        enabled[count++] = i;
                    }
                }
            }
            if (!waiting) {
                return broken(race.finalChecks(), "at the end");
            }
            if (count == 0) {
                return "deadlock: " + String.join(", ", waitingNames()) + " can never proceed; " + state();
            }
            if (steps.size() >= race.maxSteps()) {
                return "gave up after " + steps.size() + " steps (an endless loop?)";
            }
            Proc p = procs[enabled[scheduler.pick(enabled, count)]];
            Call call = p.pending;
            p.pending = null;
            call.result = call.target.apply(call, p.name);
            append(p, call);
            steps.add(call.target.step(call, p.name));
            schedule.add(p.name);
            advance(p);
        }
    }

    private List<String> waitingNames() {
        List<String> names = new ArrayList<>();
        for (Proc p : procs) {
            if (!p.done) {
                names.add(p.name);
            }
        }
        return names;
    }

    /** Re-runs {@code p} from its start up to its next new call (its pending step) or its end. */
    private void advance(Proc p) {
        p.cursor = 0;
        running = p;
        try {
            @SuppressWarnings("unchecked")
            Consumer<W> body = (Consumer<W>) p.body;
            body.accept(world);
            if (p.pending == null && p.problem == null) {
                if (p.cursor < p.logged) {
                    p.problem = diverged(p, "it finished before making call " + (p.cursor + 1) + " ("
                            + p.log[p.cursor].describe() + ")");
                } else {
                    p.done = true;
                }
            }
        } catch (Pause pause) {
            // p.pending (or p.problem) says where it stopped
        } catch (Throwable t) {
            if (p.pending == null && p.problem == null) {
                p.problem = p.cursor < p.logged
                        ? diverged(p, "it threw " + t + " before making call " + (p.cursor + 1) + " ("
                                + p.log[p.cursor].describe() + ")")
                        : p.name + " threw " + t + where(t);
            }
        } finally {
            running = null;
        }
        if (p.problem != null) {
            p.done = true;
            p.pending = null;
        }
    }

    private String diverged(Proc p, String what) {
        return p.name + " did something else when the explorer re-ran it: " + what + ". A process is re-run from"
                + " its start to reach each step, so it must depend only on what its shared objects return:"
                + " keep state in a SharedValue (or in local variables), not in fields, and use no randomness";
    }

    /** " at File.java:NN", the innermost frame of the process's own code, or "" if there is none. */
    private static String where(Throwable t) {
        for (StackTraceElement frame : t.getStackTrace()) {
            if (frame.getClassName().equals(Execution.class.getName()) && frame.getMethodName().equals("advance")) {
                return ""; // below this frame is the explorer, not the process
            }
            if (!LIBRARY.contains(frame.getClassName()) && frame.getFileName() != null && frame.getLineNumber() > 0
                    && !frame.getClassName().startsWith("java.") && !frame.getClassName().startsWith("jdk.")) {
                return " at " + frame.getFileName() + ":" + frame.getLineNumber();
            }
        }
        return "";
    }

    private void append(Proc p, Call call) {
        if (p.logged == p.log.length) {
            p.log = java.util.Arrays.copyOf(p.log, p.logged * 2);
        }
        p.log[p.logged++] = call;
    }

    /** The first of {@code checks} that does not hold, described; {@code when} null means "now, between steps". */
    private String broken(List<Race.Check<W>> checks, String when) {
        for (int i = 0; i < checks.size(); i++) {
            Race.Check<W> check = checks.get(i);
            boolean holds;
            try {
                holds = check.holds().test(world);
            } catch (RuntimeException e) {
                return "checking \"" + check.name() + "\" " + when(when) + " threw " + e;
            }
            if (!holds) {
                return "\"" + check.name() + "\" broken " + when(when) + ": " + state();
            }
        }
        return null;
    }

    private String when(String when) {
        return when != null ? when : steps.isEmpty() ? "at the start" : "after step " + steps.size();
    }

    private String state() {
        StringBuilder sb = new StringBuilder();
        for (SharedObject o : objects) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(o);
        }
        return sb.toString();
    }

    // ---- called by the shared objects -------------------------------------------------------

    /** Registers a new shared object of this run, checking that its name is new. */
    <O extends SharedObject> O register(O object) {
        if (running != null) {
            throw new IllegalStateException("shared objects are made by the world factory given to Race.of, not by processes");
        }
        for (SharedObject o : objects) {
            if (o.name.equals(object.name)) {
                throw new IllegalArgumentException("two shared objects are named " + object.name);
            }
        }
        objects.add(object);
        return object;
    }

    /** Refuses a read without a step ({@code peek()}) from inside a process. */
    void outsideProcesses(String what) {
        if (running != null) {
            throw new IllegalStateException(what + " reads without taking a step, so only rules (invariant, atEnd) may"
                    + " use it; " + running.name + " must take a step instead");
        }
    }

    /**
     * A call of the running process on {@code target}: from the log when the process is being
     * re-run past it, else its new pending step (the process pauses), or, for a call that is not a
     * step ({@code kind} null), applied at once.
     */
    Object call(SharedObject target, Step.Kind kind, Object a, Object b) {
        Proc p = running;
        if (p == null) {
            throw new IllegalStateException("simulated operations can only be called by the race's processes"
                    + " (invariants and checks use peek())");
        }
        if (p.pending != null || p.problem != null) {
            throw PAUSE; // called again while unwinding (a finally block): the process is already paused
        }
        int i = p.cursor;
        if (i < p.logged) {
            Call logged = p.log[i];
            if (logged.target != target || logged.kind != kind || !same(logged.a, a) || !same(logged.b, b)) {
                p.problem = diverged(p, "its call " + (i + 1) + " was " + logged.describe() + " and is now "
                        + new Call(target, kind, a, b).describe());
                throw PAUSE;
            }
            p.cursor++;
            if (logged.thrown != null) {
                throw logged.thrown;
            }
            return logged.result;
        }
        Call call = new Call(target, kind, a, b);
        RuntimeException refused = target.refuse(call, p.name);
        if (refused != null) {
            call.thrown = refused;
            append(p, call);
            p.cursor++;
            throw refused;
        }
        if (kind == null) {
            call.result = target.apply(call, p.name);
            append(p, call);
            p.cursor++;
            return call.result;
        }
        p.pending = call;
        throw PAUSE;
    }

    /**
     * Whether a re-run passed the same argument. Values of classes without their own
     * {@code equals} are new objects on every re-run, so only their class is compared.
     */
    private static boolean same(Object logged, Object now) {
        if (logged == now || Objects.equals(logged, now)) {
            return true;
        }
        return logged != null && now != null && logged.getClass() == now.getClass() && !OWN_EQUALS.get(logged.getClass());
    }

    private static final ClassValue<Boolean> OWN_EQUALS = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                return type.getMethod("equals", Object.class).getDeclaringClass() != Object.class;
            } catch (NoSuchMethodException e) {
                return false;
            }
        }
    };
}
