import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.BarChart;
import dev.loadbearing.sim.live.LiveParameters;
import dev.loadbearing.sim.live.LiveRun;
import dev.loadbearing.sim.live.LiveScenario;
import dev.loadbearing.sim.metrics.Latencies;
import dev.loadbearing.sim.store.Datastore;
import dev.loadbearing.sim.store.Reply;
import dev.loadbearing.sim.store.Row;
import dev.loadbearing.sim.store.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Clients that each make 20 withdrawals of 10 from random shared accounts on a database with
 * realistic latency (reads 1-3 ms, writes and commits 2-5 ms), updating the balance in one of three
 * ways. Opening balances are large, so no withdrawal is ever refused: every withdrawal should take
 * exactly 10 off its account, and what is missing at the end was lost.
 */
public final class Scenario implements LiveScenario {
    private static final int WITHDRAWALS_PER_CLIENT = 20;
    private static final int AMOUNT = 10;
    private static final int OPENING = 1_000_000;
    private static final List<String> STRATEGIES = List.of("read-then-write", "compare-and-set", "row-lock");
    private static final List<String> NAMES = List.of("read, then write", "compare-and-set", "row lock");

    @Override
    public LiveRun run(LiveParameters p) {
        String strategy = p.choice("strategy");
        int clients = p.integer("clients");
        int accounts = p.integer("accounts");
        long think = Time.ms(p.integer("think"));
        List<Result> all = new ArrayList<>();
        for (String s : STRATEGIES) {
            all.add(run(p.seed(), s, clients, accounts, think));
        }
        Result r = all.get(STRATEGIES.indexOf(strategy));
        String name = NAMES.get(STRATEGIES.indexOf(strategy));
        String summary = String.format(Locale.ROOT,
                "%s, %d client%s on %d account%s: %d of %d withdrawals were lost (%s of cash handed out that no balance shows), "
                        + "%d compare-and-set conflicts were retried, and writes queued %d times for a row's lock; a withdrawal took "
                        + "%.1f ms on average, %.1f ms at p99, and the last one finished at %.0f ms.",
                capitalise(name), clients, clients == 1 ? "" : "s", accounts, accounts == 1 ? "" : "s", r.lost, r.withdrawals, euros(r.lost * AMOUNT),
                r.conflicts, r.lockWaits, Time.toMillis((long) r.latencies.mean()), Time.toMillis(r.latencies.percentile(99)),
                Time.toMillis(r.finished));
        List<Double> lost = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        for (Result each : all) {
            lost.add((double) each.lost);
            p99.add(Time.toMillis(each.latencies.percentile(99)));
        }
        return new LiveRun(summary, List.of(
                new BarChart(String.format(Locale.ROOT, "%s: what happened to %d withdrawals (seed %d)", capitalise(name), r.withdrawals, p.seed()),
                        "withdrawals", "count",
                        List.of("applied", "lost", "retried after a conflict", "queued for a row lock"),
                        List.of((double) (r.withdrawals - r.lost), (double) r.lost, (double) r.conflicts, (double) r.lockWaits)),
                r.latencies.chart(String.format(Locale.ROOT, "%s: latency of one withdrawal (seed %d)", capitalise(name), p.seed()), 20),
                new BarChart(String.format(Locale.ROOT, "Lost withdrawals by strategy, same clients and seed %d", p.seed()),
                        "strategy", "withdrawals lost", NAMES, lost),
                new BarChart(String.format(Locale.ROOT, "p99 latency of a withdrawal by strategy (seed %d)", p.seed()),
                        "strategy", "p99 latency (ms)", NAMES, p99)));
    }

    private static String capitalise(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String euros(long amount) {
        return String.format(Locale.ROOT, "%,d euros", amount);
    }

    private static final class Result {
        final Latencies latencies = new Latencies();
        int withdrawals;
        long lost;
        long conflicts;
        long lockWaits;
        long finished;
    }

    private static Result run(long seed, String strategy, int clients, int accounts, long think) {
        Sim sim = new Sim(seed);
        Datastore<Integer> db = new Datastore<Integer>(sim, "db")
                .readLatency(Distribution.uniform(Time.ms(1), Time.ms(3)))
                .writeLatency(Distribution.uniform(Time.ms(2), Time.ms(5)));
        for (int a = 0; a < accounts; a++) {
            db.load(account(a), OPENING);
        }
        Result result = new Result();
        RandomStream pick = sim.random("accounts");
        RandomStream pauses = sim.random("think");
        Distribution pause = think == 0 ? Distribution.constant(0) : Distribution.exponential(think);
        for (int c = 0; c < clients; c++) {
            int[] left = {WITHDRAWALS_PER_CLIENT};
            Runnable[] next = new Runnable[1];
            next[0] = () -> {
                if (left[0]-- == 0) {
                    return;
                }
                String key = account(pick.nextInt(accounts));
                long start = sim.now();
                Runnable done = () -> {
                    result.withdrawals++;
                    result.latencies.record(sim.now() - start);
                    result.finished = Math.max(result.finished, sim.now());
                    sim.after(pause.sampleNanos(pauses), "think", next[0]);
                };
                withdraw(db, strategy, key, result, done);
            };
            sim.after(pause.sampleNanos(pauses), "client " + c + " starts", next[0]);
        }
        sim.run();
        long balances = 0;
        for (int a = 0; a < accounts; a++) {
            balances += db.peek(account(a)).value();
        }
        long handedOut = (long) result.withdrawals * AMOUNT;
        result.lost = (handedOut - ((long) accounts * OPENING - balances)) / AMOUNT;
        result.lockWaits = db.lockWaits();
        return result;
    }

    private static String account(int a) {
        return "account-" + a;
    }

    private static void withdraw(Datastore<Integer> db, String strategy, String key, Result result, Runnable done) {
        switch (strategy) {
            case "read-then-write" -> db.read(key, row -> db.write(key, row.value().value() - AMOUNT, written -> done.run()));
            case "compare-and-set" -> db.read(key, row -> casLoop(db, key, row.value(), result, done));
            default -> {
                Transaction<Integer> tx = db.begin();
                tx.readForUpdate(key, row -> tx.write(key, row.value().value() - AMOUNT,
                        written -> tx.commit(committed -> done.run())));
            }
        }
    }

    /** Writes if the version is still the one read; on a conflict, tries again from the row the conflict carries. */
    private static void casLoop(Datastore<Integer> db, String key, Row<Integer> seen, Result result, Runnable done) {
        db.compareAndSet(key, seen.version(), seen.value() - AMOUNT, (Reply<Row<Integer>> reply) -> {
            if (reply.isOk()) {
                done.run();
            } else {
                result.conflicts++;
                casLoop(db, key, reply.value(), result, done);
            }
        });
    }
}
