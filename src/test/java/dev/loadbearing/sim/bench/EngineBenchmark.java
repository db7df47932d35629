package dev.loadbearing.sim.bench;

import dev.loadbearing.sim.engine.Action;
import dev.loadbearing.sim.engine.Sim;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Events per second of the engine: {@code pending} timers, each rescheduling itself after a
 * pseudo-random delay, until a million events have run. One operation is one event.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EngineBenchmark {
    static final int EVENTS = 1_000_000;

    @Param({"1000"})
    int pending;

    /** A timer: reschedules itself after a delay taken from a cheap generator. */
    static final class Timer {
        long state;
        long fired;

        Timer(long seed) {
            state = seed;
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long events() {
        Sim sim = new Sim(1);
        Action<Timer> tick = new Action<>() {
            @Override
            public void run(Timer timer) {
                timer.fired++;
                timer.state = timer.state * 6364136223846793005L + 1442695040888963407L;
                long delay = 1 + ((timer.state >>> 40) & 0xFFFF);
                sim.schedule(sim.now() + delay, "tick", this, timer);
            }
        };
        for (int i = 0; i < pending; i++) {
            sim.schedule(i, "tick", tick, new Timer(i));
        }
        sim.stepLimit(EVENTS);
        sim.runUntil(() -> sim.steps() == EVENTS, Long.MAX_VALUE);
        return sim.now();
    }
}
