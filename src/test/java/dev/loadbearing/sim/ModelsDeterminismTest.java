package dev.loadbearing.sim;

import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.net.Network;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.sim.broker.Broker;
import dev.loadbearing.sim.broker.ConsumerGroup;
import dev.loadbearing.sim.broker.Topic;
import dev.loadbearing.sim.check.OperationHistory;
import dev.loadbearing.sim.dns.Dns;
import dev.loadbearing.sim.dns.Resolver;
import dev.loadbearing.sim.node.Cluster;
import dev.loadbearing.sim.node.KvClient;
import dev.loadbearing.sim.node.Node;
import dev.loadbearing.sim.store.Cache;
import dev.loadbearing.sim.store.Datastore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DNS, cache, database, broker and nodes together: the same seed gives the same run. */
class ModelsDeterminismTest {

    static final class Echo extends Node {
        @Override
        protected void onStart() {
            setTimer(random().nextInt(1_000_000), "tick");
        }

        @Override
        protected void onMessage(String from, Object message) {
            if (message instanceof KvClient.Request request) {
                send(from, request.ok("v"));
            } else {
                send(random().pick(peers()), message);
            }
        }

        @Override
        protected void onTimer(Object timer) {
            send(random().pick(peers()), "hello from " + id());
        }
    }

    static List<String> run(long seed) {
        Sim sim = new Sim(seed);
        List<String> trace = new ArrayList<>();
        sim.trace(trace::add);
        Distribution jitter = Distribution.exponential(Time.ms(2));

        Dns dns = new Dns(sim, "dns").order(Dns.Order.WEIGHTED)
                .add("a.example", "10.0.0.1", 2, "").add("a.example", "10.0.0.2", 1, "");
        Resolver resolver = new Resolver(dns, "isp").ignoreTtl(Time.ms(30));
        Cache<Integer, String> cache = new Cache<Integer, String>(sim, "cache").capacity(5)
                .latency(jitter);
        Datastore<String> db = new Datastore<String>(sim, "db").readLatency(jitter)
                .writeLatency(jitter);
        db.changeStream(jitter);                                   // a CDC connector with a varying lag
        Broker broker = new Broker(sim, "broker").deliveryLatency(jitter).ackTimeout(Time.ms(20));
        Topic<String> topic = broker.topic("t", 3);
        ConsumerGroup<String> group = topic.group("g");
        RandomStream random = sim.random("test");
        group.join("c1", d -> sim.after(random.nextInt(30_000_000), "ack", d::ack));
        group.join("c2", d -> sim.after(random.nextInt(30_000_000), "ack", d::ack));
        Network net = new Network(sim);
        net.defaults().latency(jitter).loss(0.1).reorder(0.2, jitter);
        Cluster cluster = new Cluster(sim, net);
        for (String id : List.of("n1", "n2", "n3")) {
            cluster.add(id, Echo::new);
        }
        KvClient client = new KvClient(cluster, "client", OperationHistory.builder(sim::now));

        sim.every(Time.ms(5), "load", () -> {
            int key = random.nextInt(10);
            sim.after(0, "resolved " + resolver.resolve("a.example").first(), () -> { });
            cache.get(key, r -> cache.put(key, "v" + key, null));
            db.write("k" + key % 3, "v", null);
            topic.publish("k" + key, "m" + key);
            if (!client.busy()) {
                client.get("n" + (1 + key % 3), "x", null);
            }
        });
        cluster.crashAt(Time.ms(200), "n2");
        cluster.restartAt(Time.ms(300), "n2");
        group.crashAt(Time.ms(250), "c1");
        sim.runFor(Time.ms(500));
        return trace;
    }

    @Test
    void the_same_seed_gives_the_same_trace_and_another_seed_a_different_one() {
        List<String> first = run(99);
        assertTrue(first.size() > 500, "a busy run: " + first.size() + " events");
        assertEquals(first, run(99));
        assertNotEquals(first, run(100));
    }
}
