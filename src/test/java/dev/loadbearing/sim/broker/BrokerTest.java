package dev.loadbearing.sim.broker;

import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerTest {
    private final Sim sim = new Sim(3);
    private final Broker broker = new Broker(sim, "broker")
            .deliveryLatency(Distribution.uniform(Time.ms(1), Time.ms(5)))
            .ackTimeout(Time.seconds(1))
            .maxDeliveries(3);

    /** A consumer that takes {@code work} per message, then acknowledges it. */
    private void slowConsumer(ConsumerGroup<String> group, String name, long work,
            List<Delivery<String>> handled) {
        group.join(name, delivery -> {
            handled.add(delivery);
            sim.after(work, name + " acks", delivery::ack);
        });
    }

    @Test
    void a_key_always_goes_to_the_same_partition() {
        Topic<String> topic = broker.topic("orders", 4);
        int partition = topic.partitionOf("customer-7");
        topic.publish("customer-7", "a");
        topic.publish("customer-7", "b");

        assertEquals(2, topic.endOffset(partition));
        assertEquals(Math.floorMod("customer-7".hashCode(), 4), partition);
    }

    @Test
    void messages_of_a_partition_are_handled_in_order() {
        Topic<String> topic = broker.topic("orders", 3);
        ConsumerGroup<String> group = topic.group("billing");
        List<Delivery<String>> handled = new ArrayList<>();
        RandomStream random = sim.random("work");
        for (String consumer : List.of("c1", "c2")) {
            group.join(consumer, delivery -> {
                handled.add(delivery);
                sim.after(Time.ms(1 + random.nextInt(20)), "ack", delivery::ack);
            });
        }
        for (int i = 0; i < 300; i++) {
            int n = i;
            sim.at(Time.ms(2 * i), "publish", () -> topic.publish("key-" + n % 7, "" + n));
        }
        sim.run();

        assertEquals(300, handled.size());
        Map<String, Integer> lastPerKey = new LinkedHashMap<>();
        for (Delivery<String> delivery : handled) {
            int value = Integer.parseInt(delivery.value());
            Integer last = lastPerKey.put(delivery.key(), value);
            assertTrue(last == null || last < value, delivery + " after value " + last);
        }
        assertEquals(0, group.lag());
        assertEquals(0, group.redeliveries());
    }

    @Test
    void each_partition_goes_to_one_consumer_of_a_group() {
        Topic<String> topic = broker.topic("orders", 4);
        ConsumerGroup<String> group = topic.group("billing");
        group.join("c1", Delivery::ack);
        group.join("c2", Delivery::ack);

        assertEquals(List.of("c1", "c2", "c1", "c2"),
                List.of(group.owner(0), group.owner(1), group.owner(2), group.owner(3)));
        group.crash("c1");
        assertEquals(List.of("c2", "c2", "c2", "c2"),
                List.of(group.owner(0), group.owner(1), group.owner(2), group.owner(3)));
    }

    @Test
    void each_group_gets_every_message() {
        Topic<String> topic = broker.topic("orders", 2);
        List<Delivery<String>> billing = new ArrayList<>();
        List<Delivery<String>> shipping = new ArrayList<>();
        slowConsumer(topic.group("billing"), "b1", Time.ms(1), billing);
        slowConsumer(topic.group("shipping"), "s1", Time.ms(1), shipping);
        for (int i = 0; i < 10; i++) {
            topic.publish(null, "m" + i);
        }
        sim.run();

        assertEquals(10, billing.size());
        assertEquals(10, shipping.size());
    }

    @Test
    void a_crashed_consumers_unacked_messages_are_redelivered_to_another() {
        Topic<String> topic = broker.topic("orders", 2);
        ConsumerGroup<String> group = topic.group("billing");
        List<Delivery<String>> handled = new ArrayList<>();
        slowConsumer(group, "c1", Time.ms(100), handled);
        slowConsumer(group, "c2", Time.ms(100), handled);
        for (int i = 0; i < 20; i++) {
            topic.publish("k" + i, "m" + i);
        }
        group.crashAt(Time.ms(250), "c1");   // c1 has handled a message it has not acked yet
        sim.run();

        Map<String, Integer> timesHandled = new LinkedHashMap<>();
        handled.forEach(d -> timesHandled.merge(d.value(), 1, Integer::sum));
        assertEquals(20, timesHandled.size(), "every message handled");
        long duplicates = handled.size() - timesHandled.size();
        assertEquals(1, duplicates, "the one c1 was working on when it crashed");
        assertEquals(1, group.redeliveries());
        assertEquals(0, group.lag());
        Delivery<String> redelivered = handled.stream().filter(d -> d.attempt() == 2)
                .findFirst().orElseThrow();
        assertEquals("c2", redelivered.consumer());
        assertTrue(sim.now() > Time.seconds(1), "redelivered only after the ack timeout");
    }

    @Test
    void an_ack_after_the_timeout_is_ignored_and_the_message_comes_again() {
        Topic<String> topic = broker.topic("orders", 1);
        ConsumerGroup<String> group = topic.group("billing");
        List<Delivery<String>> handled = new ArrayList<>();
        group.join("slow", delivery -> {
            handled.add(delivery);
            long work = delivery.attempt() == 1 ? Time.seconds(2) : Time.ms(10);
            sim.after(work, "ack", delivery::ack);
        });
        topic.publish("k", "m");
        sim.run();

        assertEquals(2, handled.size());
        assertEquals(1, group.ignoredAcks());
        assertEquals(1, group.acks());
        assertEquals(0, group.lag());
    }

    @Test
    void a_poison_message_ends_in_the_dead_letter_queue() {
        Topic<String> topic = broker.topic("orders", 1);
        ConsumerGroup<String> group = topic.group("billing");
        List<String> acked = new ArrayList<>();
        group.join("c1", delivery -> {
            if (delivery.value().equals("poison")) {
                throw new IllegalArgumentException("cannot parse " + delivery.value());
            }
            acked.add(delivery.value());
            delivery.ack();
        });
        topic.publish("k", "good 1");
        topic.publish("k", "poison");
        topic.publish("k", "good 2");
        sim.run();

        assertEquals(List.of("good 1", "good 2"), acked);
        assertEquals(1, group.deadLetters().size());
        Delivery<String> dead = group.deadLetters().get(0);
        assertEquals("poison", dead.value());
        assertEquals(3, dead.attempt());
        assertEquals(3, group.failedDeliveries());
        assertEquals(0, group.lag());
    }

    @Test
    void a_message_never_acked_is_dead_lettered_after_the_last_timeout() {
        Topic<String> topic = broker.topic("orders", 1);
        ConsumerGroup<String> group = topic.group("billing");
        group.join("black hole", delivery -> { });
        topic.publish("k", "m");
        sim.run();

        assertEquals(1, group.deadLetters().size());
        assertEquals(Time.seconds(3), sim.now(), "three deliveries, each timing out after 1 s");
    }

    @Test
    void lag_grows_when_consumers_are_slower_than_producers() {
        Topic<String> topic = broker.topic("events", 2);
        ConsumerGroup<String> group = topic.group("slow");
        slowConsumer(group, "c1", Time.ms(40), new ArrayList<>());   // ~24 per s per partition
        Topic<String> other = broker.topic("events-copy", 2);
        ConsumerGroup<String> fast = other.group("fast");
        slowConsumer(fast, "c1", Time.ms(2), new ArrayList<>());
        sim.every(Time.ms(10), "publish", () -> {                     // 100 per s
            topic.publish(null, "e");
            other.publish(null, "e");
        });
        sim.runFor(Time.seconds(20));

        long at5 = group.lagAt(0, Time.seconds(5)) + group.lagAt(1, Time.seconds(5));
        long at10 = group.lagAt(0, Time.seconds(10)) + group.lagAt(1, Time.seconds(10));
        long at20 = group.lag();
        assertTrue(at5 < at10 && at10 < at20, at5 + ", " + at10 + ", " + at20);
        // 100 published per second, two partitions each finishing one per ~43 ms: ~53 per second
        assertEquals((100 - 2 * 1000.0 / 43) * 20, at20, 60);
        assertTrue(fast.lag() <= 2, "a fast group keeps up: " + fast.lag());
        assertEquals(2, group.lagChart(Time.seconds(1), List.of()).series().size());
        assertEquals(20, group.lagChart(Time.seconds(1), List.of()).series().get(0).values().size());
    }

    @Test
    void a_message_given_up_on_goes_to_the_dead_letter_queue_at_once_and_the_partition_moves_on() {
        Topic<String> topic = broker.topic("orders", 1);
        ConsumerGroup<String> group = topic.group("billing");
        List<String> handled = new ArrayList<>();
        group.join("c1", delivery -> {
            handled.add(delivery.value() + "#" + delivery.attempt());
            if (delivery.value().equals("garbage")) {
                delivery.deadLetter();
            } else {
                delivery.ack();
            }
        });
        topic.publish("k", "a");
        topic.publish("k", "garbage");
        topic.publish("k", "b");
        sim.run();

        assertEquals(List.of("a#1", "garbage#1", "b#1"), handled);
        assertEquals(1, group.deadLetters().size());
        assertEquals("garbage", group.deadLetters().get(0).value());
        assertEquals(0, group.redeliveries());
        assertEquals(0, group.lag());
    }

    @Test
    void dead_lettering_after_the_ack_timeout_is_ignored() {
        Topic<String> topic = broker.topic("orders", 1);
        ConsumerGroup<String> group = topic.group("billing");
        List<Integer> attempts = new ArrayList<>();
        group.join("c1", delivery -> {
            attempts.add(delivery.attempt());
            if (delivery.attempt() == 1) {
                sim.after(Time.seconds(2), "too late", delivery::deadLetter);
            } else {
                delivery.ack();
            }
        });
        topic.publish("k", "a");
        sim.run();

        assertEquals(List.of(1, 2), attempts);
        assertEquals(0, group.deadLetters().size());
        assertEquals(1, group.ignoredAcks());
    }

    @Test
    void with_several_in_flight_a_partitions_messages_still_arrive_in_order() {
        Topic<String> topic = broker.topic("orders", 1);
        ConsumerGroup<String> group = topic.group("billing").maxInFlight(50);
        List<Integer> arrived = new ArrayList<>();
        group.join("c1", delivery -> {
            arrived.add(Integer.parseInt(delivery.value()));
            delivery.ack();
        });
        for (int i = 0; i < 200; i++) {
            topic.publish("k", "" + i);
        }
        sim.run();

        List<Integer> sorted = new ArrayList<>(arrived);
        sorted.sort(null);
        assertEquals(200, arrived.size());
        assertEquals(sorted, arrived);
    }

    @Test
    void a_publish_with_an_ack_is_written_halfway_and_acknowledged_after_the_publish_latency() {
        broker.publishLatency(Distribution.constant(Time.ms(4)));
        Topic<String> topic = broker.topic("orders", 2);
        List<String> log = new ArrayList<>();
        topic.publish("customer-7", "order 1", ack -> log.add(Time.format(sim.now()) + " " + ack));
        sim.at(Time.ms(1), "look", () -> log.add("at 1 ms: " + topic.endOffset(topic.partitionOf("customer-7"))));
        sim.at(Time.ms(3), "look", () -> log.add("at 3 ms: " + topic.endOffset(topic.partitionOf("customer-7"))));
        sim.run();

        int partition = topic.partitionOf("customer-7");
        assertEquals(List.of("at 1 ms: 0", "at 3 ms: 1",
                "4.000 ms PublishAck[status=OK, partition=" + partition + ", offset=0]"), log);
    }

    @Test
    void a_publish_while_the_broker_is_down_is_refused_and_writes_nothing() {
        Topic<String> topic = broker.topic("orders", 1);
        List<PublishAck> acks = new ArrayList<>();
        broker.crash();
        topic.publish("k", "a", acks::add);
        long offset = topic.publish("k", "b");
        sim.run();

        assertEquals(List.of(new PublishAck(PublishAck.Status.DOWN, -1, -1)), acks);
        assertEquals(-1, offset);
        assertEquals(0, topic.endOffset(0));
    }

    @Test
    void a_crash_before_the_ack_leaves_the_producer_unsure_whether_the_message_was_written() {
        broker.publishLatency(Distribution.constant(Time.ms(4)));
        Topic<String> topic = broker.topic("orders", 1);
        List<PublishAck> acks = new ArrayList<>();
        topic.publish("k", "written before the crash", acks::add);      // written at 2 ms
        sim.at(Time.ms(1), "second", () -> topic.publish("k", "not written", acks::add));  // would be at 3 ms
        broker.crashAt(Time.ms(2.5));
        broker.restartAt(Time.ms(10));
        sim.run();

        assertEquals(List.of(PublishAck.Status.UNKNOWN, PublishAck.Status.UNKNOWN),
                acks.stream().map(PublishAck::status).toList());
        assertEquals(1, topic.endOffset(0));
        assertEquals(1, broker.faults().size());
        assertEquals(Time.ms(10), broker.faults().get(0).end());
    }

    @Test
    void a_broker_crash_pauses_deliveries_and_sends_what_was_in_flight_again_after_the_restart() {
        Topic<String> topic = broker.topic("orders", 1);
        ConsumerGroup<String> group = topic.group("billing");
        List<String> handled = new ArrayList<>();
        group.join("c1", delivery -> {
            handled.add(delivery.value() + "#" + delivery.attempt() + "@" + Time.format(sim.now()));
            sim.after(Time.ms(10), "ack", delivery::ack);
        });
        topic.publish("k", "a");
        topic.publish("k", "b");
        broker.crashAt(Time.ms(5));
        broker.restartAt(Time.seconds(3));
        sim.run();

        // "a" arrived at 1-5 ms; its ack at 11-15 ms came while the broker was down and was ignored.
        assertEquals(3, handled.size(), handled.toString());
        assertTrue(handled.get(0).startsWith("a#1@"));
        assertTrue(handled.get(1).startsWith("a#1@3."), handled.get(1));   // same attempt: a broker crash is not the message's fault
        assertTrue(handled.get(2).startsWith("b#1@3."), handled.get(2));
        assertEquals(0, group.lag());
        assertEquals(0, group.redeliveries());
    }

    @Test
    void a_producer_killed_before_its_ack_still_writes_the_message_but_never_hears_the_ack() {
        Topic<String> topic = broker.topic("orders", 1);
        List<PublishAck> heard = new ArrayList<>();
        sim.runAs("service-1", () -> topic.publish("k", "a", heard::add));
        sim.runAs("service-2", () -> topic.publish("k", "b", heard::add));
        sim.at(Time.ms(1.5), "service-1 dies", () -> sim.kill("service-1"));
        sim.run();

        assertEquals(2, topic.endOffset(0));
        assertEquals(1, heard.size());
        assertEquals(1, heard.get(0).offset());
    }

    @Test
    void a_consumers_handler_runs_as_its_process() {
        Topic<String> topic = broker.topic("orders", 1);
        List<String> seen = new ArrayList<>();
        topic.group("billing").join("billing-1", delivery -> {
            seen.add(sim.process());
            delivery.ack();
        });
        topic.publish("k", "a");
        sim.run();

        assertEquals(List.of("billing-1"), seen);
    }
}
