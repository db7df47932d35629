package dev.loadbearing.sim.eventlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicaTest {

    @Test
    void a_replica_answers_as_far_as_its_projection_has_got_and_the_primary_queues_reads() {
        Sim sim = new Sim(4);
        EventLog<String> log = new EventLog<>(sim, "edits");
        ReadModel<Long> lagging = new ReadModel<>("replica");
        Projection<String, Long> slow = new Projection<>(sim, "replica", log, lagging, ProjectionTest.Counting::new)
                .commitCost(Time.ms(50));
        ReadModel<Long> fresh = new ReadModel<>("primary");
        Projection<String, Long> inStep = new Projection<>(sim, "primary", log, fresh, ProjectionTest.Counting::new)
                .fetchLatency(0).commitCost(0).readCost(0).writeCost(0);
        Replica<Long> replica = new Replica<>(sim, lagging, Time.ms(1));
        Primary<Long> primary = new Primary<>(sim, "primary", log, fresh, 2, Time.ms(10));
        slow.start();
        inStep.start();
        log.appendAt(Time.ms(10), "alice", "edit");
        List<String> answers = new ArrayList<>();
        sim.at(Time.ms(20), "read", () -> {
            replica.read("alice", r -> answers.add("replica " + r.value() + " at #" + r.position() + " " + Time.format(sim.now())));
            for (int i = 0; i < 3; i++) {
                primary.read("alice", r -> answers.add("primary " + r.value() + " at #" + r.position() + " " + Time.format(sim.now())));
            }
        });
        sim.run();
        // the replica's batch commits at 10 + 1 + 50 ms: at 21 ms it has nothing yet
        assertEquals("replica null at #0 21.000 ms", answers.get(0));
        // two workers: two reads at 30 ms, the third waits for one and answers at 40 ms
        assertEquals(List.of("primary 1 at #1 30.000 ms", "primary 1 at #1 30.000 ms", "primary 1 at #1 40.000 ms"),
                answers.subList(1, 4));
        assertEquals(2, primary.longestQueue() + 1);
        assertTrue(replica.position() == 1 && lagging.peek("alice") == 1L);
    }
}
