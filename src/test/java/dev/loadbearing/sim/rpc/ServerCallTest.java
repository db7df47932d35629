package dev.loadbearing.sim.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.net.Network;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A chain a → b → c: b's handler calls c, with its deadline carried on and its cancellation passed down. */
class ServerCallTest {
    private final Sim sim = new Sim(3);
    private final Network net = new Network(sim);
    private final RpcClient a = new RpcClient(sim, net, "a");
    private final RpcService b = new RpcService(sim, net, "b").workers(1);
    private final RpcService c = new RpcService(sim, net, "c").workers(4);
    private final List<Call> done = new ArrayList<>();
    private final List<Call> downstream = new ArrayList<>();
    private final List<Long> timeouts = new ArrayList<>();
    private int callbacks;

    ServerCallTest() {
        net.defaults().latency(Time.ms(5));
        c.unary("Double", Distribution.constant(Time.ms(10)), (Integer n) -> 2 * n, n -> 40);
        b.unaryAsync("Relay", Distribution.constant(Time.ms(2)), in -> {
            Call call = in.call("c", "Double", in.<Integer>request(), 20, Time.ms(500), result -> {
                callbacks++;
                if (result.isOk()) {
                    in.reply(result.<Integer>value() + 1, 60);
                } else {
                    in.fail(RpcStatus.UNAVAILABLE);
                }
            });
            downstream.add(call);
            timeouts.add(call.deadline() - in.now());
        });
        b.client().onStart(call -> { });
    }

    @Test
    void a_chain_adds_both_hops_and_passes_values_through() {
        Call call = a.call("b", "Relay", 20, 20, Time.seconds(1), done::add);
        sim.run();
        assertEquals(RpcStatus.OK, call.status());
        assertEquals(41, call.<Integer>value(), "c doubled 20, b added one");
        assertEquals(Time.ms(5 + 2 + 5 + 10 + 5 + 5), call.latency(), "a→b, b's work, b→c, c's work, c→b, b→a");
        assertEquals(1, b.client().calls());
        assertEquals(1, b.stats().served());
    }

    @Test
    void the_downstream_timeout_is_cut_to_the_time_the_caller_has_left() {
        a.call("b", "Relay", 20, 20, Time.ms(100), done::add);
        sim.run();
        // the request reaches b at 5 ms and the handler runs at 7 ms: 93 ms of a's deadline are left, less than 500
        assertEquals(List.of(Time.ms(93)), timeouts);
    }

    @Test
    void when_c_hangs_everything_ends_at_the_callers_deadline_and_c_is_told_to_stop() {
        c.stallAt(0, Time.seconds(10));
        Call call = a.call("b", "Relay", 20, 20, Time.ms(100), done::add);
        sim.runFor(Time.seconds(1));
        assertEquals(RpcStatus.DEADLINE_EXCEEDED, call.status());
        assertEquals(Time.ms(100), call.latency());
        assertEquals(Time.ms(100), downstream.get(0).finishedAt(), "b's call to c had the same deadline (b stops at it and cancels)");
        assertEquals(1, callbacks, "b's handler hears that its call to c was cancelled");
        assertEquals(0, b.active(), "b's worker is free");
        assertEquals(0, c.active(), "c dropped the call when its deadline passed");
    }

    @Test
    void a_caller_that_cancels_cancels_the_whole_chain() {
        c.stallAt(0, Time.seconds(10));
        Call call = a.call("b", "Relay", 20, 20, Time.seconds(5), done::add);
        a.after(Time.ms(50), call::cancel);
        sim.runFor(Time.seconds(1));
        assertEquals(RpcStatus.CANCELLED, call.status());
        assertEquals(RpcStatus.CANCELLED, downstream.get(0).status(), "b cancelled its call to c");
        assertEquals(1, c.stats().cancelled());
        assertEquals(1, callbacks, "the callback ran (and its fail did nothing: a had gone)");
        assertEquals(0, b.stats().failed());
    }

    @Test
    void a_call_waiting_for_c_holds_one_of_bs_workers() {
        Call first = a.call("b", "Relay", 1, 20, Time.seconds(1), done::add);
        Call second = a.call("b", "Relay", 2, 20, Time.seconds(1), done::add);
        sim.run();
        assertEquals(Time.ms(32), first.latency());
        assertEquals(Time.ms(32 + 22), second.latency(), "the second waited in b's queue until the first's answer came back from c");
    }

    @Test
    void busy_counts_the_workers_waiting_for_c() {
        c.stallAt(0, Time.ms(100));
        a.call("b", "Relay", 1, 20, Time.seconds(1), done::add);
        a.call("b", "Relay", 2, 20, Time.seconds(1), done::add);
        sim.runFor(Time.ms(50));
        assertEquals(1, b.busy(), "b's one worker waits for the stalled c");
        assertEquals(1, b.queueLength(), "the second call waits for it");
        assertEquals(2, b.active());
        sim.run();
        assertEquals(0, b.busy());
        assertEquals(2, done.stream().filter(Call::isOk).count());
    }

    @Test
    void a_crash_of_b_resets_its_calls_and_cancels_what_they_wait_for() {
        c.stallAt(0, Time.seconds(10));
        Call call = a.call("b", "Relay", 20, 20, Time.seconds(5), done::add);
        b.crashAt(Time.ms(50));
        sim.runFor(Time.seconds(1));
        assertEquals(RpcStatus.UNAVAILABLE, call.status());
        assertEquals(RpcStatus.CANCELLED, downstream.get(0).status());
        assertEquals(1, b.stats().reset());
    }

    @Test
    void a_handler_can_fail_fast_and_retry_after_a_timer() {
        List<String> seen = new ArrayList<>();
        b.unaryAsync("Guarded", Distribution.constant(Time.ms(1)), in -> {
            assertTrue(in.timeLeft() > 0 && in.caller().equals("a") && in.method().equals("Guarded"));
            in.after(Time.ms(10), () -> {
                seen.add("timer");
                in.fail(RpcStatus.UNAVAILABLE);
                in.reply(1, 10);                           // after the answer: nothing happens
            });
        });
        Call call = a.call("b", "Guarded", 20, Time.seconds(1), done::add);
        sim.run();
        assertEquals(List.of("timer"), seen);
        assertEquals(RpcStatus.UNAVAILABLE, call.status());
        assertEquals(Time.ms(5 + 1 + 10 + 5), call.latency());
        assertEquals(1, b.stats().failed());
        assertThrows(IllegalArgumentException.class, () -> new ServerCall(sim, a, "m", "x", 0, null, (s, st, v, n) -> { })
                .fail(RpcStatus.OK));
    }

    @Test
    void calling_on_behalf_of_an_ended_call_is_refused() {
        ServerCall[] kept = new ServerCall[1];
        b.unaryAsync("Quick", Distribution.constant(Time.ms(1)), in -> {
            kept[0] = in;
            in.reply("hi", 10);
        });
        a.call("b", "Quick", 20, Time.seconds(1), done::add);
        sim.run();
        assertTrue(kept[0].isDone());
        assertFalse(kept[0].isStopped());
        assertThrows(IllegalStateException.class, () -> kept[0].call("c", "Double", 1, 20, 0, x -> { }));
    }

    @Test
    void timers_of_an_ended_call_do_not_fire_and_error_rate_fails_before_the_handler() {
        List<String> fired = new ArrayList<>();
        b.unaryAsync("Slow", Distribution.constant(Time.ms(1)), in -> in.after(Time.ms(200), () -> fired.add("late")));
        Call call = a.call("b", "Slow", 20, Time.ms(50), done::add);
        sim.run();
        assertEquals(RpcStatus.DEADLINE_EXCEEDED, call.status());
        assertEquals(List.of(), fired, "the backoff timer of a call that was stopped at its deadline did nothing");

        RpcService flaky = new RpcService(sim, net, "flaky").errorRate(1);
        int[] handled = new int[1];
        flaky.unaryAsync("Any", Distribution.constant(Time.ms(1)), in -> handled[0]++);
        Call failed = a.call("flaky", "Any", 20, Time.seconds(1), done::add);
        sim.run();
        assertEquals(RpcStatus.INTERNAL, failed.status());
        assertEquals(0, handled[0]);
        assertEquals(0, flaky.active(), "its worker is free");
    }
}
