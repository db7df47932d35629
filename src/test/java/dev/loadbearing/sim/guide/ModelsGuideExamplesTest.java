package dev.loadbearing.sim.guide;

import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.engine.Zipf;
import dev.loadbearing.sim.net.Network;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.sim.broker.Broker;
import dev.loadbearing.sim.broker.ConsumerGroup;
import dev.loadbearing.sim.broker.Delivery;
import dev.loadbearing.sim.broker.Topic;
import dev.loadbearing.sim.dns.Dns;
import dev.loadbearing.sim.dns.Resolver;
import dev.loadbearing.sim.node.Cluster;
import dev.loadbearing.sim.node.Node;
import dev.loadbearing.sim.store.Cache;
import dev.loadbearing.sim.store.Datastore;
import dev.loadbearing.sim.store.Transaction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The examples of docs/SIMULATION.md, sections 10 to 14 (DNS, cache, database, broker, nodes),
 * verbatim, with the numbers the guide quotes.
 */
class ModelsGuideExamplesTest {

    // --- 10. DNS ---------------------------------------------------------------------------

    @Test
    void a_stubborn_resolver_keeps_answering_with_a_dead_server() {
        Sim sim = new Sim(1);
        Dns dns = new Dns(sim, "dns")
                .add("shop.example", "10.0.0.1")
                .add("shop.example", "10.0.0.2")
                .ttl("shop.example", Time.seconds(30));
        Set<String> down = new HashSet<>();
        dns.healthCheck(Time.seconds(5), address -> !down.contains(address));
        Resolver honest = new Resolver(dns, "isp-1");
        Resolver stubborn = new Resolver(dns, "isp-2").ignoreTtl(Time.minutes(10));

        honest.resolve("shop.example");                          // [10.0.0.1, 10.0.0.2]
        stubborn.resolve("shop.example");                        // [10.0.0.2, 10.0.0.1]
        sim.at(Time.seconds(10), "10.0.0.2 dies", () -> down.add("10.0.0.2"));
        sim.runFor(Time.seconds(45));

        assertEquals(List.of("10.0.0.1"), honest.resolve("shop.example").addresses());
        assertEquals("10.0.0.2", stubborn.resolve("shop.example").first());
        assertEquals(3, dns.queries());
    }

    // --- 11. Cache (cache-aside over a database) --------------------------------------------

    @Test
    void cache_aside_serves_most_reads_from_the_cache() {
        Sim sim = new Sim(1);
        Datastore<String> db = new Datastore<String>(sim, "db")
                .readLatency(Distribution.constant(Time.ms(5)));
        Cache<String, String> cache = new Cache<String, String>(sim, "cache")
                .capacity(100)
                .latency(Distribution.constant(Time.ms(0.5)));
        for (int i = 1; i <= 1_000; i++) {
            db.load("item-" + i, "value " + i);
        }

        List<Long> latencies = new ArrayList<>();
        Zipf popularity = new Zipf(1_000, 1.0);
        RandomStream keys = sim.random("keys");
        sim.every(Time.ms(1), "request", () -> {
            long start = sim.now();
            String key = "item-" + popularity.rank(keys);
            Consumer<String> done = value -> latencies.add(sim.now() - start);
            cache.get(key, cached -> {
                if (cached.isOk() && cached.value() != null) {
                    done.accept(cached.value());                  // a hit: 0.5 ms
                    return;
                }
                db.read(key, row -> {                             // a miss: 0.5 + 5 ms
                    cache.put(key, row.value().value(), null);
                    done.accept(row.value().value());
                });
            });
        });
        sim.runFor(Time.seconds(10));

        assertEquals(0.577, cache.hitRatio(), 0.001);
        assertEquals(4_234, db.count("read"));
        assertEquals(4_098, cache.evictions());
        assertEquals(100, cache.size());
        double meanMs = latencies.stream().mapToLong(Long::longValue).average().orElseThrow() / 1e6;
        assertEquals(2.62, meanMs, 0.01);                        // 0.5 + 42% of misses x 5 ms
    }

    // --- 12. Datastore (a transfer in a transaction) -----------------------------------------

    @Test
    void a_transfer_locks_both_rows_and_commits_both_writes() {
        Sim sim = new Sim(1);
        Datastore<Integer> db = new Datastore<Integer>(sim, "db");
        db.load("alice", 100);
        db.load("bob", 0);

        List<String> log = new ArrayList<>();
        Transaction<Integer> tx = db.begin();
        tx.readForUpdate("alice", alice -> tx.readForUpdate("bob", bob -> {
            int amount = 30;
            tx.write("alice", alice.value().value() - amount,
                    a -> tx.write("bob", bob.value().value() + amount,
                            b -> tx.commit(done -> log.add("committed at " + Time.format(sim.now())))));
        }));
        sim.run();

        assertEquals(70, db.peek("alice").value());
        assertEquals(30, db.peek("bob").value());
        assertEquals(2, db.peek("bob").version());
        assertEquals(List.of("committed at 8.000 ms"), log);     // 1 + 1 + 2 + 2 + 2 ms
    }

    // --- 13. Broker (an idempotent consumer under redelivery) -------------------------------

    @Test
    void a_cache_invalidated_from_the_change_stream_is_stale_for_the_lag_only() {
        Sim sim = new Sim(1);
        Datastore<String> db = new Datastore<>(sim, "products");
        Cache<String, String> cache = new Cache<String, String>(sim, "product cache").ttl(Time.minutes(5));
        db.load("product:42", "blue mug, 9.00");
        cache.put("product:42", "blue mug, 9.00", null);                 // a reader filled it
        db.changeStream(Time.ms(50))                                      // CDC, 50 ms behind
                .onAppend(change -> cache.delete(change.entity(), null));
        sim.at(Time.ms(100), "a batch job", () -> db.write("product:42", "blue mug, 7.50", null));
        List<String> seen = new ArrayList<>();
        for (long t : new long[] {Time.ms(120), Time.ms(160)}) {
            sim.at(t, "look", () -> seen.add(Time.format(sim.now()) + " " + cache.peek("product:42")));
        }
        sim.run();
        // the write commits at 102 ms and reaches the stream at 152 ms: stale for 50 ms, not 5 minutes
        assertEquals(List.of("120.000 ms blue mug, 9.00", "160.000 ms null"), seen);
        assertEquals(1, cache.deletes());
    }

    @Test
    void an_idempotent_consumer_applies_each_payment_once_despite_duplicates() {
        Sim sim = new Sim(1);
        Broker broker = new Broker(sim, "broker").ackTimeout(Time.seconds(1)).maxDeliveries(3);
        Topic<String> payments = broker.topic("payments", 4);
        ConsumerGroup<String> ledger = payments.group("ledger");

        Set<String> applied = new TreeSet<>();                    // what the ledger has booked
        List<String> handled = new ArrayList<>();
        Consumer<Delivery<String>> consumer = delivery -> {
            handled.add(delivery.value());
            applied.add(delivery.value());                        // a set: a duplicate is a no-op
            sim.after(Time.ms(5), "book " + delivery.value(), delivery::ack);
        };
        ledger.join("ledger-1", consumer);
        ledger.join("ledger-2", consumer);
        for (int i = 0; i < 100; i++) {
            payments.publish("customer-" + i % 10, "payment-" + i);
        }
        ledger.crashAt(Time.ms(52), "ledger-1");
        sim.run();

        assertEquals(100, applied.size());
        assertEquals(102, handled.size());                        // two handled twice
        assertEquals(2, ledger.redeliveries());
        assertEquals(0, ledger.lag());
        assertEquals(List.of(), ledger.deadLetters());
    }

    // --- 14. Nodes (gossip under loss) -------------------------------------------------------

    static final class Gossip extends Node {
        final Set<Integer> seen = new TreeSet<>();

        @Override
        protected void onStart() {
            seen.add(Integer.parseInt(id().substring(1)));       // each node starts with its number
            setTimer(Time.ms(100), "gossip");
        }

        @Override
        @SuppressWarnings("unchecked")
        protected void onMessage(String from, Object message) {
            seen.addAll((List<Integer>) message);
        }

        @Override
        protected void onTimer(Object timer) {
            send(random().pick(peers()), List.copyOf(seen));     // a TreeSet in order; not Set.copyOf
            setTimer(Time.ms(100), "gossip");
        }
    }

    @Test
    void gossip_spreads_every_number_to_every_node_despite_loss() {
        Sim sim = new Sim(1);
        Network net = new Network(sim);
        net.defaults().latency(Distribution.uniform(Time.ms(1), Time.ms(10))).loss(0.2);
        Cluster cluster = new Cluster(sim, net);
        for (int i = 1; i <= 5; i++) {
            cluster.add("n" + i, Gossip::new);
        }
        cluster.crashAt(Time.ms(150), "n3");                      // n3 forgets what it heard
        cluster.restartAt(Time.ms(400), "n3");
        sim.runFor(Time.seconds(2));

        for (String id : cluster.ids()) {
            assertEquals(Set.of(1, 2, 3, 4, 5), cluster.<Gossip>node(id).seen, id);
        }
        assertEquals(1, cluster.faults().size());
        assertTrue(net.stats().lost() > 0);
    }
}
