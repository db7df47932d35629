package dev.loadbearing.sim.eventlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import org.junit.jupiter.api.Test;

class ProjectionTest {

    /** Counts events per entity; skips what the saved position says it has applied. */
    static final class Counting implements Projector<String, Long> {
        @Override
        public long resumeAfter(ReadModel<Long> view) {
            return view.position();
        }

        @Override
        public void apply(Batch<String> batch, ReadModel<Long> view) {
            long through = view.position();
            for (LogEvent<String> event : batch.events()) {
                if (event.position() <= through) {
                    continue;
                }
                Long count = view.get(event.entity());
                view.put(event.entity(), count == null ? 1 : count + 1);
                through = event.position();
            }
            view.savePosition(through);
        }
    }

    /** Counts every delivery and remembers its position only in memory. */
    static final class Naive implements Projector<String, Long> {
        private long through;

        @Override
        public long resumeAfter(ReadModel<Long> view) {
            return through;
        }

        @Override
        public void apply(Batch<String> batch, ReadModel<Long> view) {
            for (LogEvent<String> event : batch.events()) {
                Long count = view.get(event.entity());
                view.put(event.entity(), count == null ? 1 : count + 1);
                through = event.position();
            }
        }
    }

    private static EventLog<String> log(Sim sim, int events, long every) {
        EventLog<String> log = new EventLog<>(sim, "orders");
        for (int i = 0; i < events; i++) {
            log.appendAt(i * every, "order-" + i % 7, "event " + i);
        }
        return log;
    }

    @Test
    void an_event_log_numbers_positions_and_versions_per_entity() {
        Sim sim = new Sim(1);
        EventLog<String> log = new EventLog<>(sim, "orders");
        assertEquals(1, log.append("a", "placed").position());
        assertEquals(2, log.append("b", "placed").version() + 1);
        LogEvent<String> paid = log.append("a", "paid");
        assertEquals(3, paid.position());
        assertEquals(2, paid.version());
        assertEquals(2, log.readAfter(1, 10).size());
        assertEquals(2, log.version("a"));
    }

    @Test
    void events_are_projected_in_order_with_a_lag_of_fetch_plus_work() {
        Sim sim = new Sim(1);
        EventLog<String> log = log(sim, 1000, Time.ms(1));
        ReadModel<Long> view = new ReadModel<>("counts");
        Projection<String, Long> projection = new Projection<>(sim, "counts", log, view, Counting::new);
        projection.start();
        sim.run();
        assertEquals(0, projection.unprojected());
        assertEquals(1000, view.committedPosition());
        long total = view.rows().values().stream().mapToLong(Long::longValue).sum();
        assertEquals(1000, total);
        // idle projector: 1 ms fetch + 2 ms commit + 60 µs per event; batches of about 3 events
        assertTrue(projection.lag().percentile(99) < Time.ms(8), "p99 " + Time.format(projection.lag().percentile(99)));
        assertEquals(Projection.rebuild(log, "rebuilt", Counting::new).fingerprint(), view.fingerprint());
    }

    @Test
    void duplicates_make_a_naive_projector_count_twice_and_a_positioned_one_does_not() {
        for (boolean naive : new boolean[] {true, false}) {
            Sim sim = new Sim(3);
            EventLog<String> log = log(sim, 2000, Time.ms(1));
            ReadModel<Long> view = new ReadModel<>("counts");
            Projection<String, Long> projection = new Projection<>(sim, "counts", log, view,
                    naive ? Naive::new : Counting::new).duplicates(0.05, Time.ms(100));
            projection.start();
            sim.run();
            long total = view.rows().values().stream().mapToLong(Long::longValue).sum();
            long duplicates = projection.stats().duplicates();
            assertTrue(duplicates > 50 && duplicates < 150, duplicates + " duplicates");
            assertEquals(naive ? 2000 + duplicates : 2000, total);
        }
    }

    @Test
    void a_crash_loses_the_batch_in_progress_and_a_restart_resumes_where_the_projector_says() {
        for (boolean naive : new boolean[] {true, false}) {
            Sim sim = new Sim(5);
            EventLog<String> log = log(sim, 3000, Time.ms(1));
            ReadModel<Long> view = new ReadModel<>("counts");
            Projection<String, Long> projection = new Projection<>(sim, "counts", log, view,
                    naive ? Naive::new : Counting::new);
            projection.start();
            projection.crashAt(Time.ms(1500) + Time.micros(500));
            projection.restartAt(Time.ms(1800));
            sim.run();
            long total = view.rows().values().stream().mapToLong(Long::longValue).sum();
            assertEquals(1, projection.stats().crashes());
            assertEquals(0, projection.unprojected());
            if (naive) {
                assertEquals(0, projection.resumes().get(1)[1], "memory is lost: resumes from 0");
                assertTrue(projection.stats().replayed() > 1400, projection.stats().replayed() + " replayed");
                assertEquals(3000 + projection.stats().replayed(), total);
                assertNotEquals(Projection.rebuild(log, "rebuilt", Naive::new).fingerprint(), view.fingerprint());
            } else {
                assertTrue(projection.resumes().get(1)[1] > 1400);
                assertEquals(0, projection.stats().replayed());
                assertEquals(3000, total);
                // down 300 ms: the events appended meanwhile waited that long
                assertTrue(projection.lag().max() >= Time.ms(299));
                assertTrue(projection.lagAt(Time.ms(1700)) > Time.ms(190));
                assertTrue(projection.lagAt(Time.ms(2900)) < Time.ms(10), "caught up again");
            }
        }
    }

    @Test
    void reading_the_log_on_every_batch_costs_more_as_the_log_grows() {
        Sim sim = new Sim(2);
        EventLog<String> log = log(sim, 4000, Time.ms(1));
        ReadModel<Long> view = new ReadModel<>("counts");
        Projection<String, Long> projection = new Projection<>(sim, "counts", log, view, () -> new Projector<String, Long>() {
            @Override
            public long resumeAfter(ReadModel<Long> v) {
                return v.position();
            }

            @Override
            public void apply(Batch<String> batch, ReadModel<Long> v) {
                LogEvent<String> last = batch.events().get(batch.events().size() - 1);
                long count = batch.readLog(0, Integer.MAX_VALUE).stream().filter(e -> e.position() <= last.position()).count();
                v.put("all", count);
                v.savePosition(last.position());
            }
        });
        projection.start();
        sim.run();
        assertEquals(4000L, view.peek("all"));
        assertTrue(projection.stats().maxBatchWork() >= Time.ms(15), Time.format(projection.stats().maxBatchWork()));
        assertTrue(projection.lag().percentile(99) > Time.ms(30), Time.format(projection.lag().percentile(99)));
    }

    @Test
    void a_read_model_refuses_writes_outside_a_batch_and_in_resume() {
        ReadModel<Long> view = new ReadModel<>("counts");
        assertThrows(IllegalStateException.class, () -> view.put("a", 1L));
        Sim sim = new Sim(1);
        EventLog<String> log = log(sim, 3, Time.ms(1));
        Projection<String, Long> projection = new Projection<>(sim, "counts", log, view, () -> new Projector<String, Long>() {
            @Override
            public long resumeAfter(ReadModel<Long> v) {
                v.put("x", 1L);
                return 0;
            }

            @Override
            public void apply(Batch<String> batch, ReadModel<Long> v) {
            }
        });
        assertThrows(IllegalStateException.class, projection::start);
    }

    @Test
    void the_same_seed_gives_the_same_run() {
        String[] prints = new String[2];
        for (int i = 0; i < 2; i++) {
            Sim sim = new Sim(9);
            EventLog<String> log = log(sim, 1500, Time.micros(700));
            ReadModel<Long> view = new ReadModel<>("counts");
            Projection<String, Long> projection = new Projection<>(sim, "counts", log, view, Naive::new)
                    .duplicates(0.1, Time.ms(50));
            projection.start();
            sim.run();
            prints[i] = view.fingerprint() + projection.stats() + projection.lag().percentile(99);
        }
        assertEquals(prints[0], prints[1]);
    }

    @Test
    void duplicates_never_run_ahead_of_the_events_not_yet_delivered() {
        Sim sim = new Sim(13);
        EventLog<String> log = log(sim, 3000, Time.micros(500));
        ReadModel<Long> view = new ReadModel<>("counts");
        java.util.List<String> problems = new java.util.ArrayList<>();
        long[] next = {1};
        Projection<String, Long> projection = new Projection<>(sim, "counts", log, view, () -> new Projector<String, Long>() {
            @Override
            public long resumeAfter(ReadModel<Long> v) {
                next[0] = v.position() + 1;
                return v.position();
            }

            @Override
            public void apply(Batch<String> batch, ReadModel<Long> v) {
                for (LogEvent<String> event : batch.events()) {
                    if (event.position() == next[0]) {
                        next[0]++;
                    } else if (event.position() > next[0]) {
                        problems.add("got #" + event.position() + " before #" + next[0]);
                    }
                }
                v.savePosition(next[0] - 1);
            }
        }).duplicates(0.2, Time.ms(300));
        projection.start();
        projection.crashAt(Time.ms(700));
        projection.restartAt(Time.ms(800));
        sim.run();
        assertEquals(java.util.List.of(), problems);
        assertEquals(3000, next[0] - 1);
        assertTrue(projection.stats().duplicates() > 400, projection.stats().duplicates() + " duplicates");
        long first = projection.projectedAt(1);
        assertTrue(first > 0 && first < Time.ms(5), "event 1 projected at " + Time.format(first));
        assertEquals(-1, projection.projectedAt(3001));
    }
}
