package dev.loadbearing.sim.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.eventlog.Batch;
import dev.loadbearing.sim.eventlog.EventLog;
import dev.loadbearing.sim.eventlog.LogEvent;
import dev.loadbearing.sim.eventlog.Projection;
import dev.loadbearing.sim.eventlog.Projector;
import dev.loadbearing.sim.eventlog.ReadModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A database's change stream: its commits, in order, as an event log. */
class ChangeStreamTest {

    /** Keeps each row's latest value, skipping what the saved position says it has applied. */
    static final class LatestRow implements Projector<Row<Integer>, Integer> {
        @Override
        public long resumeAfter(ReadModel<Integer> view) {
            return view.position();
        }

        @Override
        public void apply(Batch<Row<Integer>> batch, ReadModel<Integer> view) {
            long through = view.position();
            for (LogEvent<Row<Integer>> event : batch.events()) {
                if (event.position() <= through) {
                    continue;
                }
                view.put(event.entity(), event.value().value());
                through = event.position();
            }
            view.savePosition(through);
        }
    }

    private static Datastore<Integer> database(Sim sim) {
        return new Datastore<Integer>(sim, "accounts")
                .readLatency(Distribution.uniform(Time.ms(0.5), Time.ms(1.5)))
                .writeLatency(Distribution.uniform(Time.ms(1), Time.ms(5)))
                .lockTimeout(Time.ms(40));
    }

    /**
     * Moves one unit from one account to another in a transaction, every few milliseconds, from
     * many clients at once: transactions overlap, wait for locks, deadlock and time out.
     */
    private static List<String> transfers(Sim sim, Datastore<Integer> db, EventLog<Row<Integer>> stream,
            int count, List<String> problems) {
        RandomStream random = sim.random("transfers");
        List<String> committed = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "t" + i;
            String from = "acct-" + random.nextInt(8);
            String to = "acct-" + random.nextInt(8);
            sim.at(Time.micros(1500) * i, "transfer " + id, () -> {
                Transaction<Integer> tx = db.begin();
                tx.readForUpdate(from, a -> {
                    if (!a.isOk()) {
                        return;
                    }
                    tx.write(from, a.value().value() - 1, w1 -> tx.readForUpdate(to, b -> {
                        if (!b.isOk()) {
                            return;
                        }
                        tx.write(to, b.value().value() + 1, w2 -> tx.commit(done -> {
                            if (!done.isOk()) {
                                return;
                            }
                            committed.add(id);
                            // with no lag the commit's rows are in the stream before its reply
                            List<String> last = new ArrayList<>();
                            int rows = from.equals(to) ? 1 : 2;
                            for (long p = stream.lastPosition() - rows + 1; p <= stream.lastPosition(); p++) {
                                last.add(stream.event(p).entity());
                            }
                            if (!last.equals(from.equals(to) ? List.of(from) : List.of(from, to))) {
                                problems.add(id + " heard its commit but the stream ends with " + last);
                            }
                        }));
                    }));
                });
            });
        }
        return committed;
    }

    private static Map<String, Row<Integer>> replay(EventLog<Row<Integer>> stream) {
        Map<String, Row<Integer>> rows = new TreeMap<>();
        for (LogEvent<Row<Integer>> event : stream.events()) {
            rows.put(event.entity(), event.value());
        }
        return rows;
    }

    @Test
    void concurrent_transactions_reach_the_stream_in_commit_order() {
        Sim sim = new Sim(42);
        Datastore<Integer> db = database(sim);
        for (int i = 0; i < 8; i++) {
            db.load("acct-" + i, 100);
        }
        EventLog<Row<Integer>> stream = db.changeStream();
        List<List<Row<Integer>>> commits = new ArrayList<>();
        db.onCommit(commits::add);
        List<String> problems = new ArrayList<>();
        List<String> committed = transfers(sim, db, stream, 400, problems);
        sim.run();

        assertEquals(List.of(), problems);
        assertTrue(committed.size() > 50, committed.size() + " transfers committed");
        assertTrue(db.count(Reply.Status.DEADLOCK.description()) + db.count(Reply.Status.LOCK_TIMEOUT.description()) > 0,
                "the scenario makes some transactions roll back: " + db.counts());
        List<String> inBeginOrder = new ArrayList<>(committed);
        inBeginOrder.sort((a, b) -> Integer.compare(Integer.parseInt(a.substring(1)), Integer.parseInt(b.substring(1))));
        assertNotEquals(inBeginOrder, committed, "transactions overlap, so commit order is not begin order");

        // the snapshot of the 8 loaded rows, then exactly the rows onCommit saw, in the same order
        assertEquals(8 + commits.stream().mapToInt(List::size).sum(), stream.lastPosition());
        List<Row<Integer>> seen = new ArrayList<>();
        commits.forEach(seen::addAll);
        assertEquals(seen, stream.events().subList(8, stream.events().size()).stream().map(LogEvent::value).toList());
        Map<String, Long> lastVersion = new HashMap<>();
        long lastTime = 0;
        for (LogEvent<Row<Integer>> event : stream.events()) {
            assertEquals(event.value().version(), event.version(), "the event's version is the row's");
            long before = lastVersion.getOrDefault(event.entity(), 0L);
            assertEquals(before + 1, event.version(), "each committed version once, in order: " + event);
            lastVersion.put(event.entity(), event.version());
            assertTrue(event.appendedAt() >= lastTime, "appended in time order: " + event);
            lastTime = event.appendedAt();
        }
        assertEquals(db.rows(), replay(stream), "replaying the stream gives the database");
        assertEquals(800, db.rows().values().stream().mapToInt(Row::value).sum(), "money is conserved");
    }

    @Test
    void rolled_back_and_crashed_transactions_emit_nothing() {
        Sim sim = new Sim(1);
        Datastore<Integer> db = new Datastore<Integer>(sim, "db")
                .readLatency(Distribution.constant(Time.ms(1)))
                .writeLatency(Distribution.constant(Time.ms(2)))
                .lockTimeout(Time.ms(10));
        EventLog<Row<Integer>> stream = db.changeStream();
        EventLog<Row<Integer>> late = db.changeStream(Time.ms(50));
        List<String> replies = new ArrayList<>();

        Transaction<Integer> rolledBack = db.begin();                   // writes, then changes its mind
        rolledBack.write("a", 1, w -> rolledBack.rollback());
        Transaction<Integer> holder = db.begin();                       // holds b for 30 ms
        holder.write("b", 2, w -> sim.after(Time.ms(30), "commit b", () -> holder.commit(null)));
        sim.at(Time.ms(1), "waits for b", () -> {
            Transaction<Integer> waiter = db.begin();                   // times out after 10 ms
            waiter.write("c", 3, w -> waiter.write("b", 4, r -> replies.add("waiter " + r.status().description())));
        });
        sim.at(Time.ms(40), "in flight at the crash", () -> {
            Transaction<Integer> doomed = db.begin();
            doomed.write("d", 5, w -> doomed.commit(r -> replies.add("doomed commit " + r.status().description())));
        });
        sim.at(Time.ms(40), "autocommit in flight", () -> db.write("e", 6, r -> replies.add("write e " + r.status().description())));
        sim.at(Time.ms(43), "crash", db::crash);                        // d's commit is due at 44 ms
        sim.at(Time.ms(60), "restart", db::restart);
        sim.at(Time.ms(61), "after the restart", () -> db.write("f", 7, null));
        sim.run();

        assertEquals(List.of("waiter lock wait timed out", "write e ok", "doomed commit lost in a crash"), replies);
        List<String> rows = stream.events().stream().map(e -> e.value().toString()).toList();
        assertEquals(List.of("b=2 v1", "e=6 v1", "f=7 v1"), rows);
        assertEquals(rows, late.events().stream().map(e -> e.value().toString()).toList());
        assertEquals(List.of(Time.ms(34), Time.ms(42), Time.ms(63)), stream.events().stream().map(LogEvent::appendedAt).toList());
        // the same commits 50 ms later
        assertEquals(List.of(Time.ms(84), Time.ms(92), Time.ms(113)), late.events().stream().map(LogEvent::appendedAt).toList());
    }

    @Test
    void a_lagging_stream_holds_back_while_the_database_is_down_and_loses_nothing() {
        Sim sim = new Sim(1);
        Datastore<Integer> db = new Datastore<Integer>(sim, "db").writeLatency(Distribution.constant(Time.ms(2)));
        EventLog<Row<Integer>> late = db.changeStream(Time.ms(50));
        assertSame(late, db.changeStream(Time.ms(50)), "one stream per lag");
        db.write("a", 1, null);                                        // commits at 2 ms, due at 52 ms
        sim.at(Time.ms(5), "b", () -> db.write("b", 2, null));         // commits at 7 ms, due at 57 ms
        db.crashAt(Time.ms(10));
        db.restartAt(Time.ms(100));
        sim.run();

        assertEquals(List.of("a=1 v1", "b=2 v1"), late.events().stream().map(e -> e.value().toString()).toList());
        assertEquals(List.of(Time.ms(100), Time.ms(100)), late.events().stream().map(LogEvent::appendedAt).toList());
    }

    @Test
    void a_commit_in_flight_when_its_client_dies_still_reaches_the_stream() {
        Sim sim = new Sim(1);
        Datastore<Integer> db = new Datastore<Integer>(sim, "db").writeLatency(Distribution.constant(Time.ms(2)));
        EventLog<Row<Integer>> stream = db.changeStream();
        db.as("app-1", () -> {
            Transaction<Integer> tx = db.begin();
            tx.write("a", 1, w -> {
                tx.commit(null);
                db.disconnect("app-1");                                // the server has the commit
            });
        });
        db.as("app-2", () -> {
            Transaction<Integer> tx = db.begin();
            tx.write("b", 1, w -> {
                db.disconnect("app-2");                                // dies before committing
                tx.commit(null);
            });
        });
        sim.run();

        assertEquals(List.of("a=1 v1"), stream.events().stream().map(e -> e.value().toString()).toList());
    }

    @Test
    void a_stream_opened_late_starts_with_a_snapshot_and_loads_are_commits() {
        Sim sim = new Sim(1);
        Datastore<Integer> db = new Datastore<>(sim, "db");
        db.load("b", 1);
        db.load("a", 1);
        db.load("a", 2);
        List<List<Row<Integer>>> commits = new ArrayList<>();
        db.onCommit(commits::add);
        EventLog<Row<Integer>> stream = db.changeStream();
        assertSame(stream, db.changeStream());
        db.load("c", 3);
        db.write("a", 4, null);
        sim.run();

        assertEquals(List.of("a=2 v2", "b=1 v1", "c=3 v1", "a=4 v3"),
                stream.events().stream().map(e -> e.value().toString()).toList());
        assertEquals(List.of(2L, 1L, 1L, 3L), stream.events().stream().map(LogEvent::version).toList());
        assertEquals(List.of(List.of(new Row<>("c", 3, 1)), List.of(new Row<>("a", 4, 3))), commits);
        assertThrows(IllegalArgumentException.class, () -> stream.append("a", 3, new Row<>("a", 0, 3)),
                "a version never goes back");

        EventLog<Integer> values = stream.map("values", Row::value);
        db.write("b", 5, null);
        sim.run();
        assertEquals(List.of(2, 1, 3, 4, 5), values.events().stream().map(LogEvent::value).toList());
        assertEquals(stream.events().stream().map(e -> e.position() + e.entity() + e.version() + "@" + e.appendedAt()).toList(),
                values.events().stream().map(e -> e.position() + e.entity() + e.version() + "@" + e.appendedAt()).toList());
    }

    @Test
    void a_projection_of_the_change_stream_equals_a_rebuild_and_the_database() {
        for (long seed : new long[] {3, 17, 29}) {
            Sim sim = new Sim(seed);
            Datastore<Integer> db = database(sim);
            for (int i = 0; i < 8; i++) {
                db.load("acct-" + i, 100);
            }
            EventLog<Row<Integer>> stream = db.changeStream(Time.ms(20));
            ReadModel<Integer> balances = new ReadModel<>("balances");
            Projection<Row<Integer>, Integer> projection = new Projection<>(sim, "balances", stream, balances, LatestRow::new)
                    .batchSize(20).duplicates(0.1, Time.ms(100));
            projection.start();
            projection.crashAt(Time.ms(90 + seed));
            projection.restartAt(Time.ms(140 + seed));
            db.crashAt(Time.ms(200));
            db.restartAt(Time.ms(260));
            List<String> problems = new ArrayList<>();
            transfers(sim, db, db.changeStream(), 1000, problems);
            sim.run();

            assertEquals(List.of(), problems, "seed " + seed);
            assertTrue(projection.stats().duplicates() > 0 && projection.stats().crashes() == 1,
                    "seed " + seed + ": duplicates were delivered and the projector crashed: " + projection.stats());
            assertTrue(db.count(Reply.Status.CRASHED.description()) > 0, "seed " + seed + ": " + db.counts());
            ReadModel<Integer> rebuilt = Projection.rebuild(stream, "rebuilt", LatestRow::new);
            assertEquals(rebuilt.fingerprint(), balances.fingerprint(), "seed " + seed);
            Map<String, Integer> values = new TreeMap<>();
            db.rows().forEach((key, row) -> values.put(key, row.value()));
            assertEquals(values, balances.rows(), "seed " + seed + ": the read model is the database");
            assertEquals(0, projection.unprojected());
        }
    }

    @Test
    void a_varying_lag_keeps_commit_order_and_a_slow_commit_holds_back_the_rest() {
        Sim sim = new Sim(5);
        Datastore<Integer> db = database(sim);
        for (int i = 0; i < 8; i++) {
            db.load("acct-" + i, 100);
        }
        EventLog<Row<Integer>> now = db.changeStream();
        EventLog<Row<Integer>> varying = db.changeStream(Distribution.exponential(Time.ms(30)));
        List<String> problems = new ArrayList<>();
        transfers(sim, db, now, 300, problems);
        sim.run();

        assertEquals(List.of(), problems);
        assertEquals(now.events().stream().map(LogEvent::value).toList(), varying.events().stream().map(LogEvent::value).toList());
        long previous = 0;
        List<Long> lags = new ArrayList<>();
        for (int i = 8; i < now.events().size(); i++) {
            long lag = varying.events().get(i).appendedAt() - now.events().get(i).appendedAt();
            assertTrue(lag >= 0, "never before its commit");
            assertTrue(varying.events().get(i).appendedAt() >= previous, "in commit order");
            previous = varying.events().get(i).appendedAt();
            lags.add(lag);
        }
        assertTrue(lags.stream().distinct().count() > 10, "the lag varies: " + lags.subList(0, 10));
        assertTrue(lags.stream().mapToLong(Long::longValue).max().orElse(0) > Time.ms(60), "some commits are late");
    }
}
