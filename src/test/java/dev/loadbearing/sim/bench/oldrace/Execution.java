package dev.loadbearing.sim.bench.oldrace;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One run of a {@link Race}: the processes' code runs on threads that are handed control strictly
 * one at a time, so each simulated operation is an atomic step and the order of steps is decided
 * only by the scheduler's choices.
 */
final class Execution<W> {

    /** Thrown inside a process that is stopped early; an Error so that catch (Exception) cannot hide it. */
    private static final class Stopped extends Error {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super("stopped by the race scheduler", null, false, false);
        }
    }

    /** How long a process may run between two simulated operations before it is deemed stuck. */
    private static final long HANDOFF_TIMEOUT_SECONDS = 5;

    private final class Proc {
        final String name;
        final Consumer<W> body;
        final Semaphore go = new Semaphore(0);
        volatile Thread thread;
        BooleanSupplier pendingEnabled;
        boolean started;
        boolean stuck;
        volatile boolean done;
        Throwable failure;

        Proc(String name, Consumer<W> body) {
            this.name = name;
            this.body = body;
        }
    }

    private final Semaphore toScheduler = new Semaphore(0);
    private final List<Proc> procs = new ArrayList<>();
    private final List<String> steps = new ArrayList<>();
    private final List<Supplier<String>> describers = new ArrayList<>();
    private final List<Integer> choices = new ArrayList<>();
    private Proc current;
    private boolean stopping;
    private W world;

    private final Executor threads;

    private Execution(Executor threads) {
        this.threads = threads;
    }

    /**
     * Runs one interleaving to the end or to the first problem, running the processes on
     * {@code threads} (reused from run to run: every process has finished when this returns,
     * unless it never came back from a step).
     */
    static <W> Interleaving run(Race<W> race, IntUnaryOperator chooser, Long seed, Executor threads) {
        return new Execution<W>(threads).execute(race, chooser, seed);
    }

    private Interleaving execute(Race<W> race, IntUnaryOperator chooser, Long seed) {
        world = race.world().apply(new Shared(this));
        race.processes().forEach((name, body) -> procs.add(new Proc(name, body)));
        String problem;
        try {
            problem = schedule(race, chooser);
        } finally {
            stopAll();
        }
        return new Interleaving(List.copyOf(steps), problem, seed, List.copyOf(choices));
    }

    private String schedule(Race<W> race, IntUnaryOperator chooser) {
        for (Proc p : procs) {
            String stuck = handOff(p);
            if (stuck != null) {
                return stuck;
            }
        }
        while (true) {
            for (Proc p : procs) {
                if (p.failure != null) {
                    return p.name + " threw " + p.failure;
                }
            }
            String broken = broken(race.invariants(), world, steps.isEmpty() ? "at the start" : "after step " + steps.size());
            if (broken != null) {
                return broken;
            }
            List<Proc> enabled = new ArrayList<>();
            boolean waiting = false;
            for (Proc p : procs) {
                if (!p.done) {
                    waiting = true;
                    if (p.pendingEnabled.getAsBoolean()) {
                        enabled.add(p);
                    }
                }
            }
            if (!waiting) {
                return broken(race.finalChecks(), world, "at the end");
            }
            if (enabled.isEmpty()) {
                return "deadlock: " + procs.stream().filter(p -> !p.done).map(p -> p.name)
                        .collect(Collectors.joining(", ")) + " can never proceed; " + state();
            }
            if (steps.size() >= race.maxSteps()) {
                return "gave up after " + steps.size() + " steps (an endless loop?)";
            }
            int pick = 0;
            if (enabled.size() > 1) {
                pick = chooser.applyAsInt(enabled.size());
                choices.add(pick);
            }
            String stuck = handOff(enabled.get(pick));
            if (stuck != null) {
                return stuck;
            }
        }
    }

    private String broken(List<Race.Check<W>> checks, W world, String when) {
        for (Race.Check<W> check : checks) {
            boolean holds;
            try {
                holds = check.holds().test(world);
            } catch (RuntimeException e) {
                return "checking \"" + check.name() + "\" " + when + " threw " + e;
            }
            if (!holds) {
                return "\"" + check.name() + "\" broken " + when + ": " + state();
            }
        }
        return null;
    }

    private String state() {
        return describers.stream().map(Supplier::get).collect(Collectors.joining(", "));
    }

    /** Lets {@code p} run until its next simulated operation or its end; null, or why it did not come back. */
    private String handOff(Proc p) {
        current = p;
        if (!p.started) {
            p.started = true;
            threads.execute(() -> body(p));
        }
        p.go.release();
        try {
            if (!toScheduler.tryAcquire(HANDOFF_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.stuck = true;
                return p.name + " ran for " + HANDOFF_TIMEOUT_SECONDS
                        + " s without reaching a simulated operation (an endless loop?)";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } finally {
            current = null;
        }
        return null;
    }

    private void body(Proc p) {
        p.thread = Thread.currentThread();
        try {
            p.go.acquireUninterruptibly();
            if (!stopping) {
                p.body.accept(world);
            }
        } catch (Stopped stopped) {
            // the run ended while this process was waiting for its turn
        } catch (Throwable t) {
            p.failure = t;
        } finally {
            p.done = true;
            toScheduler.release();
        }
    }

    /** Wakes every process still waiting for a step so that it unwinds and ends. */
    private void stopAll() {
        stopping = true;
        for (Proc p : procs) {
            if (p.started && !p.done && !p.stuck) {
                handOff(p);
            }
        }
    }

    // ---- called by the shared objects -------------------------------------------------------

    void describe(Supplier<String> describer) {
        describers.add(describer);
    }

    /** The name of the process calling, checking that it is one of this run's processes. */
    String caller() {
        Proc p = current;
        if (p == null || p.thread != Thread.currentThread()) {
            throw new IllegalStateException("simulated operations can only be called by the race's processes"
                    + " (invariants and checks use peek())");
        }
        return p.name;
    }

    /**
     * Waits until the scheduler picks the calling process (when {@code enabled} holds), then
     * applies {@code effect} atomically and records the step.
     */
    <R> R step(BooleanSupplier enabled, Supplier<R> effect, Function<R, String> describe) {
        if (stopping) {
            throw new Stopped();
        }
        Proc p = current;
        String name = caller();
        p.pendingEnabled = enabled;
        toScheduler.release();
        p.go.acquireUninterruptibly();
        if (stopping) {
            throw new Stopped();
        }
        R result = effect.get();
        steps.add(name + " " + describe.apply(result));
        return result;
    }
}
