import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.BarChart;
import dev.loadbearing.sim.figure.LineChart;
import dev.loadbearing.sim.live.LiveParameters;
import dev.loadbearing.sim.live.LiveRun;
import dev.loadbearing.sim.live.LiveScenario;
import dev.loadbearing.sim.metrics.Latencies;
import dev.loadbearing.sim.store.Datastore;
import dev.loadbearing.sim.store.Reply;
import dev.loadbearing.sim.store.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A shop of 48 orders stored as aggregates of 1 to 48 orders each (one row per aggregate, on a
 * database whose reads take 1-3 ms and writes 2-5 ms). Clients each send 20 commands to random
 * orders: read the aggregate, change one order in it, store it. With compare-and-set, a command
 * that finds the version moved decides again on the aggregate the conflict carries, up to its
 * attempts; with a plain write, it stores whatever it computed. Every accepted command adds one
 * item to its order, so what the orders hold at the end shows the updates that were lost.
 */
public final class Scenario implements LiveScenario {
    private static final int ORDERS = 48;
    private static final int COMMANDS_PER_CLIENT = 20;
    private static final int[] SIZES = {1, 2, 4, 8, 16, 48};

    @Override
    public LiveRun run(LiveParameters p) {
        int size = p.integer("ordersPerAggregate");
        int clients = p.integer("clients");
        int attempts = p.integer("attempts");
        boolean cas = p.choice("store").equals("compare-and-set");
        long think = Time.ms(p.integer("think"));
        Result r = run(p.seed(), size, clients, attempts, cas, think);
        List<Double> sizes = new ArrayList<>();
        List<Double> conflictsPerCommand = new ArrayList<>();
        List<Double> throughput = new ArrayList<>();
        for (int s : SIZES) {
            Result each = s == size ? r : run(p.seed(), s, clients, attempts, cas, think);
            sizes.add((double) s);
            conflictsPerCommand.add(each.commands == 0 ? 0 : (double) (cas ? each.conflicts : each.lost) / each.commands);
            throughput.add(each.perSecond());
        }
        int aggregates = (ORDERS + size - 1) / size;
        String summary = String.format(Locale.ROOT,
                "%d clients on %d orders in %d aggregate%s of %d: %d commands stored in %.0f ms (%.0f a second), %.2f version conflicts "
                        + "per command, %d gave up after %d attempt%s, %d accepted updates lost; a command took %.1f ms on average, %.1f ms at p99.",
                clients, ORDERS, aggregates, aggregates == 1 ? "" : "s", size, r.accepted, Time.toMillis(r.finished), r.perSecond(),
                r.commands == 0 ? 0.0 : (double) r.conflicts / r.commands, r.gaveUp, attempts, attempts == 1 ? "" : "s", r.lost,
                Time.toMillis((long) r.latencies.mean()), Time.toMillis(r.latencies.percentile(99)));
        String how = cas ? "compare-and-set" : "plain write";
        return new LiveRun(summary, List.of(
                new BarChart(String.format(Locale.ROOT, "What happened to %d commands, aggregates of %d order%s, %s (seed %d)",
                        r.commands, size, size == 1 ? "" : "s", how, p.seed()), "outcome", "commands",
                        List.of("stored", "gave up: conflict", "version conflicts retried", "accepted but lost"),
                        List.of((double) r.accepted - r.lost, (double) r.gaveUp, (double) Math.max(0, r.conflicts - r.gaveUp), (double) r.lost)),
                new LineChart(String.format(Locale.ROOT, "%s per command by aggregate size, %d clients, %s (seed %d)",
                        cas ? "Version conflicts" : "Lost updates", clients, how, p.seed()), "orders per aggregate",
                        cas ? "conflicts per command" : "lost updates per command",
                        List.of(new LineChart.Series(cas ? "conflicts per command" : "lost updates per command", sizes, conflictsPerCommand))),
                new LineChart(String.format(Locale.ROOT, "Commands stored per second by aggregate size, %d clients (seed %d)", clients, p.seed()),
                        "orders per aggregate", "commands stored per second",
                        List.of(new LineChart.Series("stored per second", sizes, throughput))),
                r.latencies.chart(String.format(Locale.ROOT, "Time from sending a command to its answer, aggregates of %d order%s (seed %d)",
                        size, size == 1 ? "" : "s", p.seed()), 20)));
    }

    private static final class Result {
        final Latencies latencies = new Latencies();
        int commands;
        int accepted;
        int gaveUp;
        long conflicts;
        long lost;
        long finished;

        double perSecond() {
            return finished == 0 ? 0 : (accepted - lost) / Time.toSeconds(finished);
        }
    }

    private static Result run(long seed, int size, int clients, int attempts, boolean cas, long think) {
        Sim sim = new Sim(seed);
        Datastore<List<Integer>> db = new Datastore<List<Integer>>(sim, "db")
                .readLatency(Distribution.uniform(Time.ms(1), Time.ms(3)))
                .writeLatency(Distribution.uniform(Time.ms(2), Time.ms(5)));
        int aggregates = (ORDERS + size - 1) / size;
        for (int a = 0; a < aggregates; a++) {
            List<Integer> items = new ArrayList<>();
            for (int i = 0; i < Math.min(size, ORDERS - a * size); i++) {
                items.add(0);
            }
            db.load("aggregate-" + a, List.copyOf(items));
        }
        Result result = new Result();
        RandomStream random = sim.random("commands");
        Distribution pause = think == 0 ? Distribution.constant(0) : Distribution.exponential(think);
        for (int c = 0; c < clients; c++) {
            int[] left = {COMMANDS_PER_CLIENT};
            Runnable[] next = new Runnable[1];
            next[0] = () -> {
                if (left[0]-- == 0) {
                    return;
                }
                int order = random.nextInt(ORDERS);
                String key = "aggregate-" + order / size;
                int slot = order % size;
                long start = sim.now();
                result.commands++;
                Runnable done = () -> {
                    result.latencies.record(sim.now() - start);
                    result.finished = Math.max(result.finished, sim.now());
                    sim.after(pause.sampleNanos(random), "pause", next[0]);
                };
                db.read(key, row -> {
                    if (cas) {
                        attempt(db, key, slot, row.value(), 1, attempts, result, done);
                    } else {
                        db.write(key, plusOne(row.value().value(), slot), written -> {
                            result.accepted++;
                            done.run();
                        });
                    }
                });
            };
            sim.after(pause.sampleNanos(random), "client " + c + " starts", next[0]);
        }
        sim.run();
        long held = 0;
        for (int a = 0; a < aggregates; a++) {
            for (int items : db.peek("aggregate-" + a).value()) {
                held += items;
            }
        }
        result.lost = result.accepted - held;
        return result;
    }

    private static void attempt(Datastore<List<Integer>> db, String key, int slot, Row<List<Integer>> row, int attempt, int attempts,
            Result result, Runnable done) {
        db.compareAndSet(key, row.version(), plusOne(row.value(), slot), (Reply<Row<List<Integer>>> reply) -> {
            if (reply.isOk()) {
                result.accepted++;
                done.run();
                return;
            }
            result.conflicts++;
            if (attempt < attempts) {
                attempt(db, key, slot, reply.value(), attempt + 1, attempts, result, done);
            } else {
                result.gaveUp++;
                done.run();
            }
        });
    }

    private static List<Integer> plusOne(List<Integer> items, int slot) {
        List<Integer> changed = new ArrayList<>(items);
        changed.set(slot, changed.get(slot) + 1);
        return List.copyOf(changed);
    }
}
