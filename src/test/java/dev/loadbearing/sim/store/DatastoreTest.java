package dev.loadbearing.sim.store;

import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatastoreTest {
    private final Sim sim = new Sim(7);
    private final Datastore<Integer> db = new Datastore<Integer>(sim, "db")
            .readLatency(Distribution.constant(Time.ms(1)))
            .writeLatency(Distribution.constant(Time.ms(2)))
            .lockTimeout(Time.seconds(1));
    private final List<String> log = new ArrayList<>();

    private void note(String what) {
        log.add(Time.format(sim.now()) + " " + what);
    }

    @Test
    void reads_and_writes_take_their_latency() {
        db.write("a", 5, reply -> note("wrote " + reply.value()));
        sim.at(Time.ms(10), "read", () -> db.read("a", reply -> note("read " + reply.value())));
        sim.run();

        assertEquals(List.of("2.000 ms wrote a=5 v1", "11.000 ms read a=5 v1"), log);
    }

    @Test
    void compare_and_set_rejects_a_stale_version() {
        Row<Integer> seen = db.load("alice", 100);
        List<Reply<Row<Integer>>> replies = new ArrayList<>();
        db.compareAndSet("alice", seen.version(), 80, replies::add);
        sim.at(Time.ms(10), "stale cas",
                () -> db.compareAndSet("alice", seen.version(), 50, replies::add));
        sim.run();

        assertEquals(Reply.ok(new Row<>("alice", 80, 2)), replies.get(0));
        assertEquals(new Reply<>(Reply.Status.CONFLICT, new Row<>("alice", 80, 2)), replies.get(1));
        assertEquals(80, db.peek("alice").value());
        assertEquals(1, db.count("version conflict"));
    }

    @Test
    void read_then_write_without_a_lock_loses_an_update() {
        db.load("counter", 0);
        for (int i = 0; i < 2; i++) {
            db.read("counter", read -> db.write("counter", read.value().value() + 1, null));
        }
        sim.run();

        assertEquals(1, db.peek("counter").value());
    }

    @Test
    void two_transactions_on_one_row_serialise() {
        db.load("counter", 0);
        for (String who : List.of("first", "second")) {
            Transaction<Integer> tx = db.begin();
            tx.readForUpdate("counter", read -> {
                note(who + " read " + read.value().value());
                tx.write("counter", read.value().value() + 1,
                        written -> tx.commit(done -> note(who + " committed")));
            });
        }
        sim.run();

        assertEquals(2, db.peek("counter").value());
        assertEquals(List.of("1.000 ms first read 0", "5.000 ms first committed",
                "6.000 ms second read 1", "10.000 ms second committed"), log);
        assertEquals(1, db.lockWaits());
        assertEquals(Time.ms(5), db.lockWaitTime());
    }

    @Test
    void a_transaction_sees_its_own_writes_and_others_do_not_until_it_commits() {
        db.load("a", 1);
        Transaction<Integer> tx = db.begin();
        tx.write("a", 2, written -> tx.read("a", own -> {
            note("own " + own.value());
            db.read("a", other -> {
                note("other " + other.value());
                tx.commit(done -> db.read("a", after -> note("after " + after.value())));
            });
        }));
        sim.run();

        assertEquals(List.of("3.000 ms own a=2 v2", "4.000 ms other a=1 v1",
                "7.000 ms after a=2 v2"), log);
    }

    @Test
    void a_lock_wait_times_out_and_rolls_the_waiter_back() {
        Transaction<Integer> holder = db.begin();
        Transaction<Integer> waiter = db.begin();
        List<Reply<Row<Integer>>> replies = new ArrayList<>();
        holder.write("a", 1, written -> waiter.write("a", 2, replies::add));
        sim.run();

        assertEquals(Reply.Status.LOCK_TIMEOUT, replies.get(0).status());
        assertEquals(Time.ms(2) + Time.seconds(1), sim.now());
        assertEquals(Transaction.State.ROLLED_BACK, waiter.state());
        assertTrue(holder.isActive());
    }

    @Test
    void a_deadlock_rolls_back_the_transaction_that_would_close_the_cycle() {
        db.lockTimeout(0);
        Transaction<Integer> one = db.begin();
        Transaction<Integer> two = db.begin();
        one.write("a", 1, r -> sim.after(Time.ms(1), "one wants b",
                () -> one.write("b", 1, b -> {
                    note("one got b: " + b.status());
                    one.commit(done -> note("one committed"));
                })));
        two.write("b", 2, r -> sim.after(Time.ms(2), "two wants a",
                () -> two.write("a", 2, a -> note("two got a: " + a.status()))));
        sim.run();

        assertEquals(List.of("4.000 ms two got a: DEADLOCK", "6.000 ms one got b: OK",
                "8.000 ms one committed"), log);
        assertEquals(Transaction.State.ROLLED_BACK, two.state());
        assertEquals(1, db.peek("a").value());
        assertEquals(1, db.peek("b").value());
    }

    @Test
    void a_crash_loses_uncommitted_writes_only() {
        db.load("a", 0);
        db.load("b", 0);
        Transaction<Integer> committed = db.begin();
        committed.write("a", 1, written -> committed.commit(null));          // done at 4 ms
        Transaction<Integer> open = db.begin();
        open.write("b", 1, written -> note("open wrote b"));                   // never commits
        List<Reply<?>> replies = new ArrayList<>();
        db.crashAt(Time.ms(10));
        sim.at(Time.ms(15), "write while down", () -> db.write("a", 9, replies::add));
        db.restartAt(Time.ms(20));
        sim.at(Time.ms(25), "commit after restart", () -> open.commit(replies::add));
        sim.run();

        assertEquals(1, db.peek("a").value());
        assertEquals(0, db.peek("b").value());
        assertEquals(Reply.Status.DOWN, replies.get(0).status());
        assertEquals(Reply.Status.ABORTED, replies.get(1).status());
        assertEquals(Transaction.State.LOST, open.state());
        assertEquals(Time.ms(10), db.faults().get(0).start());
        assertEquals(Time.ms(20), db.faults().get(0).end());
    }

    @Test
    void a_commit_in_flight_when_the_database_crashes_is_lost() {
        Transaction<Integer> tx = db.begin();
        List<Reply<Void>> replies = new ArrayList<>();
        tx.write("a", 1, written -> tx.commit(replies::add));                 // commit ends at 4 ms
        db.crashAt(Time.ms(3));
        sim.run();

        assertEquals(Reply.Status.CRASHED, replies.get(0).status());
        assertFalse(db.peek("a").exists());
    }

    @Test
    void locks_are_released_by_a_crash() {
        Transaction<Integer> holder = db.begin();
        holder.write("a", 1, null);
        db.crashAt(Time.ms(5));
        db.restartAt(Time.ms(6));
        sim.at(Time.ms(7), "write after restart", () -> db.write("a", 2, reply -> note("" + reply)));
        sim.run();

        assertEquals(List.of("9.000 ms ok a=2 v1"), log);
    }

    @Test
    void a_transaction_makes_one_call_at_a_time() {
        Transaction<Integer> tx = db.begin();
        tx.read("a", null);
        assertThrows(IllegalStateException.class, () -> tx.read("b", null));
    }

    @Test
    void counts_calls_by_kind_and_failures_by_status() {
        db.write("a", 1, null);
        db.read("a", null);
        db.compareAndSet("a", 0, 5, null);
        Transaction<Integer> tx = db.begin();
        tx.rollback();
        sim.run();

        assertEquals(1, db.count("write"));
        assertEquals(1, db.count("read"));
        assertEquals(1, db.count("compare-and-set"));
        assertEquals(1, db.count("begin"));
        assertEquals(1, db.count("rollback"));
        assertEquals(1, db.count("version conflict"),
                "the CAS waited for the write's lock, then found version 1, not 0");
        assertEquals(1, db.lockWaits());
    }

    @Test
    void a_disconnected_clients_open_transaction_rolls_back_and_frees_its_locks() {
        db.load("alice", 100);
        db.as("app-1", () -> {
            Transaction<Integer> tx = db.begin();
            tx.readForUpdate("alice", read -> tx.write("alice", 50, written -> {
                note("app-1 wrote");
                tx.commit(done -> note("app-1 committed"));
            }));
        });
        sim.at(Time.ms(2), "app-1 dies", () -> db.disconnect("app-1"));
        sim.at(Time.ms(2), "app-2 writes", () -> db.write("alice", 70, reply -> note("app-2 " + reply.status())));
        sim.run();

        assertEquals(List.of("4.000 ms app-2 OK"), log);
        assertEquals(70, db.peek("alice").value());
        assertEquals(1, db.count("rollback"));
    }

    @Test
    void a_commit_in_flight_when_its_client_dies_still_lands_but_its_reply_goes_nowhere() {
        List<List<Row<Integer>>> changes = new ArrayList<>();
        db.onCommit(changes::add);
        db.as("app-1", () -> {
            Transaction<Integer> tx = db.begin();
            tx.write("a", 1, w1 -> tx.write("b", 2, w2 -> {
                tx.commit(done -> note("app-1 heard the commit"));
                sim.after(Time.ms(1), "app-1 dies", () -> db.disconnect("app-1"));
            }));
        });
        db.write("c", 3, reply -> note("an outside write " + reply.status()));
        sim.run();

        assertEquals(List.of("2.000 ms an outside write OK"), log);
        assertEquals(1, db.peek("a").value());
        assertEquals(2, db.peek("b").value());
        assertEquals(List.of(List.of(new Row<>("c", 3, 1)), List.of(new Row<>("a", 1, 1), new Row<>("b", 2, 1))),
                changes);
    }

    @Test
    void a_disconnected_client_is_heard_no_more() {
        List<String> calls = new ArrayList<>();
        db.as("app-1", () -> db.write("a", 1, first -> {
            calls.add("first " + first.status());
            db.write("a", 2, second -> calls.add("second " + second.status()));
        }));
        sim.at(Time.ms(3), "app-1 dies", () -> db.disconnect("app-1"));
        sim.run();

        assertEquals(List.of("first OK"), calls);
        assertEquals(2, db.peek("a").value());   // the second write was in flight: it lands
        db.as("app-1", () -> db.write("a", 3, reply -> calls.add("after " + reply.status())));
        sim.run();
        assertEquals(List.of("first OK"), calls);
        assertEquals(2, db.peek("a").value());
    }
}
