package dev.loadbearing.sim.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.SimulationException;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.server.Outcome;
import dev.loadbearing.sim.workload.OpenLoop;
import dev.loadbearing.sim.workload.Workload;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class FleetTest {

    /** Instances of 2 workers at 80 ms: 25 requests per second each at full load. */
    private static Fleet fleet(Sim sim) {
        return new Fleet(sim)
                .instances(server -> server.serviceTime(Distribution.erlang(4, Time.ms(80))).queueCapacity(200))
                .baseWorkers(2);
    }

    /** An autoscaler that answers from a script of decisions, one per window, then holds. */
    private static Autoscaler script(IntFunction<Scaling> byWindow) {
        int[] calls = {0};
        return window -> {
            Scaling decision = byWindow.apply(calls[0]++);
            return decision == null ? Scaling.hold() : decision;
        };
    }

    @Test
    void a_fleet_that_holds_costs_its_instances_times_the_hours_and_measures_its_load() {
        Sim sim = new Sim(1);
        Fleet fleet = fleet(sim);
        fleet.start(2, window -> Scaling.hold(), Time.hours(1));
        Workload.openLoop(25).start(sim, fleet::submit, fleet::record);
        sim.runFor(Time.hours(1));
        assertEquals(2.0, fleet.cost(), 1e-9, "two small instances for an hour at 1.0 per hour");
        assertEquals(240, fleet.windows().size(), "a window every 15 s");
        FleetWindow last = fleet.windows().get(239);
        assertEquals(25, last.requestsPerSecond(), 5);
        double utilization = fleet.windows().stream().mapToDouble(FleetWindow::utilization).average().orElseThrow();
        assertEquals(0.5, utilization, 0.03, "25/s x 80 ms over 4 workers");
        assertEquals(2, last.running());
        assertEquals(0, fleet.darkNanos());
        assertTrue(last.p95Ms() > 80 && last.p95Ms() < 400, "p95 " + last.p95Ms());
        assertEquals(0, fleet.windows().stream().mapToLong(FleetWindow::errors).sum());
    }

    @Test
    void launched_instances_are_billed_at_once_and_serve_only_after_booting() {
        Sim sim = new Sim(2);
        Fleet fleet = fleet(sim).bootDelay(Time.seconds(60));
        fleet.start(1, script(i -> i == 0 ? Scaling.to(3) : null), Time.minutes(10));
        sim.runFor(Time.minutes(10));
        List<FleetWindow> windows = fleet.windows();
        assertEquals(1, windows.get(0).running());
        FleetWindow booting = windows.get(1);  // ends at 30 s: launched at 15 s, serving at 75 s
        assertEquals(1, booting.running());
        assertEquals(2, booting.booting());
        assertEquals(3, booting.instances());
        assertEquals(1, windows.get(3).running(), "at 60 s they are still booting");
        assertEquals(3, windows.get(4).running(), "at 75 s they serve");
        double hours = Time.toSeconds(Time.minutes(10)) / 3600;
        double launchedHours = Time.toSeconds(Time.minutes(10) - Time.seconds(15)) / 3600;
        assertEquals(hours + 2 * launchedHours, fleet.cost(), 1e-9, "billed from launch, booting included");
        assertEquals(List.of(new Fleet.Change(Time.seconds(15), "1 -> 3 instances")), fleet.changes());
    }

    @Test
    void scaling_in_terminates_booting_instances_first_and_they_stop_costing() {
        Sim sim = new Sim(3);
        Fleet fleet = fleet(sim);
        fleet.start(2, script(i -> i == 0 ? Scaling.to(5) : i == 1 ? Scaling.to(3) : null), Time.minutes(5));
        sim.runFor(Time.minutes(5));
        FleetWindow afterIn = fleet.windows().get(2);
        assertEquals(2, afterIn.running(), "the two serving instances are kept");
        assertEquals(1, afterIn.booting(), "two of the three booting ones were terminated");
        assertEquals(3, fleet.windows().get(5).running(), "the last booting one serves at 75 s");
        double minutes = 2 * 5 + 2 * 0.25 + (5 - 0.25);
        assertEquals(minutes / 60, fleet.cost(), 1e-9);
        assertEquals(5, fleet.launched());
    }

    @Test
    void a_resize_restarts_one_instance_at_a_time_and_a_fleet_of_one_goes_dark() {
        Sim single = new Sim(4);
        Fleet one = fleet(single).restartDelay(Time.seconds(30));
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        one.start(1, script(i -> i == 0 ? Scaling.resize(InstanceType.LARGE) : null), Time.minutes(3));
        Workload.openLoop(10).start(single, one::submit, request -> {
            one.record(request);
            outcomes.merge(request.outcome(), 1, Integer::sum);
        });
        single.runFor(Time.minutes(3));
        assertEquals(Time.seconds(30), one.darkNanos(), "out of service for the restart delay");
        assertTrue(outcomes.getOrDefault(Outcome.NO_BACKEND, 0) > 200, "about 300 requests had nowhere to go");
        assertEquals(1, one.windows().get(1).restarting());
        assertEquals(InstanceType.LARGE, one.windows().get(5).type());
        double utilizationAfter = one.windows().get(8).utilization();
        assertEquals(10 * 0.08 / 4, utilizationAfter, 0.1, "twice the workers for the same load");
        double cost = (0.75 * 1.0 + 2.25 * 2.2) / 60;
        assertEquals(cost, one.cost(), 1e-9, "billed as small until it comes back as large at 45 s");

        Sim pair = new Sim(5);
        Fleet two = fleet(pair);
        two.start(2, script(i -> i == 0 ? Scaling.resize(InstanceType.XLARGE) : null), Time.minutes(3));
        Workload.openLoop(10).start(pair, two::submit, two::record);
        pair.runFor(Time.minutes(3));
        assertEquals(0, two.darkNanos(), "one serves while the other restarts");
        assertTrue(two.windows().stream().allMatch(w -> w.restarting() <= 1));
        assertEquals(2, two.windows().get(5).running(), "both back after two restarts of 30 s");
        assertEquals(List.of(new Fleet.Change(Time.seconds(15), "resize small -> xlarge")), two.changes());
    }

    @Test
    void the_quota_caps_the_fleet_and_the_change_says_so() {
        Sim sim = new Sim(6);
        Fleet fleet = fleet(sim).quota(4);
        fleet.start(1, script(i -> i == 0 ? Scaling.to(50) : null), Time.minutes(1));
        sim.runFor(Time.minutes(1));
        assertEquals(4, fleet.windows().get(1).instances());
        assertEquals("1 -> 4 instances (the quota is 4)", fleet.changes().get(0).what());
        assertThrows(IllegalArgumentException.class, () -> Scaling.to(-1));
    }

    @Test
    void an_undersized_fleet_fails_requests_and_an_autoscaler_that_reads_utilization_recovers() {
        long[] errors = new long[2];
        for (int run = 0; run < 2; run++) {
            Sim sim = new Sim(7);
            Fleet fleet = fleet(sim).quota(20);
            Autoscaler scaler = run == 0 ? window -> Scaling.hold()
                    : window -> window.utilization() > 0.7 ? Scaling.to(window.instances() * 2) : Scaling.hold();
            fleet.start(1, scaler, Time.minutes(10));
            OpenLoop load = Workload.openLoop(80);
            load.start(sim, fleet::submit, fleet::record);
            sim.runFor(Time.minutes(10));
            errors[run] = fleet.windows().stream().mapToLong(FleetWindow::errors).sum();
            if (run == 1) {
                FleetWindow last = fleet.windows().get(fleet.windows().size() - 1);
                assertEquals(0, last.errors());
                assertTrue(last.running() >= 4, "80/s needs at least 4 instances of 25/s");
            }
        }
        assertTrue(errors[0] > 30_000, "one instance of 25/s under 80/s drops most: " + errors[0]);
        assertTrue(errors[1] < errors[0] / 4, "scaling out stops the errors once instances boot: " + errors[1]);
    }

    @Test
    void a_null_decision_fails_the_run_with_a_message_that_says_what_to_return() {
        Sim sim = new Sim(8);
        Fleet fleet = fleet(sim);
        fleet.start(1, window -> null, Time.minutes(1));
        SimulationException failure = assertThrows(SimulationException.class, () -> sim.runFor(Time.minutes(1)));
        assertTrue(failure.getMessage().contains("return Scaling.hold()"), failure.getMessage());
    }

    @Test
    void the_same_seed_gives_the_same_run() {
        List<List<FleetWindow>> runs = new java.util.ArrayList<>();
        for (int run = 0; run < 2; run++) {
            Sim sim = new Sim(9);
            Fleet fleet = fleet(sim);
            fleet.start(2, window -> window.p95Ms() > 200 ? Scaling.to(window.instances() + 1) : Scaling.hold(),
                    Time.minutes(5));
            Workload.openLoop(60).start(sim, fleet::submit, fleet::record);
            sim.runFor(Time.minutes(5));
            runs.add(fleet.windows());
        }
        assertEquals(runs.get(0), runs.get(1));
    }
}
