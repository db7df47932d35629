package dev.loadbearing.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.course.CourseFiles;
import dev.loadbearing.course.Exercise;
import dev.loadbearing.course.ExerciseCatalog;
import java.util.Map;

/**
 * One real grading service (real worker JVMs, in bubblewrap where installed) shared by every
 * test in this JVM, so the suite pays for starting and warming workers once.
 */
final class SharedSandbox {
    private static GradingService service;

    private SharedSandbox() {
    }

    static synchronized GradingService service() {
        if (service == null) {
            ExerciseCatalog exercises = ExerciseCatalog.load(CourseFiles.bundled());
            service = GradingService.start(exercises, SandboxMode.AUTO, Reports.defaultWorkDir(),
                    new WorkerPool.Settings(2, 1, 200, 1), GradingService.Settings.forServer());
            Runtime.getRuntime().addShutdownHook(new Thread(service::close, "close-grading"));
        }
        return service;
    }

    static Exercise roundRobin() {
        return service().exercises().exercise("lb-round-robin").orElseThrow();
    }

    static GradeResult grade(String source, Exercise.Mode mode) throws InterruptedException {
        return service().gradeFiles(roundRobin(), Map.of("RoundRobin.java", source), mode);
    }

    /** The pool is back to full strength and an honest submission still passes every visible test. */
    static void assertHealthyAndHonestGradingWorks() throws InterruptedException {
        WorkerPool pool = service().pool();
        assertTrue(pool.awaitIdle(60_000), () -> "the pool did not recover: " + pool.status());
        WorkerPool.Status status = pool.status();
        assertEquals(3, status.size(), () -> "workers: " + status);
        GradeResult honest = grade(roundRobin().reference().get("RoundRobin.java"), Exercise.Mode.RUN);
        assertEquals(GradeResult.Status.passed, honest.status(), () -> Reports.text("lb-round-robin", honest));
        assertEquals(honest.maxScore(), honest.score());
    }
}
