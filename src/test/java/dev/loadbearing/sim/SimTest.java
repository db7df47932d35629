package dev.loadbearing.sim;

import dev.loadbearing.sim.engine.Action;
import dev.loadbearing.sim.engine.InvariantViolation;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.SimulationException;
import dev.loadbearing.sim.engine.StepLimitExceeded;
import dev.loadbearing.sim.engine.Time;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimTest {

    @Test
    void events_run_in_time_order_and_ties_in_scheduling_order() {
        Sim sim = new Sim(1);
        List<String> order = new ArrayList<>();
        sim.at(Time.ms(30), "c", () -> order.add("c@" + sim.now()));
        sim.at(Time.ms(10), "a", () -> order.add("a@" + sim.now()));
        sim.at(Time.ms(20), "b1", () -> order.add("b1"));
        sim.at(Time.ms(20), "b2", () -> order.add("b2"));
        sim.run();
        assertEquals(List.of("a@10000000", "b1", "b2", "c@30000000"), order);
    }

    @Test
    void many_random_events_come_out_sorted() {
        Sim sim = new Sim(3);
        RandomStream random = sim.random("times");
        long[] last = {-1};
        for (int i = 0; i < 20_000; i++) {
            sim.at(random.nextInt(1_000), "e", () -> {
                assertTrue(sim.now() >= last[0]);
                last[0] = sim.now();
            });
        }
        sim.run();
        assertEquals(20_000, sim.steps());
    }

    @Test
    void after_counts_from_the_current_time_and_accepts_durations() {
        Sim sim = new Sim(1);
        List<Long> times = new ArrayList<>();
        sim.at(Time.seconds(1), "first", () ->
                sim.after(Duration.ofMillis(500), "second", () -> times.add(sim.now())));
        sim.run();
        assertEquals(List.of(Time.seconds(1.5)), times);
    }

    @Test
    void scheduling_in_the_past_is_refused() {
        Sim sim = new Sim(1);
        sim.runFor(Time.seconds(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sim.at(Time.seconds(1), "late", () -> { }));
        assertTrue(e.getMessage().contains("already 2.000 s"), e.getMessage());
    }

    @Test
    void run_for_stops_at_the_horizon_and_moves_the_clock_there() {
        Sim sim = new Sim(1);
        List<String> ran = new ArrayList<>();
        sim.at(Time.seconds(1), "in", () -> ran.add("in"));
        sim.at(Time.seconds(3), "out", () -> ran.add("out"));
        sim.runFor(Time.seconds(2));
        assertEquals(List.of("in"), ran);
        assertEquals(Time.seconds(2), sim.now());
        sim.runFor(Duration.ofSeconds(2));
        assertEquals(List.of("in", "out"), ran);
    }

    @Test
    void every_repeats_until_cancelled() {
        Sim sim = new Sim(1);
        List<Long> ticks = new ArrayList<>();
        Sim.Periodic periodic = sim.every(Time.seconds(1), "tick", () -> ticks.add(sim.now()));
        sim.at(Time.seconds(3.5), "stop", periodic::cancel);
        sim.runFor(Time.seconds(10));
        assertEquals(List.of(Time.seconds(1), Time.seconds(2), Time.seconds(3)), ticks);
        assertTrue(periodic.isCancelled());
    }

    @Test
    void a_cancelled_event_does_not_run() {
        Sim sim = new Sim(1);
        List<String> ran = new ArrayList<>();
        long id = sim.after(Time.ms(1), "cancelled", () -> ran.add("cancelled"));
        sim.after(Time.ms(2), "kept", () -> ran.add("kept"));
        sim.cancel(id);
        sim.run();
        assertEquals(List.of("kept"), ran);
    }

    @Test
    void cancelling_an_event_that_already_ran_does_not_touch_a_later_event_in_its_slot() {
        Sim sim = new Sim(1);
        List<String> ran = new ArrayList<>();
        long first = sim.after(Time.ms(1), "first", () -> ran.add("first"));
        sim.run();
        sim.after(Time.ms(1), "second", () -> ran.add("second"));
        sim.cancel(first);
        sim.cancel(first);
        sim.run();
        assertEquals(List.of("first", "second"), ran);
        assertEquals(2, sim.steps());
    }

    @Test
    void run_until_stops_at_the_event_that_makes_the_condition_true() {
        Sim sim = new Sim(1);
        int[] count = {0};
        sim.every(Time.ms(10), "count", () -> count[0]++);
        assertTrue(sim.runUntil(() -> count[0] == 5, Time.seconds(1)));
        assertEquals(Time.ms(50), sim.now());
    }

    @Test
    void run_until_gives_up_at_the_limit() {
        Sim sim = new Sim(1);
        sim.every(Time.ms(10), "nothing", () -> { });
        assertFalse(sim.runUntil(() -> false, Duration.ofMillis(35)));
        assertEquals(Time.ms(35), sim.now());
    }

    @Test
    void a_runaway_model_stops_at_the_step_limit_with_a_clear_message() {
        Sim sim = new Sim(77);
        sim.stepLimit(1_000);
        Runnable[] retry = new Runnable[1];
        retry[0] = () -> sim.after(0, "retry forever", retry[0]);
        sim.after(Time.ms(5), "retry forever", retry[0]);
        StepLimitExceeded e = assertThrows(StepLimitExceeded.class, sim::run);
        assertEquals(1_000, e.limit());
        assertTrue(e.getMessage().startsWith("step limit of 1000 events reached"), e.getMessage());
        assertTrue(e.getMessage().contains("t=5.000 ms"), e.getMessage());
        assertTrue(e.getMessage().contains("seed 77"), e.getMessage());
        assertTrue(e.getMessage().contains("retry forever"), e.getMessage());
    }

    @Test
    void a_broken_invariant_names_the_time_the_seed_and_the_last_events() {
        Sim sim = new Sim(1234);
        int[] balance = {100};
        sim.invariant("balance never negative", () -> balance[0] >= 0);
        for (int i = 1; i <= 30; i++) {
            sim.at(Time.ms(i), "withdraw 4 (#" + i + ")", () -> balance[0] -= 4);
        }
        InvariantViolation e = assertThrows(InvariantViolation.class, sim::run);
        assertEquals("balance never negative", e.invariant());
        assertEquals(Time.ms(26), e.time());
        assertEquals(1234, e.seed());
        assertEquals(Sim.DEFAULT_RECENT_EVENTS, e.recentEvents().size());
        String message = e.getMessage();
        assertTrue(message.startsWith("invariant 'balance never negative' broken at t=26.000 ms"
                + " (seed 1234)"), message);
        assertTrue(message.contains("26.000 ms #25 withdraw 4 (#26)"), message);
        assertTrue(message.contains("7.000 ms #6 withdraw 4 (#7)"), message);
        assertFalse(message.contains("(#6)"), message);
    }

    @Test
    void an_exception_inside_an_event_is_reported_with_time_seed_and_event() {
        Sim sim = new Sim(9);
        sim.at(Time.ms(3), "pick a backend", () -> List.of(1).get(2));
        SimulationException e = assertThrows(SimulationException.class, sim::run);
        assertInstanceOf(IndexOutOfBoundsException.class, e.getCause());
        assertTrue(e.getMessage().startsWith("your code threw IndexOutOfBoundsException"), e.getMessage());
        assertTrue(e.getMessage().contains("at SimTest.java:174 while event 'pick a backend' ran at t=3.000 ms (seed 9)"), e.getMessage());
    }

    @Test
    void shared_actions_describe_their_subject_in_the_trace() {
        Sim sim = new Sim(1);
        List<String> trace = new ArrayList<>();
        sim.trace(trace::add);
        Action<String> greet = name -> { };
        sim.schedule(Time.micros(12.5), "greet", greet, "alice");
        sim.after(Time.ms(2), "plain", () -> { });
        sim.run();
        assertEquals(List.of("12.500 µs #0 greet alice", "2.000 ms #1 plain"), trace);
    }

    @Test
    void time_helpers_convert_and_format() {
        assertEquals(1_500_000_000L, Time.seconds(1.5));
        assertEquals(250_000L, Time.ms(0.25));
        assertEquals(Time.HOUR, Time.minutes(60));
        assertEquals("750 ns", Time.format(750));
        assertEquals("3.250 ms", Time.format(Time.ms(3.25)));
        assertEquals("90.000 s", Time.format(Time.minutes(1.5)));
        assertEquals(2.5, Time.toSeconds(Time.ms(2500)));
    }
}
