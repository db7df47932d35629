package dev.loadbearing.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.submission.GradingClusterDao;
import dev.loadbearing.submission.StoredSubmission;
import dev.loadbearing.submission.SubmissionDao;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The grading queue's SQL on H2 and on a real PostgreSQL: nodes taking jobs at once each get a
 * different one, a job held by a dead node comes back when its lease runs out, a node that lost its
 * lease cannot overwrite the verdict, and the shared token buckets never hand out a token twice.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class GradingQueueStoreTest {
    @Parameter
    TestDatabase store;

    Database database;
    SubmissionDao jobs;
    GradingClusterDao cluster;

    @BeforeEach
    void open() {
        database = Database.open(store.newUrl(), 8);
        jobs = database.dao(SubmissionDao.class);
        cluster = database.dao(GradingClusterDao.class);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private long job() {
        return jobs.start("user-1", "lb-round-robin", "SUBMIT", "{}", "v1");
    }

    @Test
    void eight_graders_taking_jobs_at_once_take_each_of_forty_jobs_exactly_once_oldest_first() throws Exception {
        List<Long> stored = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            stored.add(job());
        }
        var takenBy = new ConcurrentHashMap<Long, String>();
        var duplicates = new ConcurrentHashMap<Long, String>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            var done = new ArrayList<Future<?>>();
            for (int g = 0; g < 8; g++) {
                String node = "node-" + (g % 2) + "/grader-" + g;
                done.add(pool.submit(() -> {
                    while (true) {
                        long now = System.currentTimeMillis();
                        Optional<Long> id = jobs.claim(node, now, now + 60_000);
                        if (id.isEmpty()) {
                            return null;
                        }
                        if (takenBy.putIfAbsent(id.get(), node) != null) {
                            duplicates.put(id.get(), node);
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Set.of(), duplicates.keySet(), "no job went to two graders");
        assertEquals(new TreeSet<>(stored), new TreeSet<>(takenBy.keySet()), "every job was taken");
        assertEquals(Optional.empty(), jobs.claim("late", System.currentTimeMillis(), System.currentTimeMillis() + 1_000),
                "held jobs are not offered again while their leases run");
        long first = jobs.start("user-2", "lb-round-robin", "RUN", "{}", "v1");
        long second = jobs.start("user-2", "lb-round-robin", "RUN", "{}", "v1");
        long now = System.currentTimeMillis();
        assertEquals(Optional.of(first), jobs.claim("a", now, now + 1_000), "the oldest job first");
        assertEquals(Optional.of(second), jobs.claim("a", now, now + 1_000));
    }

    @Test
    void a_job_whose_node_stopped_renewing_is_taken_again_after_its_lease_and_the_first_node_cannot_overwrite_it() {
        long id = job();
        long t = 1_000_000;
        assertEquals(Optional.of(id), jobs.claim("dead", t, t + 30_000));
        assertEquals(Optional.empty(), jobs.claim("survivor", t + 29_999, t + 60_000), "within the lease the job stays held");
        assertEquals(Optional.of(id), jobs.claim("survivor", t + 30_001, t + 60_000), "after it, another node takes it");
        assertEquals(2, jobs.gradingAttempts(id), "two takes");
        assertEquals(0, jobs.recordHeld(id, "dead", "passed", 10, 10, "{}", "v1"), "the node that lost the lease writes nothing");
        assertEquals(StoredSubmission.PENDING, jobs.find(id).orElseThrow().status());
        assertEquals(1, jobs.recordHeld(id, "survivor", "failed", 3, 10, "{\"score\":3}", "v1"));
        StoredSubmission graded = jobs.find(id).orElseThrow();
        assertEquals("failed", graded.status());
        assertEquals(3, graded.score());
        assertEquals(0, jobs.recordHeld(id, "survivor", "passed", 10, 10, "{}", "v1"), "a verdict is written once");
        assertEquals(Optional.empty(), jobs.claim("third", t + 999_999, t + 1_000_000), "a graded job is no job");
    }

    @Test
    void renewing_keeps_a_job_and_releasing_hands_it_over_at_once() {
        long id = job();
        long other = job();
        long t = 5_000_000;
        assertEquals(Optional.of(id), jobs.claim("a", t, t + 10_000));
        assertEquals(Optional.of(other), jobs.claim("b", t, t + 10_000));
        assertEquals(1, jobs.renew("a", t + 40_000), "only a's job");
        assertEquals(Optional.of(other), jobs.claim("c", t + 20_000, t + 30_000), "b's ran out");
        assertEquals(Optional.empty(), jobs.claim("c", t + 20_000, t + 30_000), "a's was renewed");
        assertEquals(1, jobs.release("a"));
        assertEquals(Optional.of(id), jobs.claim("c", t + 20_000, t + 30_000), "released: taken at once");
        assertEquals(0, jobs.releaseJob(id, "a"), "a holds it no more");
        assertEquals(1, jobs.releaseJob(id, "c"));
        assertEquals(1, jobs.releaseAll(), "the embedded database frees the rest (c's other job) at its start");
        assertEquals(0, jobs.releaseAll());
    }

    @Test
    void a_job_stored_held_by_its_node_is_not_taken_by_others() {
        long t = System.currentTimeMillis();
        long held = jobs.start("user-1", "lb-round-robin", "RUN", "{}", "v1", "me", t + 60_000);
        assertEquals(Optional.empty(), jobs.claim("other", t, t + 1_000));
        jobs.record(held, "passed", 1, 1, "{}", "v1");
        assertEquals(0, jobs.pendingCount());
    }

    @Test
    void the_queue_size_is_the_sum_of_the_capacities_of_the_nodes_seen_lately() {
        cluster.heartbeat("a", 34, 1_000);
        cluster.heartbeat("b", 20, 1_000);
        cluster.heartbeat("a", 36, 5_000);
        assertEquals(56, cluster.capacity(0));
        assertEquals(36, cluster.capacity(2_000), "b was not seen since");
        assertEquals(1, cluster.nodes(2_000));
        cluster.leave("a");
        assertEquals(20, cluster.capacity(0));
    }

    @Test
    void shared_token_buckets_hand_out_the_burst_then_refill_at_the_rate_and_never_a_token_twice() throws Exception {
        long t = 10_000_000;
        for (int i = 0; i < 10; i++) {
            assertEquals(0, cluster.take("learner:x", 30, 10, t), "the burst: token " + (i + 1));
        }
        long wait = cluster.take("learner:x", 30, 10, t);
        assertEquals(2_000, wait, "30 a minute: the next token in 2 s");
        assertEquals(0, cluster.take("learner:x", 30, 10, t + 2_000));
        assertNotEquals(0, cluster.take("learner:x", 30, 10, t + 2_000));
        assertEquals(0, cluster.take("learner:y", 30, 10, t), "another learner has their own bucket");

        // Sixteen requests at once from "two nodes" for one bucket of 5: exactly 5 get a token.
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            var results = new ArrayList<Future<Long>>();
            cluster.take("learner:z", 1, 5, t); // create the bucket (creating it at once is the caller's retry)
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> cluster.take("learner:z", 1, 5, t)));
            }
            int granted = 0;
            for (Future<Long> r : results) {
                granted += r.get() == 0 ? 1 : 0;
            }
            assertEquals(4, granted, "the 4 tokens left, no more");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(2, cluster.forgetBuckets(t + 1), "old buckets are forgotten (they would be full again)");
        assertEquals(0, cluster.take("learner:z", 1, 5, t + 10), "z, emptied and forgotten, starts full again");
    }
}
