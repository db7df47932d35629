package dev.loadbearing.sim.check;

import dev.loadbearing.sim.figure.Band;
import dev.loadbearing.sim.figure.Timeline;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A Jepsen-style history: the invocations and completions of operations by concurrent processes,
 * in the real-time order they happened.
 *
 * <p>Each process has at most one operation in flight. An operation starts with an
 * {@link Type#INVOKE} event and ends with exactly one of:
 * <ul>
 *   <li>{@link Type#OK}: it took effect, and the event carries its result;</li>
 *   <li>{@link Type#FAIL}: it certainly had no effect (the checker ignores it);</li>
 *   <li>{@link Type#INFO}: the outcome is unknown; it may have taken effect at any moment after its
 *       invocation, so the checker treats it as never returning.</li>
 * </ul>
 * An invocation that never completes is treated like {@code INFO}.
 *
 * <pre>{@code
 * OperationHistory h = OperationHistory.builder()
 *     .invoke("a", "write", 1)
 *     .invoke("b", "read", null)
 *     .ok("a")
 *     .ok("b", 1)
 *     .build();
 * }</pre>
 *
 * <p>A history is immutable; build it with {@link #builder()} (or {@link #builder(LongSupplier)}
 * inside a simulation, so events carry virtual time).
 */
public final class OperationHistory {

    /** What an event says about its operation. */
    public enum Type {
        /** The operation started. */
        INVOKE,
        /** The operation completed and took effect. */
        OK,
        /** The operation completed without effect. */
        FAIL,
        /** The operation's outcome is unknown: it may or may not have taken effect. */
        INFO
    }

    /**
     * One line of a history.
     *
     * @param index   position in the history, from 0; real-time order is index order
     * @param time    the time the event was recorded (virtual time in a simulation, else the index)
     * @param process the process (client) that performed the operation
     * @param type    invocation or kind of completion
     * @param f       the function, e.g. {@code "read"}, {@code "write"}, {@code "cas"}
     * @param value   the argument (on invoke) or the result (on completion); may be null
     */
    public record Event(int index, long time, String process, Type type, String f, Object value) {
        @Override
        public String toString() {
            return process + "\t:" + type.name().toLowerCase() + "\t:" + f + "\t" + Operation.show(value);
        }
    }

    private final List<Event> events;

    private OperationHistory(List<Event> events) {
        this.events = Collections.unmodifiableList(new ArrayList<>(events));
    }

    /** Starts an empty history whose events are timed by their position. */
    public static Builder builder() {
        return new Builder(null);
    }

    /** Starts an empty history whose events are timed by {@code clock}, e.g. a simulation's {@code now}. */
    public static Builder builder(LongSupplier clock) {
        return new Builder(Objects.requireNonNull(clock, "clock"));
    }

    /** The events, in real-time order. */
    public List<Event> events() {
        return events;
    }

    /**
     * The operations: each invocation paired with its completion, in invocation order. An
     * invocation without completion is returned with outcome {@link Type#INFO} and
     * {@link Operation#completedAt()} of -1.
     */
    public List<Operation> operations() {
        int[] completion = new int[events.size()];
        Arrays.fill(completion, -1);
        Map<String, Integer> open = new HashMap<>();
        for (Event e : events) {
            if (e.type() == Type.INVOKE) {
                open.put(e.process(), e.index());
            } else {
                completion[open.remove(e.process())] = e.index();
            }
        }
        List<Operation> ops = new ArrayList<>();
        for (Event e : events) {
            if (e.type() != Type.INVOKE) {
                continue;
            }
            Event done = completion[e.index()] < 0 ? null : events.get(completion[e.index()]);
            ops.add(new Operation(ops.size(), e.process(), e.f(), e.value(),
                    done == null ? null : done.value(),
                    done == null ? Type.INFO : done.type(),
                    e.index(), done == null ? -1 : done.index()));
        }
        return Collections.unmodifiableList(ops);
    }

    /**
     * Draws the history as a Jepsen-style timeline: one lane per process (in order of first
     * appearance), each operation a bar from its invocation to its completion, coloured by
     * outcome ({@code ok}, {@code fail}, {@code info}); an operation that never completed runs to
     * the last event. Event times are read as nanoseconds, as recorded by
     * {@code OperationHistory.builder(sim::now)}.
     *
     * @param title the chart's title
     * @param bands faults to shade, such as {@code cluster.bands()}
     * @return the timeline
     */
    public Timeline timeline(String title, List<Band> bands) {
        LinkedHashSet<String> lanes = new LinkedHashSet<>();
        events.forEach(e -> lanes.add(e.process()));
        long last = events.isEmpty() ? 0 : events.get(events.size() - 1).time();
        List<Timeline.Span> spans = new ArrayList<>();
        for (Operation op : operations()) {
            long start = events.get(op.invokedAt()).time();
            long end = op.completedAt() < 0 ? last : events.get(op.completedAt()).time();
            String label = op.toString().substring(op.process().length() + 1);
            spans.add(new Timeline.Span(op.process(), start / 1e9, end / 1e9, label,
                    op.outcome().name().toLowerCase()));
        }
        return new Timeline(title, List.copyOf(lanes), spans, bands);
    }

    /** Number of events. */
    public int size() {
        return events.size();
    }

    /** One event per line, in Jepsen's log layout. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Event e : events) {
            sb.append(e).append('\n');
        }
        return sb.toString();
    }

    /**
     * Records a history as it happens: invoke an operation, later complete it with
     * {@code ok}, {@code fail} or {@code info}. Not thread-safe (simulations are single-threaded).
     */
    public static final class Builder {
        private final LongSupplier clock;
        private final List<Event> events = new ArrayList<>();
        private final Map<String, Event> inFlight = new HashMap<>();

        private Builder(LongSupplier clock) {
            this.clock = clock;
        }

        /**
         * Records that {@code process} starts operation {@code f} with argument {@code value}.
         *
         * @throws IllegalStateException if the process already has an operation in flight
         */
        public Builder invoke(String process, String f, Object value) {
            Objects.requireNonNull(process, "process");
            Objects.requireNonNull(f, "f");
            if (inFlight.containsKey(process)) {
                throw new IllegalStateException("process " + process + " invoked " + f
                        + " while its " + inFlight.get(process).f() + " is still in flight");
            }
            inFlight.put(process, add(process, Type.INVOKE, f, value));
            return this;
        }

        /** Completes the process's operation successfully, with no result value (e.g. a write). */
        public Builder ok(String process) {
            return complete(process, Type.OK, null);
        }

        /** Completes the process's operation successfully with result {@code value} (e.g. the value read). */
        public Builder ok(String process, Object value) {
            return complete(process, Type.OK, value);
        }

        /** Completes the process's operation as certainly not having taken effect. */
        public Builder fail(String process) {
            return complete(process, Type.FAIL, null);
        }

        /** Completes the process's operation with an unknown outcome (e.g. a timeout). */
        public Builder info(String process) {
            return complete(process, Type.INFO, null);
        }

        /** Whether {@code process} has an invoked operation that has not completed yet. */
        public boolean inFlight(String process) {
            return inFlight.containsKey(process);
        }

        /** The history recorded so far (operations still in flight count as unknown outcomes). */
        public OperationHistory build() {
            return new OperationHistory(events);
        }

        private Builder complete(String process, Type type, Object value) {
            Event invocation = inFlight.remove(process);
            if (invocation == null) {
                throw new IllegalStateException("process " + process + " completed an operation it never invoked");
            }
            add(process, type, invocation.f(), value);
            return this;
        }

        private Event add(String process, Type type, String f, Object value) {
            int index = events.size();
            Event e = new Event(index, clock == null ? index : clock.getAsLong(), process, type, f, value);
            events.add(e);
            return e;
        }
    }
}
