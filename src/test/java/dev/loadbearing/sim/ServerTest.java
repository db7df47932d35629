package dev.loadbearing.sim;

import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.server.Client;
import dev.loadbearing.sim.server.Outcome;
import dev.loadbearing.sim.server.Request;
import dev.loadbearing.sim.server.Server;
import dev.loadbearing.sim.workload.Workload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerTest {
    private final Sim sim = new Sim(1);
    private final List<Request> done = new ArrayList<>();
    private int nextId = 1;

    private Request send(Server server) {
        Request request = new Request(nextId++, Client.numbered(0), 1, sim.now())
                .onComplete(done::add);
        server.submit(request);
        return request;
    }

    private Server server(int workers, double serviceMs) {
        return new Server(sim, "s").workers(workers)
                .serviceTime(Distribution.constant(Time.ms(serviceMs)));
    }

    @Test
    void requests_wait_in_order_for_a_free_worker() {
        Server server = server(1, 10);
        Request a = send(server);
        Request b = send(server);
        Request c = send(server);
        assertEquals(1, server.busyWorkers());
        assertEquals(2, server.queueLength());
        sim.run();
        assertEquals(List.of(a, b, c), done);
        assertEquals(List.of(Time.ms(10), Time.ms(20), Time.ms(30)),
                done.stream().map(Request::latency).toList());
        assertEquals(Time.ms(20), c.waited());
        assertEquals(3, server.count(Outcome.OK));
    }

    @Test
    void workers_serve_in_parallel() {
        Server server = server(3, 10);
        for (int i = 0; i < 6; i++) {
            send(server);
        }
        sim.run();
        assertEquals(Time.ms(20), sim.now());
    }

    @Test
    void a_full_queue_drops_requests_with_the_reason() {
        Server server = server(1, 10).queueCapacity(2);
        for (int i = 0; i < 5; i++) {
            send(server);
        }
        sim.run();
        assertEquals(3, server.count(Outcome.OK));
        assertEquals(2, server.count(Outcome.QUEUE_FULL));
        Request dropped = done.get(0);
        assertEquals(Outcome.QUEUE_FULL, dropped.outcome());
        assertEquals("dropped: queue full", dropped.outcome().description());
        assertEquals(0, dropped.finishedAt());
    }

    @Test
    void requests_not_answered_in_time_time_out_even_if_the_work_goes_on() {
        Server server = server(1, 10).timeout(Time.ms(15));
        Request first = send(server);
        Request second = send(server);
        Request third = send(server);
        sim.run();
        assertEquals(Outcome.OK, first.outcome());
        assertEquals(Outcome.TIMEOUT, second.outcome());
        assertEquals(Time.ms(15), second.finishedAt());
        assertEquals(Outcome.TIMEOUT, third.outcome());
        assertEquals(-1, third.startedAt());
        assertEquals(2, server.served(), "the second request was still served, too late");
        assertEquals(0, server.queueLength());
    }

    @Test
    void a_crash_loses_queued_and_running_requests_and_refuses_new_ones_until_restart() {
        Server server = server(2, 10);
        for (int i = 0; i < 4; i++) {
            send(server);
        }
        server.crashAt(Time.ms(5));
        server.restartAt(Time.ms(30));
        Request[] late = new Request[2];
        sim.at(Time.ms(20), "while down", () -> late[0] = send(server));
        sim.at(Time.ms(40), "after restart", () -> late[1] = send(server));
        sim.run();
        assertEquals(4, server.count(Outcome.CRASHED));
        assertTrue(done.subList(0, 4).stream().allMatch(r -> r.finishedAt() == Time.ms(5)));
        assertEquals(Outcome.SERVER_DOWN, late[0].outcome());
        assertEquals(Outcome.OK, late[1].outcome());
        assertEquals(Time.ms(50), late[1].finishedAt());
        assertEquals(List.of(new Server.Change(Time.ms(5), "crash"),
                new Server.Change(Time.ms(30), "restart")), server.history());
    }

    @Test
    void speed_divides_service_time_and_a_slow_down_applies_from_its_time() {
        Server server = server(1, 10).speed(2);
        server.slowDownAt(Time.ms(100), 10);
        Request fast = send(server);
        Request[] slow = new Request[1];
        sim.at(Time.ms(200), "later", () -> slow[0] = send(server));
        sim.run();
        assertEquals(Time.ms(5), fast.latency());
        assertEquals(Time.ms(50), slow[0].latency());
        assertEquals(0.2, server.speed(), 1e-12);
    }

    @Test
    void utilization_matches_the_offered_load() {
        Server server = new Server(sim, "s").workers(2)
                .serviceTime(Distribution.exponential(Time.ms(10)));
        Workload.openLoop(120).start(sim, server::submit, r -> { });
        sim.runFor(Time.seconds(300));
        assertEquals(0.6, server.utilization(), 0.02);
    }
}
