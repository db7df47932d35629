package dev.loadbearing.grading;

import dev.loadbearing.sandbox.Job;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A class-data-sharing archive (AppCDS, {@code -XX:SharedArchiveFile}) for the worker jar: the
 * JDK, javac, JUnit, ASM and simulation classes a worker loads, parsed and laid out once, so a
 * worker JVM starts and warms up faster.
 *
 * <p>The server makes it once per worker jar (whose name carries a hash of its content) with a
 * <em>training</em> worker: a worker JVM started exactly like the others, with
 * {@code -XX:ArchiveClassesAtExit} and one extra writable folder, that runs only the warm-up
 * jobs (the course's own reference solutions and tests, never a learner's code) and then exits.
 * JDK 17 archives only classes of the built-in loaders, never those a job defines. The server
 * then moves the archive beside the worker jar, into the folder workers see read-only, and
 * records its SHA-256, the JVM and the jar's size and time next to it. Before a worker uses it,
 * the archive must match that record; anything else (missing, half-written, corrupt, another
 * JDK, a touched jar) means workers start without it and a new one is made.
 */
final class WorkerArchive {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerArchive.class);
    /** How long a training run may take. */
    static final long TRAINING_TIMEOUT_MS = 120_000;

    private WorkerArchive() {
    }

    /** Where the archive of a worker jar lives: beside it, same name, {@code .jsa}. */
    static Path archiveOf(Path jar) {
        String name = jar.getFileName().toString();
        return jar.resolveSibling(name.substring(0, name.length() - ".jar".length()) + ".jsa");
    }

    private static Path recordOf(Path archive) {
        return archive.resolveSibling(archive.getFileName() + ".sha256");
    }

    /**
     * The archive for this jar if it is there and intact; otherwise empty (and a broken one is
     * removed so it can be made again).
     */
    static Optional<Path> usable(Path jar) {
        Path archive = archiveOf(jar);
        Path record = recordOf(archive);
        if (!Files.isRegularFile(archive) || !Files.isRegularFile(record)) {
            return Optional.empty();
        }
        try {
            String expected = Files.readString(record, StandardCharsets.UTF_8).strip();
            if (expected.equals(describe(archive, jar))) {
                return Optional.of(archive);
            }
            LOG.warn("the worker class-data archive {} does not match its record (corrupt, another JVM, or the jar changed); "
                    + "workers start without it and it will be made again", archive);
        } catch (IOException e) {
            LOG.warn("cannot check the worker class-data archive {}: {}", archive, e.toString());
        }
        discard(jar);
        return Optional.empty();
    }

    /** Removes the archive of this jar and its record. */
    static void discard(Path jar) {
        Path archive = archiveOf(jar);
        try {
            Files.deleteIfExists(recordOf(archive));
            Files.deleteIfExists(archive);
        } catch (IOException e) {
            LOG.debug("cannot remove {}: {}", archive, e.toString());
        }
    }

    /**
     * Makes the archive with a training worker that runs {@code jobs}.
     *
     * @return the archive, or empty when it could not be made (workers then run without one)
     */
    static Optional<Path> build(WorkerLauncher launcher, List<Job> jobs) {
        Path jar = launcher.jar();
        Path archive = archiveOf(jar);
        Path folder = null;
        long start = System.nanoTime();
        try {
            folder = Files.createTempDirectory(jar.getParent(), "cds-");
            launcher.prepareTrainingFolder(folder);
            Worker trainer = Worker.startTraining(launcher, folder, WorkerPool.START_TIMEOUT_MS);
            try {
                for (Job job : jobs) {
                    Worker.Run run = trainer.run(job, TRAINING_TIMEOUT_MS);
                    if (run.ending() != Worker.Ending.DONE) {
                        throw new IOException("the training job ended " + run.ending() + ": " + run.detail());
                    }
                }
                int exit = trainer.finish(TRAINING_TIMEOUT_MS);
                if (exit != 0) {
                    throw new IOException("the training worker exited with status " + exit + ": " + trainer.stderrText().strip());
                }
            } finally {
                trainer.close();
            }
            Path made = folder.resolve(WorkerLauncher.TRAINING_ARCHIVE);
            if (!Files.isRegularFile(made) || Files.size(made) == 0) {
                throw new IOException("the training worker wrote no archive");
            }
            Path tmp = Files.createTempFile(jar.getParent(), "worker-", ".jsa.tmp");
            Files.copy(made, tmp, StandardCopyOption.REPLACE_EXISTING);
            WorkerJar.readableByAll(tmp);
            Path tmpRecord = Files.createTempFile(jar.getParent(), "worker-", ".sha256.tmp");
            Files.writeString(tmpRecord, describe(tmp, jar) + "\n", StandardCharsets.UTF_8);
            WorkerJar.readableByAll(tmpRecord);
            Files.deleteIfExists(recordOf(archive));
            Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmpRecord, recordOf(archive), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            LOG.info("made the worker class-data archive {} ({} KB) in {} ms", archive.getFileName(), Files.size(archive) >> 10,
                    (System.nanoTime() - start) / 1_000_000);
            return Optional.of(archive);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not make the worker class-data archive; workers start without it: {}", e.getMessage());
            return Optional.empty();
        } finally {
            if (folder != null) {
                deleteTree(folder);
            }
        }
    }

    /**
     * Removes training folders and half-copied files left behind by a server that stopped
     * mid-training (only old ones: another server may share the folder and be training now).
     */
    static void removeLeftovers(Path dir) {
        long old = System.currentTimeMillis() - 15 * 60_000;
        try (Stream<Path> list = Files.list(dir)) {
            list.filter(p -> {
                String name = p.getFileName().toString();
                try {
                    return (name.startsWith("cds-") || name.endsWith(".jsa.tmp") || name.endsWith(".sha256.tmp"))
                            && Files.getLastModifiedTime(p).toMillis() < old;
                } catch (IOException e) {
                    return false;
                }
            }).forEach(WorkerArchive::deleteTree);
        } catch (IOException e) {
            // nothing to clean
        }
    }

    /** What the record says: the archive's hash, the JVM, and the jar's size and time. */
    private static String describe(Path archive, Path jar) throws IOException {
        return sha256(archive) + " " + System.getProperty("java.vm.version") + " " + System.getProperty("java.home")
                + " " + Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis();
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sha.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException e) {
            // gone already
        }
    }
}
