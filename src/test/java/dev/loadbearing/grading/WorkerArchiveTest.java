package dev.loadbearing.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.course.CourseFiles;
import dev.loadbearing.course.Exercise;
import dev.loadbearing.course.ExerciseCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker class-data archive: made by a training worker, used when intact, and never in the
 * way: a missing, corrupt or unusable archive still grades (workers start without it).
 */
class WorkerArchiveTest {
    @TempDir
    static Path dir;
    static ExerciseCatalog exercises;
    static WorkerLauncher launcher;
    static Path archive;
    static Path goodCopy;

    @BeforeAll
    static void makeArchive() throws IOException {
        exercises = ExerciseCatalog.load(CourseFiles.bundled());
        launcher = WorkerLauncher.detect(SandboxMode.AUTO, dir);
        assertFalse(launcher.hasArchive());
        Optional<Path> made = WorkerArchive.build(launcher, Warmup.jobs(exercises));
        assertTrue(made.isPresent(), "no archive was made");
        archive = made.get();
        assertEquals(WorkerArchive.archiveOf(launcher.jar()), archive);
        goodCopy = dir.resolve("good.jsa.copy");
        Files.copy(archive, goodCopy, StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(record(), dir.resolve("good.sha256.copy"), StandardCopyOption.COPY_ATTRIBUTES);
        try (var list = Files.list(dir)) {
            assertTrue(list.noneMatch(p -> p.getFileName().toString().startsWith("cds-")), "the training folder was left behind");
        }
    }

    private static Path record() {
        return archive.resolveSibling(archive.getFileName() + ".sha256");
    }

    /** Puts the archive as made, and its record, back in place. */
    private static void restore() throws IOException {
        Files.copy(goodCopy, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(dir.resolve("good.sha256.copy"), record(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
    }

    private static GradeResult gradeReference(WorkerPool pool) throws InterruptedException {
        try (var service = new GradingService(exercises, pool, GradingService.Settings.forCommandLine())) {
            Exercise exercise = exercises.exercise("lb-round-robin").orElseThrow();
            return service.gradeFiles(exercise, exercise.reference(), Exercise.Mode.SUBMIT);
        }
    }

    @Test
    void an_intact_archive_is_used_and_grades() throws Exception {
        restore();
        assertEquals(Optional.of(archive), WorkerArchive.usable(launcher.jar()));
        launcher.useArchive(archive);
        GradeResult result = gradeReference(new WorkerPool(launcher, new WorkerPool.Settings(1, 0, 200, 0)));
        assertEquals(GradeResult.Status.passed, result.status(), () -> Reports.text("x", result));
        assertTrue(launcher.hasArchive());
    }

    @Test
    void a_corrupt_archive_is_refused_before_use() throws IOException {
        restore();
        try (var file = java.nio.channels.FileChannel.open(archive, java.nio.file.StandardOpenOption.WRITE)) {
            file.truncate(Files.size(archive) / 2);
        }
        assertEquals(Optional.empty(), WorkerArchive.usable(launcher.jar()));
        assertFalse(Files.exists(archive), "the corrupt archive was kept");
    }

    @Test
    void a_worker_that_cannot_start_with_the_archive_starts_without_it_and_grades() throws Exception {
        // Bypass the check: a truncated archive makes JDK 17 abort at start.
        restore();
        try (var file = java.nio.channels.FileChannel.open(archive, java.nio.file.StandardOpenOption.WRITE)) {
            file.truncate(Files.size(archive) / 4);
        }
        WorkerJar.readableByAll(archive);
        launcher.useArchive(archive);
        GradeResult result = gradeReference(new WorkerPool(launcher, new WorkerPool.Settings(1, 0, 200, 0)));
        assertEquals(GradeResult.Status.passed, result.status(), () -> Reports.text("x", result));
        assertFalse(launcher.hasArchive());
    }

    @Test
    void without_an_archive_workers_grade_as_before() throws Exception {
        WorkerArchive.discard(launcher.jar());
        assertEquals(Optional.empty(), WorkerArchive.usable(launcher.jar()));
        launcher.useArchive(null);
        GradeResult result = gradeReference(new WorkerPool(launcher, new WorkerPool.Settings(1, 0, 200, 0)));
        assertEquals(GradeResult.Status.passed, result.status(), () -> Reports.text("x", result));
    }
}
