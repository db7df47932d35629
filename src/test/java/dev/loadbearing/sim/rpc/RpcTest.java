package dev.loadbearing.sim.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.SimulationException;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.net.Link;
import dev.loadbearing.sim.net.Network;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assertions;

class RpcTest {
    private final Sim sim = new Sim(7);
    private final Network net = new Network(sim);
    private final RpcClient web = new RpcClient(sim, net, "web");
    private final RpcService prices = new RpcService(sim, net, "prices").workers(2);
    private final List<Call> done = new ArrayList<>();

    RpcTest() {
        net.defaults().latency(Time.ms(5));
        prices.unary("GetPrice", Distribution.constant(Time.ms(10)), 300);
    }

    @Test
    void a_unary_call_takes_two_latencies_plus_the_work() {
        Call call = web.call("prices", "GetPrice", 200, Time.ms(100), done::add);
        assertTrue(!call.isDone() && call.status() == null, "in flight until the answer arrives");
        sim.run();
        assertEquals(List.of(call), done);
        assertEquals(RpcStatus.OK, call.status());
        assertEquals(Time.ms(20), call.latency(), "5 ms there, 10 ms of work, 5 ms back");
        assertEquals(1, call.messages());
        assertEquals(300, call.bytesReceived());
        assertEquals(1, prices.stats().served());
        assertEquals(200 + 300, net.stats().bytesSent());
    }

    @Test
    void transfer_time_is_bytes_over_bandwidth_plus_latency() {
        net.link("web", "prices").latency(Time.ms(40)).bandwidth(Link.megabitsPerSecond(8));   // 1 MB/s
        prices.unary("GetCatalog", Distribution.constant(0), 100_000);
        Call call = web.call("prices", "GetCatalog", 1_000, 0, done::add);
        sim.run();
        // 1 KB there: 1 ms + 40 ms; 100 KB back: 100 ms + 40 ms
        assertEquals(Time.ms(181), call.latency());
    }

    @Test
    void messages_in_one_direction_share_the_wire() {
        net.link("web", "prices").latency(Time.ms(1)).bandwidth(1_000_000);
        prices.workers(10).unary("Big", Distribution.constant(0), 50_000);
        Call first = web.call("prices", "Big", 10, 0, done::add);
        Call second = web.call("prices", "Big", 10, 0, done::add);
        sim.run();
        assertEquals(Time.ms(52) + 10_000, first.latency(), "10 B (10 µs) + 50 KB (50 ms) on the wire and two latencies");
        assertEquals(first.latency() + Time.ms(50), second.latency(), "the second response waits for the first to leave the wire");
    }

    @Test
    void a_call_past_its_deadline_ends_deadline_exceeded_and_the_service_stops_work() {
        prices.unary("Slow", Distribution.constant(Time.seconds(2)), 300);
        Call call = web.call("prices", "Slow", 200, Time.ms(100), done::add);
        sim.run();
        assertEquals(RpcStatus.DEADLINE_EXCEEDED, call.status());
        assertEquals(Time.ms(100), call.latency());
        RpcServiceStats stats = prices.stats();
        assertEquals(0, stats.served());
        assertEquals(1, stats.cancelled());
        assertEquals(Time.ms(95), stats.wastedNanos(), "the service knew the deadline and stopped when it passed");
        assertEquals(0, web.late(), "no answer came back");
    }

    @Test
    void cancelling_frees_the_worker_for_the_next_call() {
        prices.workers(1).unary("Slow", Distribution.constant(Time.seconds(2)), 300);
        Call slow = web.call("prices", "Slow", 200, 0, done::add);
        web.after(Time.ms(50), slow::cancel);
        Call next = web.call("prices", "GetPrice", 200, 0, done::add);
        sim.run();
        assertEquals(RpcStatus.CANCELLED, slow.status());
        assertEquals(Time.ms(50), slow.latency());
        // The cancel reaches the service at 55 ms; the queued call starts then: 55 + 10 + 5.
        assertEquals(RpcStatus.OK, next.status());
        assertEquals(Time.ms(70), next.latency());
    }

    @Test
    void a_queued_call_whose_deadline_passed_is_dropped_without_work() {
        prices.workers(1).unary("Slow", Distribution.constant(Time.ms(300)), 300);
        web.call("prices", "Slow", 200, 0, done::add);
        Call hopeless = web.call("prices", "GetPrice", 200, Time.ms(100), done::add);
        sim.run();
        assertEquals(RpcStatus.DEADLINE_EXCEEDED, hopeless.status());
        assertEquals(1, prices.stats().cancelled() + prices.stats().expired());
        assertEquals(Time.ms(300), prices.stats().busyNanos(), "only the slow call was worked on");
    }

    @Test
    void a_crashed_service_answers_unavailable_fast_which_is_not_a_timeout() {
        prices.crashAt(Time.ms(1));
        prices.restartAt(Time.seconds(1));
        Call early = web.call("prices", "GetPrice", 200, Time.ms(500), done::add);   // in service at the crash? no: arrives at 5 ms
        web.after(Time.seconds(2), () -> web.call("prices", "GetPrice", 200, Time.ms(500), done::add));
        sim.run();
        assertEquals(RpcStatus.UNAVAILABLE, early.status());
        assertEquals(Time.ms(10), early.latency(), "refused at once: one round trip, not the deadline");
        assertEquals(RpcStatus.OK, done.get(1).status(), "after the restart it serves again");
        assertEquals(1, prices.stats().refused());
        assertEquals(List.of("prices down"), prices.faults().stream().map(f -> f.label()).toList());
    }

    @Test
    void a_crash_resets_the_calls_in_service() {
        prices.unary("Slow", Distribution.constant(Time.seconds(1)), 300);
        Call call = web.call("prices", "Slow", 200, Time.seconds(5), done::add);
        prices.crashAt(Time.ms(100));
        sim.run();
        assertEquals(RpcStatus.UNAVAILABLE, call.status());
        assertEquals(Time.ms(105), call.latency());
        assertEquals(1, prices.stats().reset());
    }

    @Test
    void a_partitioned_service_is_seen_only_through_deadlines() {
        net.partition("web", "prices");
        Call call = web.call("prices", "GetPrice", 200, Time.ms(250), done::add);
        sim.run();
        assertEquals(RpcStatus.DEADLINE_EXCEEDED, call.status());
        assertEquals(Time.ms(250), call.latency());
    }

    @Test
    void a_call_without_a_deadline_to_a_black_hole_never_ends() {
        net.partition("web", "prices");
        Call call = web.call("prices", "GetPrice", 200, 0, done::add);
        sim.run();
        assertTrue(!call.isDone() && !call.hasDeadline());
        assertEquals(1, web.inFlight());
    }

    @Test
    void a_stall_freezes_work_and_queues_arrivals() {
        prices.stallAt(Time.ms(8), Time.ms(500));
        Call during = web.call("prices", "GetPrice", 200, 0, done::add);      // work from 5 to 15 ms, frozen at 8
        Call later = web.call("prices", "GetPrice", 200, Time.ms(100), done::add);
        sim.run();
        assertEquals(Time.ms(5 + 3 + 500 + 7 + 5), during.latency(), "3 ms done before the stall, 7 after");
        assertEquals(RpcStatus.DEADLINE_EXCEEDED, later.status());
        assertEquals(List.of("prices stalled"), prices.faults().stream().map(f -> f.label()).toList());
        assertTrue(prices.faults().get(0).end() == Time.ms(508));
    }

    @Test
    void single_calls_hang_with_the_stall_chance() {
        prices.workers(1000).stalls(0.1, Distribution.constant(Time.seconds(3)));
        for (int i = 0; i < 2000; i++) {
            web.call("prices", "GetPrice", 200, Time.ms(200), done::add);
        }
        sim.run();
        long timedOut = done.stream().filter(c -> c.status() == RpcStatus.DEADLINE_EXCEEDED).count();
        assertTrue(timedOut > 160 && timedOut < 240, "about 10% hang: " + timedOut);
        assertEquals(timedOut, prices.stats().cancelled());
    }

    @Test
    void a_full_queue_refuses_with_resource_exhausted_and_errors_are_internal() {
        prices.workers(1).queueCapacity(1).errorRate(1);
        for (int i = 0; i < 3; i++) {
            web.call("prices", "GetPrice", 200, 0, done::add);
        }
        web.call("prices", "Missing", 200, 0, done::add);
        sim.run();
        assertEquals(List.of(RpcStatus.RESOURCE_EXHAUSTED, RpcStatus.UNIMPLEMENTED, RpcStatus.INTERNAL, RpcStatus.INTERNAL),
                done.stream().map(Call::status).toList());
        assertEquals(14, RpcStatus.UNAVAILABLE.code());
        assertEquals(4, RpcStatus.DEADLINE_EXCEEDED.code());
    }

    @Test
    void a_server_stream_delivers_its_messages_in_order_then_ok() {
        net.link("web", "prices").bandwidth(1_000_000);
        prices.serverStreaming("ListPrices", Distribution.constant(Time.ms(2)), 5, 1_000);
        List<Long> arrivals = new ArrayList<>();
        Call call = web.stream("prices", "ListPrices", 100, Time.seconds(1), c -> arrivals.add(sim.now()), done::add);
        sim.run();
        assertEquals(RpcStatus.OK, call.status());
        assertEquals(5, call.messages());
        assertEquals(5_000, call.bytesReceived());
        // request: 0.1 ms + 5 ms; each message 2 ms of work, 1 ms on the wire, 5 ms latency
        assertEquals(List.of(Time.ms(13.1), Time.ms(15.1), Time.ms(17.1), Time.ms(19.1), Time.ms(21.1)), arrivals);
        assertEquals(Time.ms(21.13), call.latency(), "the OK trailer follows the last message");
    }

    @Test
    void a_stream_past_its_deadline_stops_sending() {
        prices.serverStreaming("Feed", Distribution.constant(Time.ms(10)), 100, 100);
        Call call = web.stream("prices", "Feed", 100, Time.ms(60), c -> { }, done::add);
        sim.run();
        assertEquals(RpcStatus.DEADLINE_EXCEEDED, call.status());
        assertEquals(4, call.messages(), "messages arrive at 20, 30, 40 and 50 ms; the one due at 60 ms meets the deadline");
        assertTrue(prices.stats().cancelled() == 1 && prices.stats().served() == 0);
        assertTrue(net.stats().sent() < 10, "the service stopped at the deadline instead of streaming all 100");
    }

    @Test
    void a_method_with_a_handler_answers_values_sized_by_the_response() {
        prices.unary("BatchGetPrices", Distribution.constant(Time.ms(4)),
                (List<String> ids) -> ids.stream().map(id -> id + "=199").toList(), found -> 40 + 20 * found.size());
        Call call = web.call("prices", "BatchGetPrices", List.of("a", "b", "c"), 60, Time.ms(100), done::add);
        sim.run();
        assertEquals(List.of("a=199", "b=199", "c=199"), call.value());
        assertEquals(100, call.bytesReceived());
        assertEquals(60 + 100, net.stats().bytesSent());
        assertEquals(Time.ms(14), call.latency());
    }

    @Test
    void a_call_that_fails_has_no_value_and_a_stopped_call_never_reaches_the_handler() {
        List<Object> handled = new ArrayList<>();
        prices.unary("Slow", Distribution.constant(Time.seconds(1)), (Integer id) -> handled.add(id), ok -> 10);
        Call call = web.call("prices", "Slow", 7, 10, Time.ms(100), done::add);
        sim.run();
        assertEquals(RpcStatus.DEADLINE_EXCEEDED, call.status());
        assertTrue(call.value() == null, "a call that is not OK has no value");
        assertEquals(List.of(), handled);
    }

    @Test
    void an_exception_in_a_callback_names_the_call() {
        web.call("prices", "GetPrice", 200, Time.ms(100), call -> {
            throw new IllegalStateException("boom");
        });
        SimulationException e = Assertions.assertThrows(SimulationException.class, sim::run);
        assertTrue(e.getMessage().contains("call #1 prices/GetPrice from web OK"), e.getMessage());
        assertTrue(e.getMessage().contains("IllegalStateException (boom)"), e.getMessage());
    }

    @Test
    void the_same_seed_gives_the_same_run() {
        assertEquals(run(3), run(3));
        assertTrue(!run(3).equals(run(4)));
    }

    private static List<String> run(long seed) {
        Sim sim = new Sim(seed);
        Network net = new Network(sim);
        net.defaults().latency(Distribution.uniform(Time.ms(1), Time.ms(9)));
        RpcService service = new RpcService(sim, net, "s").workers(2).queueCapacity(5)
                .unary("M", Distribution.exponential(Time.ms(10)), 100).stalls(0.1, Distribution.constant(Time.ms(300)));
        RpcClient client = new RpcClient(sim, net, "c");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            client.after(Time.ms(3 * i), () -> client.call("s", "M", 10, Time.ms(80), c -> lines.add(c.toString())));
        }
        sim.run();
        return lines;
    }
}
