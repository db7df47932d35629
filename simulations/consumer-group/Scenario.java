import dev.loadbearing.sim.broker.Broker;
import dev.loadbearing.sim.broker.ConsumerGroup;
import dev.loadbearing.sim.broker.Delivery;
import dev.loadbearing.sim.broker.Topic;
import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.Fault;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.Band;
import dev.loadbearing.sim.figure.TimeSeriesChart;
import dev.loadbearing.sim.live.LiveParameters;
import dev.loadbearing.sim.live.LiveRun;
import dev.loadbearing.sim.live.LiveScenario;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Messages keyed by 200 customers published for 15 s onto a topic, read by a consumer group
 * whose consumers each handle one message at a time (a poll loop) and send their acks every so
 * often in a batch, as Kafka consumers commit offsets. The broker lets {@code prefetch} messages
 * of a partition be out at once and redelivers whatever is not acknowledged within the ack
 * timeout. Optionally one consumer
 * crashes at 5 s; a replacement joins 2 s later. Without idempotence a redelivered message that
 * had already been processed is applied twice.
 */
public final class Scenario implements LiveScenario {
    private static final long PUBLISHING = Time.seconds(15);
    private static final long END = Time.seconds(22);
    private static final long CRASH_AT = Time.seconds(5);
    private static final long REPLACEMENT_AFTER = Time.seconds(2);

    @Override
    public LiveRun run(LiveParameters p) {
        Sim sim = new Sim(p.seed());
        Broker broker = new Broker(sim, "broker").deliveryLatency(Distribution.uniform(Time.ms(1), Time.ms(3)))
                .ackTimeout(Time.ms(p.integer("ackTimeoutMs"))).maxDeliveries(1_000);
        Topic<Integer> topic = broker.topic("orders", p.integer("partitions"));
        ConsumerGroup<Integer> group = topic.group("billing");
        Distribution work = Distribution.erlang(4, Time.ms(p.integer("workMs")));
        boolean idempotent = p.flag("idempotent");
        long ackEvery = Time.ms(p.integer("ackEveryMs"));
        group.maxInFlight(p.integer("prefetch"));
        Map<Integer, Integer> applied = new HashMap<>();
        Map<Integer, String> keyOf = new HashMap<>();
        Map<String, Integer> newest = new HashMap<>();
        long[] counts = new long[4];                           // processed, applied twice, skipped, out of order
        int bins = (int) (END / Time.ms(500));
        double[] first = new double[bins];
        double[] again = new double[bins];
        List<Fault> faults = new ArrayList<>();

        class Worker {
            final String name;
            final RandomStream random;
            final ArrayDeque<Delivery<Integer>> queue = new ArrayDeque<>();
            final List<Delivery<Integer>> unacked = new ArrayList<>();
            boolean busy;
            boolean alive = true;

            Worker(String name) {
                this.name = name;
                this.random = sim.random("work/" + name);
            }

            void flush() {
                if (alive) {
                    unacked.forEach(Delivery::ack);
                }
                unacked.clear();
            }

            void receive(Delivery<Integer> delivery) {
                int bin = (int) Math.min(bins - 1, sim.now() / Time.ms(500));
                (delivery.attempt() == 1 ? first : again)[bin] += 2;
                queue.add(delivery);
                next();
            }

            void next() {
                if (busy || !alive || queue.isEmpty()) {
                    return;
                }
                Delivery<Integer> delivery = queue.poll();
                busy = true;
                sim.after(work.sampleNanos(random), "process", () -> {
                    busy = false;
                    if (!alive) {
                        return;
                    }
                    counts[0]++;
                    int id = delivery.value();
                    int times = applied.getOrDefault(id, 0);
                    if (times > 0 && idempotent) {
                        counts[2]++;
                    } else {
                        applied.put(id, times + 1);
                        if (times > 0) {
                            counts[1]++;
                        } else if (newest.getOrDefault(keyOf.get(id), 0) > id) {
                            counts[3]++;
                        }
                        newest.merge(keyOf.get(id), id, Math::max);
                    }
                    if (ackEvery == 0) {
                        delivery.ack();
                    } else {
                        unacked.add(delivery);             // sent with the next batch of acks
                    }
                    next();
                });
            }
        }

        List<Worker> workers = new ArrayList<>();
        if (ackEvery > 0) {
            sim.every(ackEvery, "send acks", () -> workers.forEach(Worker::flush));
        }
        for (int i = 1; i <= p.integer("consumers"); i++) {
            Worker worker = new Worker("consumer-" + i);
            workers.add(worker);
            group.join(worker.name, worker::receive);
        }
        if (p.flag("crash")) {
            sim.at(CRASH_AT, "crash", () -> {
                Worker victim = workers.get(0);
                victim.alive = false;
                group.crash(victim.name);
                faults.add(new Fault(victim.name + " crashed", CRASH_AT, CRASH_AT + REPLACEMENT_AFTER));
            });
            sim.at(CRASH_AT + REPLACEMENT_AFTER, "replace", () -> {
                Worker replacement = new Worker("consumer-" + (workers.size() + 1));
                workers.add(replacement);
                group.join(replacement.name, replacement::receive);
            });
        }
        RandomStream arrivals = sim.random("publish");
        Distribution gaps = Distribution.exponential(Time.seconds(1) / (double) p.integer("rate"));
        int[] published = {0};
        for (long t = gaps.sampleNanos(arrivals); t < PUBLISHING; t += gaps.sampleNanos(arrivals)) {
            int id = ++published[0];
            String key = "customer-" + arrivals.nextInt(200);
            keyOf.put(id, key);
            sim.at(t, "publish", () -> topic.publish(key, id));
        }
        sim.runFor(END);

        List<Double> seconds = new ArrayList<>();
        List<Double> lag = new ArrayList<>();
        long worst = 0;
        for (long t = Time.ms(100); t <= END; t += Time.ms(100)) {
            long total = 0;
            for (int q = 0; q < topic.partitions(); q++) {
                total += group.lagAt(q, t);
            }
            worst = Math.max(worst, total);
            seconds.add(Time.toSeconds(t));
            lag.add((double) total);
        }
        List<Double> binTimes = new ArrayList<>();
        List<Double> firstSeries = new ArrayList<>();
        List<Double> againSeries = new ArrayList<>();
        for (int i = 0; i < bins; i++) {
            binTimes.add(i * 0.5);
            firstSeries.add(first[i]);
            againSeries.add(again[i]);
        }
        List<Band> bands = Fault.bands(faults, sim.now());
        int idle = Math.max(0, p.integer("consumers") - topic.partitions());
        String summary = String.format(Locale.ROOT,
                "%,d messages published, %,d redeliver%s; the lag peaked at %,d messages and %,d were still "
                        + "unfinished at the end. %s%s%s",
                published[0], group.redeliveries(), group.redeliveries() == 1 ? "y" : "ies", worst, group.lag(),
                idempotent ? String.format(Locale.ROOT, "%,d duplicate%s recognised and skipped", counts[2],
                        counts[2] == 1 ? " was" : "s were")
                        : String.format(Locale.ROOT, "%,d message%s applied twice", counts[1],
                        counts[1] == 1 ? " was" : "s were"),
                counts[3] == 0 ? "." : String.format(Locale.ROOT, "; %,d applied after a later message of "
                        + "their key.", counts[3]),
                idle > 0 ? String.format(Locale.ROOT, " %d consumer%s had no partition and sat idle.", idle,
                        idle == 1 ? "" : "s") : "");
        return new LiveRun(summary, List.of(
                new TimeSeriesChart("Consumer lag, all partitions (seed " + p.seed() + ")", "messages not yet acknowledged",
                        List.of(new TimeSeriesChart.Series("lag", seconds, lag)), bands),
                new TimeSeriesChart("Deliveries per second (seed " + p.seed() + ")", "deliveries per second",
                        List.of(new TimeSeriesChart.Series("first deliveries", binTimes, firstSeries),
                                new TimeSeriesChart.Series("redeliveries", binTimes, againSeries)), bands)));
    }
}
