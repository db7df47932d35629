package dev.loadbearing.sim.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A deterministic discrete-event simulation: one thread, virtual time, and a queue of events
 * totally ordered by (time, sequence number). Nothing here reads the wall clock; randomness comes
 * only from named streams derived from the seed, so the same model with the same seed produces
 * the same run, event for event.
 *
 * <pre>{@code
 * Sim sim = new Sim(42);
 * sim.after(Time.ms(10), "hello", () -> System.out.println("at " + Time.format(sim.now())));
 * sim.invariant("balance never negative", () -> account.balance() >= 0);
 * sim.runFor(Time.seconds(1));
 * }</pre>
 *
 * <p>Time is a {@code long} of nanoseconds since the start of the run (see {@link Time}). Events
 * scheduled for the same instant run in the order they were scheduled. After every event the
 * registered invariants are checked; a broken one stops the run with an {@link InvariantViolation}
 * naming the time, the seed and the last events. A run that executes more events than the
 * {@linkplain #stepLimit(long) step limit} stops with a {@link StepLimitExceeded}.
 */
@LearnerApi
public final class Sim {
    /** Default number of events a simulation may execute before it is considered runaway. */
    public static final long DEFAULT_STEP_LIMIT = 50_000_000L;
    /** Default number of recent events kept for failure messages. */
    public static final int DEFAULT_RECENT_EVENTS = 20;
    private static final ThreadLocal<Long> THREAD_STEP_LIMIT = ThreadLocal.withInitial(() -> DEFAULT_STEP_LIMIT);

    private static final Action<Runnable> RUN = Runnable::run;
    private static final Action<Object> CANCELLED = subject -> { };
    /** Event ids hold the payload slot above this many bits and the sequence number below. */
    private static final int SEQ_BITS = 40;
    private static final long SEQ_MASK = (1L << SEQ_BITS) - 1;

    private final long seed;
    private final EventQueue queue = new EventQueue();
    private final Map<String, RandomStream> streams = new HashMap<>();
    private final List<String> invariantNames = new ArrayList<>();
    private final List<BooleanSupplier> invariantChecks = new ArrayList<>();
    private BooleanSupplier[] invariants = new BooleanSupplier[0];

    private long now;
    private long nextSeq;
    private long steps;
    private long stepLimit = THREAD_STEP_LIMIT.get();
    private Consumer<String> tracer;
    private Object doingSubject;
    private String doingVerb;

    private long[] recentTime;
    private long[] recentSeq;
    private Object[] recentAction;
    private Object[] recentSubject;
    private String[] recentLabel;
    private int recentNext;

    /**
     * Creates a simulation at time zero.
     *
     * @param seed the seed every random stream of this simulation derives from
     */
    public Sim(long seed) {
        this.seed = seed;
        keepRecentEvents(DEFAULT_RECENT_EVENTS);
    }

    // ------------------------------------------------------------------------- processes

    private String process;
    private final List<String> killed = new ArrayList<>();
    private final List<Consumer<String>> killListeners = new ArrayList<>();

    /**
     * Runs code as a named process of the system under test (a consumer, a service instance).
     * Models that answer through callbacks remember which process made each call and run the
     * callback as that process again, so work that a process started stays its own; when the
     * process is {@linkplain #kill killed}, those callbacks are dropped.
     *
     * @param name the process, or {@code null} for none
     * @param action what it does now
     */
    public void runAs(String name, Runnable action) {
        String outer = process;
        process = name;
        try {
            action.run();
        } finally {
            process = outer;
        }
    }

    /**
     * Returns the process whose code is running now.
     *
     * @return its name, or {@code null} outside {@link #runAs}
     */
    public String process() {
        return process;
    }

    /**
     * Kills a process, as a crash does: every model's callbacks to it are dropped from now on,
     * and models listening ({@link #onKill}) end what it had open (a database rolls back its
     * transactions). A name stays dead: a restarted process runs under a new name.
     *
     * @param name the process
     */
    public void kill(String name) {
        if (killed.contains(name)) {
            return;
        }
        killed.add(name);
        for (Consumer<String> listener : List.copyOf(killListeners)) {
            listener.accept(name);
        }
    }

    /**
     * Returns whether a process was killed.
     *
     * @param name the process, or {@code null}
     * @return {@code true} after {@link #kill} of that name
     */
    public boolean isKilled(String name) {
        return name != null && killed.contains(name);
    }

    /**
     * Calls a listener with each process killed from now on (models use it to end a dead
     * process's connections).
     *
     * @param listener called with the process's name
     */
    public void onKill(Consumer<String> listener) {
        killListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Returns the seed this simulation was created with; reports and failure messages name it.
     *
     * @return the seed
     */
    @LearnerApi
    public long seed() {
        return seed;
    }

    /**
     * Returns the current virtual time.
     *
     * @return nanoseconds since the start of the run
     */
    @LearnerApi
    public long now() {
        return now;
    }

    /**
     * Returns the number of events executed so far.
     *
     * @return the step count
     */
    public long steps() {
        return steps;
    }

    /**
     * Returns the number of events scheduled but not yet run (cancelled ones included until their
     * time comes).
     *
     * @return pending events
     */
    public int pending() {
        return queue.size();
    }

    // ----------------------------------------------------------------------------- randomness

    /**
     * Returns the random stream with this name, creating it on first use. Each stream's seed is
     * derived from the simulation seed and the name alone, so adding a stream never changes the
     * values another stream produces.
     *
     * @param name a name for the source of randomness, such as {@code "arrivals"}
     * @return the stream; the same object for the same name
     */
    @LearnerApi
    public RandomStream random(String name) {
        Objects.requireNonNull(name, "name");
        return streams.computeIfAbsent(name, n -> new RandomStream(seed, n));
    }

    // ----------------------------------------------------------------------------- scheduling

    /**
     * Schedules an action at an absolute virtual time.
     *
     * @param time when to run it, in nanoseconds since the start; not before {@link #now()}
     * @param label a short description shown in traces and failure messages
     * @param action what to do
     * @return an opaque id that {@link #cancel(long)} accepts
     */
    @LearnerApi.Internal("events are the scenario's to schedule: in a Node use setTimer(delay, timer); a load balancer just answers pick()")
    public long at(long time, String label, Runnable action) {
        return schedule(time, label, RUN, action);
    }

    /**
     * Schedules an action after a delay.
     *
     * @param delay nanoseconds from now, at least zero
     * @param label a short description shown in traces and failure messages
     * @param action what to do
     * @return an opaque id that {@link #cancel(long)} accepts
     */
    @LearnerApi.Internal("events are the scenario's to schedule: in a Node use setTimer(delay, timer); a load balancer just answers pick()")
    public long after(long delay, String label, Runnable action) {
        return schedule(now + checkDelay(delay), label, RUN, action);
    }

    /**
     * Schedules an action after a delay given as a {@link Duration}.
     *
     * @param delay how long from now, not negative
     * @param label a short description shown in traces and failure messages
     * @param action what to do
     * @return an opaque id that {@link #cancel(long)} accepts
     */
    @LearnerApi.Internal("events are the scenario's to schedule: in a Node use setTimer(delay, timer); a load balancer just answers pick()")
    public long after(Duration delay, String label, Runnable action) {
        return after(delay.toNanos(), label, action);
    }

    /**
     * Schedules a shared action on a subject at an absolute time. Models use this to schedule
     * many similar events without allocating a closure for each; the event's description is the
     * label followed by the subject's {@code toString()}.
     *
     * @param time when to run it, in nanoseconds since the start; not before {@link #now()}
     * @param label a short description shown in traces and failure messages
     * @param action what to do
     * @param subject what to do it to
     * @param <T> the subject's type
     * @return an opaque id that {@link #cancel(long)} accepts
     */
    @LearnerApi.Internal("events are the scenario's to schedule: in a Node use setTimer(delay, timer); a load balancer just answers pick()")
    @SuppressWarnings("unchecked")
    public <T> long schedule(long time, String label, Action<? super T> action, T subject) {
        if (time < now) {
            throw new IllegalArgumentException("cannot schedule '" + label + "' at "
                    + Time.format(time) + ": it is already " + Time.format(now));
        }
        Objects.requireNonNull(action, "action");
        long seq = nextSeq++;
        int slot = queue.add(time, seq, (Action<Object>) action, subject, label);
        return (long) slot << SEQ_BITS | (seq & SEQ_MASK);
    }

    /**
     * Runs an action every {@code interval}, first after one interval, until cancelled.
     *
     * @param interval nanoseconds between runs, more than zero
     * @param label a short description shown in traces and failure messages
     * @param action what to do each time
     * @return a handle that stops the repetition
     */
    @LearnerApi.Internal("events are the scenario's to schedule: in a Node re-arm setTimer(delay, timer) in onTimer")
    public Periodic every(long interval, String label, Runnable action) {
        if (interval <= 0) {
            throw new IllegalArgumentException("interval must be positive, was " + interval);
        }
        Periodic periodic = new Periodic(interval, label, action);
        periodic.next = after(interval, label, periodic.tick);
        return periodic;
    }

    /**
     * Cancels a scheduled event in constant time. Cancelling an event that already ran, or
     * twice, does nothing. A cancelled event does not run and does not count as a step.
     *
     * @param id the id returned when the event was scheduled
     */
    @LearnerApi.Internal("in a Node use cancelTimer(id)")
    public void cancel(long id) {
        int slot = (int) (id >>> SEQ_BITS);
        long seq = (nextSeq & ~SEQ_MASK) | (id & SEQ_MASK);
        if (seq >= nextSeq) {
            seq -= 1L << SEQ_BITS;
        }
        queue.replaceAction(slot, seq, CANCELLED);
    }

    private static long checkDelay(long delay) {
        if (delay < 0) {
            throw new IllegalArgumentException("delay must not be negative, was " + delay);
        }
        return delay;
    }

    // ----------------------------------------------------------------------------- running

    /**
     * Runs events until none are left.
     *
     * @throws StepLimitExceeded if the model schedules events forever
     */
    @LearnerApi.Internal("the test runs the simulation; your code runs when the model calls it")
    public void run() {
        loop(Long.MAX_VALUE, null);
    }

    /**
     * Runs every event due within the next {@code duration}, then moves the clock to the end of
     * that span even if the last event came earlier.
     *
     * @param duration nanoseconds to run for, at least zero
     */
    @LearnerApi.Internal("the test runs the simulation; your code runs when the model calls it")
    public void runFor(long duration) {
        long until = now + checkDelay(duration);
        loop(until, null);
        now = until;
    }

    /**
     * Runs every event due within the next {@code duration}; see {@link #runFor(long)}.
     *
     * @param duration how long to run for
     */
    public void runFor(Duration duration) {
        runFor(duration.toNanos());
    }

    /**
     * Runs events until the condition holds (checked before the first event and after each one)
     * or until {@code limit} of virtual time has passed.
     *
     * @param condition what to wait for
     * @param limit the most virtual time to spend, in nanoseconds
     * @return whether the condition holds; the clock stays at the event that made it true,
     *     otherwise it moves to the end of the limit
     */
    @LearnerApi.Internal("the test runs the simulation; your code runs when the model calls it")
    public boolean runUntil(BooleanSupplier condition, long limit) {
        Objects.requireNonNull(condition, "condition");
        long until = now + checkDelay(limit);
        if (loop(until, condition)) {
            return true;
        }
        now = until;
        return false;
    }

    /**
     * Runs events until the condition holds or the limit passes; see
     * {@link #runUntil(BooleanSupplier, long)}.
     *
     * @param condition what to wait for
     * @param limit the most virtual time to spend
     * @return whether the condition holds
     */
    public boolean runUntil(BooleanSupplier condition, Duration limit) {
        return runUntil(condition, limit.toNanos());
    }

    private boolean loop(long until, BooleanSupplier condition) {
        if (condition != null && condition.getAsBoolean()) {
            return true;
        }
        EventQueue q = queue;
        while (!q.isEmpty() && q.peekTime() <= until) {
            long time = q.peekTime();
            long seq = q.peekSeq();
            int slot = q.peekSlot();
            q.removeHead();
            Action<Object> action = q.action(slot);
            Object subject = q.subject(slot);
            String label = q.label(slot);
            q.release(slot);
            if (action == CANCELLED) {
                continue;
            }
            if (steps >= stepLimit) {
                throw new StepLimitExceeded(stepLimit, now, seed, recentEvents());
            }
            now = time;
            steps++;
            int r = recentNext;
            recentTime[r] = time;
            recentSeq[r] = seq;
            recentAction[r] = action;
            recentSubject[r] = subject;
            recentLabel[r] = label;
            recentNext = r + 1 == recentTime.length ? 0 : r + 1;
            if (tracer != null) {
                tracer.accept(line(time, seq, action, subject, label));
            }
            doingSubject = null;
            try {
                action.run(subject);
            } catch (SimulationException e) {
                throw e;
            } catch (RuntimeException e) {
                String during = doingSubject != null ? doingSubject + " " + doingVerb
                        : "event '" + describe(action, subject, label) + "' ran";
                throw new SimulationException(CodeUnderTest.threw(e, during), now, seed, recentEvents(), e);
            }
            if (invariants.length > 0) {
                checkInvariants();
            }
            if (condition != null && condition.getAsBoolean()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns when the next event that will run is due, dropping cancelled events from the head
     * of the queue. A search over delivery orders uses it to let time pass to the next timer.
     *
     * @return nanoseconds since the start, or -1 when no event is pending
     */
    @LearnerApi.Internal("the test runs the simulation; your code runs when the model calls it")
    public long nextEventTime() {
        EventQueue q = queue;
        while (!q.isEmpty()) {
            int slot = q.peekSlot();
            if (q.action(slot) != CANCELLED) {
                return q.peekTime();
            }
            q.removeHead();
            q.release(slot);
        }
        return -1;
    }

    /**
     * Describes every pending event that has not been cancelled, in the order they will run:
     * each as {@code "+<delay> <label> <subject>"}, the delay from now in nanoseconds. Two runs
     * that reach the same point the same way describe the same events, so a search can use the
     * list as part of a state's fingerprint. A subject that is a lambda is left out (its text
     * names an object identity, which changes between runs).
     *
     * @return the descriptions, soonest first
     */
    @LearnerApi.Internal("the test runs the simulation; your code runs when the model calls it")
    public List<String> pendingEvents() {
        EventQueue q = queue;
        int n = q.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> q.timeAt(a) != q.timeAt(b) ? Long.compare(q.timeAt(a), q.timeAt(b))
                : Long.compare(q.seqAt(a), q.seqAt(b)));
        List<String> events = new ArrayList<>(n);
        for (int i : order) {
            int slot = q.slotAt(i);
            Action<Object> action = q.action(slot);
            if (action == CANCELLED) {
                continue;
            }
            Object subject = q.subject(slot);
            if (subject != null && (subject.getClass().isSynthetic() || subject.getClass().isHidden())) {
                subject = null;
            }
            events.add("+" + (q.timeAt(i) - now) + " " + describe(action, subject, q.label(slot)));
        }
        return events;
    }

    // ----------------------------------------------------------------------------- checking

    /**
     * Registers an invariant, checked after every event from now on.
     *
     * @param name what must stay true, in words: {@code "balance never negative"}
     * @param holds returns whether the invariant holds
     */
    @LearnerApi.Internal("the test states the invariants; check your own with an if and throw")
    public void invariant(String name, BooleanSupplier holds) {
        invariantNames.add(Objects.requireNonNull(name, "name"));
        invariantChecks.add(Objects.requireNonNull(holds, "holds"));
        invariants = invariantChecks.toArray(new BooleanSupplier[0]);
    }

    private void checkInvariants() {
        BooleanSupplier[] checks = invariants;
        for (int i = 0; i < checks.length; i++) {
            boolean holds;
            try {
                holds = checks[i].getAsBoolean();
            } catch (RuntimeException e) {
                throw new SimulationException("checking invariant '" + invariantNames.get(i)
                        + "' failed with " + e, now, seed, recentEvents(), e);
            }
            if (!holds) {
                throw new InvariantViolation(invariantNames.get(i), now, seed, recentEvents());
            }
        }
    }

    /**
     * Runs code with a lower step limit for every simulation it creates on this thread, so a host
     * (a live lesson simulation) bounds code that builds its own simulations.
     *
     * @param limit the most events each new simulation may execute, more than zero
     * @param body the code to run
     * @param <T> what it returns
     * @return what {@code body} returned
     */
    @LearnerApi.Internal("the grader sets the limits")
    public static <T> T withStepLimit(long limit, java.util.function.Supplier<T> body) {
        if (limit <= 0) {
            throw new IllegalArgumentException("step limit must be positive, was " + limit);
        }
        long before = THREAD_STEP_LIMIT.get();
        THREAD_STEP_LIMIT.set(limit);
        try {
            return body.get();
        } finally {
            THREAD_STEP_LIMIT.set(before);
        }
    }

    /**
     * Sets the most events this simulation may execute; a model that goes past it is stopped
     * with a {@link StepLimitExceeded}. The default is {@value #DEFAULT_STEP_LIMIT}.
     *
     * @param limit the most events, more than zero
     */
    public void stepLimit(long limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("step limit must be positive, was " + limit);
        }
        this.stepLimit = limit;
    }

    /**
     * Sets how many recent events failure messages list. The default is
     * {@value #DEFAULT_RECENT_EVENTS}; earlier records are forgotten.
     *
     * @param count how many events to keep, at least one
     */
    public void keepRecentEvents(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("must keep at least one event, was " + count);
        }
        recentTime = new long[count];
        recentSeq = new long[count];
        recentAction = new Object[count];
        recentSubject = new Object[count];
        recentLabel = new String[count];
        recentNext = 0;
    }

    /**
     * Says what the running event is about to hand to code under test, so that an exception
     * thrown there is reported in words: a pool calls {@code during(request, "arrived")} before
     * {@code pick}, and a failure reads "your pick() threw ... while request #812 from client-3
     * arrived". It holds until the event ends; nothing is allocated.
     *
     * @param subject what the code is called about (its {@code toString} is shown)
     * @param verb what happened to it, such as {@code "arrived"}
     */
    public void during(Object subject, String verb) {
        doingSubject = subject;
        doingVerb = verb;
    }

    /**
     * Sends one line per executed event ({@code "1.250 ms #12 deliver ping a->b"}) to the
     * consumer, before the event runs; {@code null} stops tracing. Two runs of the same model
     * with the same seed produce the same lines.
     *
     * @param consumer receives each line, or {@code null}
     */
    public void trace(Consumer<String> consumer) {
        this.tracer = consumer;
    }

    /**
     * Returns the most recent events, oldest first, in the same format as {@link #trace}.
     *
     * @return up to {@link #keepRecentEvents(int) count} lines
     */
    public List<String> recentEvents() {
        int capacity = recentTime.length;
        int count = (int) Math.min(steps, capacity);
        List<String> lines = new ArrayList<>(count);
        for (int k = count; k > 0; k--) {
            int i = Math.floorMod(recentNext - k, capacity);
            lines.add(line(recentTime[i], recentSeq[i], recentAction[i], recentSubject[i],
                    recentLabel[i]));
        }
        return lines;
    }

    private static String line(long time, long seq, Object action, Object subject, String label) {
        return Time.format(time) + " #" + seq + " " + describe(action, subject, label);
    }

    private static String describe(Object action, Object subject, String label) {
        String name = label == null ? "event" : label;
        if (action == RUN || subject == null) {
            return name;
        }
        return name + " " + subject;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Sim[seed=%d, now=%s, steps=%d, pending=%d]", seed,
                Time.format(now), steps, queue.size());
    }

    /** A repeating event created by {@link Sim#every}; cancel it to stop the repetition. */
    public final class Periodic {
        private final Runnable tick = this::tick;
        private final long interval;
        private final String label;
        private final Runnable action;
        private long next;
        private boolean cancelled;

        private Periodic(long interval, String label, Runnable action) {
            this.interval = interval;
            this.label = label;
            this.action = Objects.requireNonNull(action, "action");
        }

        /** Stops the repetition; the pending run is cancelled. */
        public void cancel() {
            cancelled = true;
            Sim.this.cancel(next);
        }

        /**
         * Returns whether {@link #cancel()} was called.
         *
         * @return whether the repetition has stopped
         */
        public boolean isCancelled() {
            return cancelled;
        }

        private void tick() {
            next = after(interval, label, tick);
            action.run();
        }
    }
}
