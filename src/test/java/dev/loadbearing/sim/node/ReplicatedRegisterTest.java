package dev.loadbearing.sim.node;

import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.net.Network;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.sim.check.CheckResult;
import dev.loadbearing.sim.check.OperationHistory;
import dev.loadbearing.sim.check.Linearizability;
import dev.loadbearing.sim.check.Models;
import dev.loadbearing.sim.figure.Figures;
import dev.loadbearing.sim.figure.Timeline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A key-value register replicated from a leader (n1) to two followers over slow links. Writes go
 * to the leader, which answers at once and replicates in the background.
 */
class ReplicatedRegisterTest {

    record Replicate(String key, String value) {
    }

    static final class Replica extends Node {
        final Map<String, String> data = new LinkedHashMap<>();

        @Override
        protected void onMessage(String from, Object message) {
            if (message instanceof Replicate replicate) {
                data.put(replicate.key(), replicate.value());
            } else if (message instanceof KvClient.Request request) {
                if (request.op().equals("get")) {
                    send(from, request.ok(data.getOrDefault(request.key(), "")));
                } else if (id().equals("n1")) {
                    data.put(request.key(), request.value());
                    for (String peer : peers()) {
                        send(peer, new Replicate(request.key(), request.value()));
                    }
                    send(from, request.ok(null));
                } else {
                    send(from, request.fail());            // followers take no writes
                }
            }
        }
    }

    /** Three clients each do 40 operations on one key, reading from the leader or any replica. */
    static OperationHistory run(long seed, boolean readFromAnyReplica, List<Timeline> timelines) {
        Sim sim = new Sim(seed);
        Network net = new Network(sim);
        net.defaults().latency(Distribution.uniform(Time.ms(1), Time.ms(3)));
        net.link("n1", "n2").latency(Distribution.uniform(Time.ms(20), Time.ms(60)));
        net.link("n1", "n3").latency(Distribution.uniform(Time.ms(20), Time.ms(60)));
        Cluster cluster = new Cluster(sim, net);
        for (String id : List.of("n1", "n2", "n3")) {
            cluster.add(id, Replica::new);
        }
        OperationHistory.Builder history = OperationHistory.builder(sim::now);
        RandomStream random = sim.random("clients");
        for (String name : List.of("alice", "bob", "carol")) {
            KvClient client = new KvClient(cluster, name, history).timeout(Time.ms(200));
            int[] left = {40};
            Runnable[] next = new Runnable[1];
            next[0] = () -> {
                if (left[0]-- == 0) {
                    return;
                }
                if (random.chance(0.5)) {
                    client.put("n1", "x", name + left[0], next[0]);
                } else {
                    String replica = readFromAnyReplica ? random.pick(cluster.ids()) : "n1";
                    client.get(replica, "x", next[0]);
                }
            };
            sim.after(Time.ms(random.nextInt(5)), name + " starts", next[0]);
        }
        sim.run();
        timelines.add(history.build().timeline("Register on " + (readFromAnyReplica
                ? "any replica" : "the leader"), cluster.bands()));
        return history.build();
    }

    @Test
    void reading_from_a_lagging_replica_is_not_linearizable() {
        List<Timeline> timelines = new ArrayList<>();
        OperationHistory history = run(21, true, timelines);
        CheckResult result = Linearizability.check(history, Models.keyValue());

        assertFalse(result.isLinearizable(), result.toString());
        assertEquals(120, history.operations().size());
        Figures.attach(timelines.get(0));
        Figures.drain();
    }

    @Test
    void reading_from_the_single_leader_is_linearizable() {
        List<Timeline> timelines = new ArrayList<>();
        OperationHistory history = run(21, false, timelines);
        CheckResult result = Linearizability.check(history, Models.keyValue());

        assertTrue(result.isLinearizable(), result.toString());
    }

    @Test
    void the_history_carries_virtual_times_and_draws_as_a_timeline() {
        List<Timeline> timelines = new ArrayList<>();
        OperationHistory history = run(21, false, timelines);
        Timeline timeline = timelines.get(0);

        assertEquals(List.of("alice", "bob", "carol"),
                timeline.lanes().stream().sorted().toList(), "one lane per client");
        assertEquals(120, timeline.spans().size());
        OperationHistory.Event first = history.events().get(0);
        assertTrue(first.time() < Time.ms(5), "invoked at a virtual time: " + first);
        Timeline.Span span = timeline.spans().get(0);
        assertTrue(span.end() > span.start() && span.end() - span.start() < 0.01, span.toString());
        assertTrue(timeline.spans().stream().allMatch(s -> s.status().equals("ok")));
    }
}
