package dev.loadbearing.grading;

import dev.loadbearing.course.Exercise;
import dev.loadbearing.course.ExerciseCatalog;
import dev.loadbearing.course.ExerciseParser;
import dev.loadbearing.sandbox.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What a new worker runs before it takes real work, so javac, the bytecode check, JUnit and the
 * simulation are loaded and compiled by the JIT: the course's own exercises (each reference
 * solution with all its tests, which also fills the worker's cache of compiled tests), or a
 * synthetic job when the course has none.
 */
final class Warmup {
    private Warmup() {
    }

    /** Limits of a warm-up job: generous, since a cold JVM on a busy machine is slow and nobody waits for it. */
    static final int WARMUP_TEST_MS = 20_000;
    static final int WARMUP_TOTAL_MS = 40_000;

    /** One Submit job per exercise with its reference solution, with fresh nonces; never empty. */
    static List<Job> jobs(ExerciseCatalog exercises) {
        var jobs = new ArrayList<Job>();
        for (Exercise exercise : exercises.exercises()) {
            if (exercise.reference().isEmpty()) {
                continue;
            }
            var sources = new TreeMap<>(exercise.starter());
            sources.putAll(exercise.reference());
            Exercise.Limits limits = exercise.limits();
            // Warm-up is not grading: on a loaded machine a cold JVM may need far longer than the
            // exercise allows a learner, and a warm-up that times out costs the pool a worker.
            jobs.add(new Job(UUID.randomUUID().toString(), sources, exercise.tests(Exercise.Mode.SUBMIT),
                    new Job.Limits(Math.max(limits.testMillis(), WARMUP_TEST_MS), Math.max(limits.totalMillis(), WARMUP_TOTAL_MS),
                            limits.outputKb() * 1024, ExerciseParser.MAX_SOURCE_BYTES),
                    exercise.model()));
        }
        if (jobs.isEmpty()) {
            jobs.add(job(UUID.randomUUID().toString()));
        }
        return jobs;
    }

    static Job job(String nonce) {
        return new Job(nonce, WorkerPool.files("Turns.java", """
                import dev.loadbearing.sim.server.Backend;
                import dev.loadbearing.sim.server.LoadBalancer;
                import dev.loadbearing.sim.server.Request;
                import java.util.List;

                public final class Turns implements LoadBalancer {
                    private int next;

                    @Override
                    public Backend pick(Request request, List<Backend> backends) {
                        return backends.get(Math.floorMod(next++, backends.size()));
                    }
                }
                """), WorkerPool.files("TurnsTest.java", """
                import static org.junit.jupiter.api.Assertions.assertEquals;

                import dev.loadbearing.sim.engine.Distribution;
                import dev.loadbearing.sim.scenario.LoadBalancerReport;
                import dev.loadbearing.sim.scenario.LoadBalancerScenario;
                import dev.loadbearing.sim.engine.Time;
                import dev.loadbearing.sim.workload.Workload;
                import dev.loadbearing.sim.figure.Figures;
                import org.junit.jupiter.api.Test;
                import org.junit.jupiter.params.ParameterizedTest;
                import org.junit.jupiter.params.provider.ValueSource;

                class TurnsTest {
                    @ParameterizedTest
                    @ValueSource(ints = {2, 3})
                    void shares(int servers) {
                        LoadBalancerScenario scenario = new LoadBalancerScenario(servers);
                        scenario.addServers(servers, s -> s.workers(2).serviceTime(Distribution.exponential(Time.ms(10))));
                        LoadBalancerReport report = scenario.run(new Turns(), Workload.openLoop(100.0 * servers).limit(300));
                        Figures.attach(report.figures().get(0));
                        assertEquals(1.0 / servers, report.share("server-0"), 0.01, "share of server-0");
                    }

                    @Test
                    void prints() {
                        System.out.println("warm " + String.format("%d", 1));
                    }
                }
                """), new Job.Limits(10_000, 20_000, 8 * 1024, 64 * 1024));
    }
}
