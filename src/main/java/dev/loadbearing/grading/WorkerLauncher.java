package dev.loadbearing.grading;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the command that starts one worker JVM, with every layer of isolation this machine
 * offers:
 * <ul>
 * <li><b>bubblewrap</b> ({@code --unshare-all}: no network, own PID, IPC and mount namespaces),
 *     with only {@code /usr}, the JDK and the worker jar mounted read-only, an empty private
 *     {@code /tmp}, a fresh {@code /proc} and {@code /dev}, no environment;</li>
 * <li>an <b>unprivileged uid</b> (65534, via {@code setpriv}) when the server runs as root;</li>
 * <li><b>rlimits</b> ({@code prlimit}): open files, file size, no core dumps, processes per uid;</li>
 * <li>a <b>seccomp filter</b> ({@link Seccomp}) refusing system calls a JVM never needs;</li>
 * <li>a <b>memory and pids cgroup</b> per worker where cgroup v1 is writable;</li>
 * <li>JVM flags: a small heap, exit on {@code OutOfMemoryError}, bounded metaspace and code cache.</li>
 * </ul>
 */
final class WorkerLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerLauncher.class);
    private static final Path BWRAP = Path.of("/usr/bin/bwrap");
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
    private static final Path PRLIMIT = Path.of("/usr/bin/prlimit");
    private static final Path CGROUP_V1 = Path.of("/sys/fs/cgroup");
    /** The uid and gid workers run as when the server is root ("nobody"). */
    static final int SANDBOX_UID = 65534;
    /** Where the worker jar appears inside bubblewrap. */
    private static final String JAR_MOUNT = "/worker";
    /** Where a training worker's writable folder appears inside bubblewrap. */
    private static final String TRAINING_MOUNT = "/cds";
    /** The file a training worker writes its class-data archive to, in its folder. */
    static final String TRAINING_ARCHIVE = "worker.jsa";

    /** Heap of a worker JVM; an exercise's memory limit may not exceed it. */
    static final int HEAP_MB = 192;
    /** Memory of a worker's cgroup: heap plus metaspace, code cache, javac and thread stacks. */
    static final long CGROUP_MEMORY_BYTES = 640L << 20;
    /** Tasks (threads) a worker's cgroup allows: the JVM needs about 20. */
    static final int CGROUP_PIDS = 96;

    private static final AtomicInteger NEXT_ID = new AtomicInteger();
    /** The descriptor bubblewrap reads the seccomp program from. */
    static final int SECCOMP_FD = 3;

    private final Path jar;
    private final boolean bwrap;
    private final boolean dropUid;
    private final boolean prlimit;
    private final Optional<Path> memoryCgroupParent;
    private final Optional<Path> pidsCgroupParent;
    /** The class-data archive workers start with, if there is a good one. */
    private volatile Path archive;
    /** The seccomp program bubblewrap loads for each worker, where there is one ({@link Seccomp}). */
    private Optional<Path> seccomp = Optional.empty();

    private WorkerLauncher(Path jar, boolean bwrap, boolean dropUid, boolean prlimit, Optional<Path> memory, Optional<Path> pids) {
        this.jar = jar;
        this.bwrap = bwrap;
        this.dropUid = dropUid;
        this.prlimit = prlimit;
        this.memoryCgroupParent = memory;
        this.pidsCgroupParent = pids;
    }

    /**
     * Looks at the machine and builds the worker jar.
     *
     * @param mode    whether bubblewrap is required
     * @param workDir where the worker jar is written (readable by the sandbox uid)
     * @throws IllegalStateException when bubblewrap is required but missing or broken
     */
    static WorkerLauncher detect(SandboxMode mode, Path workDir) {
        boolean root = "root".equals(System.getProperty("user.name"));
        boolean bwrap = Files.isExecutable(BWRAP) && bwrapWorks();
        if (!bwrap) {
            if (mode == SandboxMode.REQUIRE) {
                throw new IllegalStateException("--sandbox=require: bubblewrap (/usr/bin/bwrap) is "
                        + (Files.isExecutable(BWRAP) ? "installed but cannot create namespaces here" : "not installed")
                        + "; install it (apt-get install bubblewrap) or run with --sandbox=auto");
            }
            LOG.warn("!!! GRADING WITHOUT AN OS SANDBOX: bubblewrap (/usr/bin/bwrap) is not {}. Learner code still passes the "
                    + "bytecode allowlist and runs in separate worker JVMs, but nothing stops it at the operating-system level. "
                    + "Install bubblewrap before grading code from people you do not trust, and use --sandbox=require. !!!",
                    Files.isExecutable(BWRAP) ? "usable here" : "installed");
        }
        Path dir = workDir.toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        WorkerJar.readableByAll(dir);
        Path jar = WorkerJar.build(dir);
        WorkerArchive.removeLeftovers(dir);
        boolean dropUid = root && bwrap && Files.isExecutable(SETPRIV);
        var launcher = new WorkerLauncher(jar, bwrap, dropUid, Files.isExecutable(PRLIMIT),
                root ? cgroupParent("memory") : Optional.empty(), root ? cgroupParent("pids") : Optional.empty());
        launcher.archive = WorkerArchive.usable(jar).orElse(null);
        if (bwrap) {
            try {
                launcher.seccomp = Seccomp.write(dir);
            } catch (IOException e) {
                LOG.warn("cannot write the seccomp filter; workers start without it: {}", e.toString());
            }
        }
        return launcher;
    }

    Path jar() {
        return jar;
    }

    /** Whether workers start with a class-data archive. */
    boolean hasArchive() {
        return archive != null;
    }

    /** Workers start with this archive from now on. */
    void useArchive(Path made) {
        archive = made;
    }

    /** A worker failed to start with the archive: start without it, and have it made again. */
    void dropArchive() {
        Path was = archive;
        archive = null;
        if (was != null) {
            LOG.warn("a grading worker did not start with the class-data archive {}; workers start without it", was.getFileName());
            WorkerArchive.discard(jar);
        }
    }

    /**
     * Makes the folder a training worker writes its archive to: private, and owned by the
     * sandbox uid when workers run as that uid.
     */
    void prepareTrainingFolder(Path folder) throws IOException {
        if (dropUid) {
            Files.setAttribute(folder, "unix:uid", SANDBOX_UID);
            Files.setAttribute(folder, "unix:gid", SANDBOX_UID);
        }
        Files.setPosixFilePermissions(folder, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }

    boolean sandboxed() {
        return bwrap;
    }

    /** One line for logs and reports: which layers are active. */
    String describe() {
        var layers = new ArrayList<String>();
        layers.add(bwrap ? "bubblewrap (no network, read-only JDK and jar, private /tmp)" : "NO bubblewrap");
        if (dropUid) {
            layers.add("uid " + SANDBOX_UID);
        }
        if (prlimit) {
            layers.add("rlimits");
        }
        if (bwrap && seccomp.isPresent()) {
            layers.add("seccomp filter (" + Seccomp.DENIED_X86_64.size() + " system calls refused)");
        }
        if (memoryCgroupParent.isPresent()) {
            layers.add("memory cgroup " + (CGROUP_MEMORY_BYTES >> 20) + " MB");
        }
        if (pidsCgroupParent.isPresent()) {
            layers.add("pids cgroup " + CGROUP_PIDS);
        }
        layers.add(archive != null ? "class-data archive" : "no class-data archive yet");
        layers.add("heap " + HEAP_MB + " MB");
        return String.join(", ", layers);
    }

    /** A started worker process and the cgroups to remove when it is gone. */
    record Launched(Process process, List<Path> cgroups) {}

    Launched start() throws IOException {
        return start(null, true);
    }

    /** Starts a worker without the class-data archive, to tell whether the archive is at fault. */
    Launched startWithoutArchive() throws IOException {
        return start(null, false);
    }

    /**
     * Starts a worker; with a training folder, one that writes a class-data archive there when it
     * exits (the folder is its only writable place besides its private {@code /tmp}).
     */
    Launched start(Path trainingFolder, boolean withArchive) throws IOException {
        String name = "worker-" + ProcessHandle.current().pid() + "-" + NEXT_ID.incrementAndGet();
        var cgroups = new ArrayList<Path>();
        var command = new ArrayList<String>();
        var enter = new StringBuilder();
        if (bwrap && seccomp.isPresent()) {
            // bubblewrap reads the filter from an inherited descriptor; the shell opens it as fd 3.
            enter.append("exec ").append(SECCOMP_FD).append("< '").append(seccomp.get()).append("' && ");
        }
        if (memoryCgroupParent.isPresent() || pidsCgroupParent.isPresent()) {
            for (var parent : List.of(memoryCgroupParent, pidsCgroupParent)) {
                if (parent.isEmpty()) {
                    continue;
                }
                Path group = parent.get().resolve(name);
                try {
                    Files.createDirectories(group);
                    if (parent == memoryCgroupParent) {
                        Files.writeString(group.resolve("memory.limit_in_bytes"), Long.toString(CGROUP_MEMORY_BYTES));
                    } else {
                        Files.writeString(group.resolve("pids.max"), Integer.toString(CGROUP_PIDS));
                    }
                    cgroups.add(group);
                    enter.append("echo $$ > '").append(group.resolve("cgroup.procs")).append("' && ");
                } catch (IOException e) {
                    LOG.debug("cannot set up cgroup {}: {}", group, e.toString());
                }
            }
        }
        if (enter.length() > 0) {
            command.addAll(List.of("/bin/sh", "-c", enter + "exec \"$@\"", "worker"));
        }
        if (prlimit) {
            // A training worker writes its archive (tens of MB); every other worker may write 16 MB files.
            command.addAll(List.of(PRLIMIT.toString(), "--nofile=256", trainingFolder == null ? "--fsize=16777216" : "--fsize=536870912",
                    "--core=0"));
            if (dropUid) {
                command.add("--nproc=2048");
            }
            command.add("--");
        }
        if (dropUid) {
            command.addAll(List.of(SETPRIV.toString(), "--reuid=" + SANDBOX_UID, "--regid=" + SANDBOX_UID, "--clear-groups"));
        }
        String jarPath = jar.toString();
        Path useArchive = trainingFolder == null && withArchive ? archive : null;
        String archivePath = useArchive == null ? null : useArchive.toString();
        String trainingPath = trainingFolder == null ? null : trainingFolder.resolve(TRAINING_ARCHIVE).toString();
        if (bwrap) {
            command.addAll(bwrapArguments());
            if (trainingFolder != null) {
                command.addAll(command.indexOf("--chdir"), List.of("--bind", trainingFolder.toString(), TRAINING_MOUNT));
                trainingPath = TRAINING_MOUNT + "/" + TRAINING_ARCHIVE;
            }
            jarPath = JAR_MOUNT + "/" + jar.getFileName();
            if (useArchive != null) {
                archivePath = JAR_MOUNT + "/" + useArchive.getFileName();
            }
        }
        command.add(javaExecutable());
        command.addAll(jvmFlags());
        if (archivePath != null) {
            command.add("-XX:SharedArchiveFile=" + archivePath);
        }
        if (trainingPath != null) {
            // Without the list of classes CDS cannot take (JFR events, old class files).
            command.addAll(List.of("-XX:ArchiveClassesAtExit=" + trainingPath, "-Xlog:cds=error:stderr"));
        }
        command.addAll(List.of("-cp", jarPath, "dev.loadbearing.sandbox.WorkerMain"));
        ProcessBuilder builder = new ProcessBuilder(command);
        if (!bwrap) {
            builder.environment().clear();
            builder.directory(jar.getParent().toFile());
        }
        return new Launched(builder.start(), cgroups);
    }

    private List<String> bwrapArguments() {
        var args = new ArrayList<>(List.of(BWRAP.toString(), "--unshare-all", "--die-with-parent", "--new-session",
                "--clearenv", "--setenv", "PATH", "/usr/bin:/bin", "--setenv", "HOME", "/tmp", "--setenv", "LANG", "C.UTF-8",
                "--ro-bind", "/usr", "/usr"));
        if (seccomp.isPresent()) {
            args.addAll(List.of("--seccomp", Integer.toString(SECCOMP_FD)));
        }
        for (String top : List.of("/lib", "/lib64", "/bin", "/lib32")) {
            Path path = Path.of(top);
            try {
                if (Files.isSymbolicLink(path)) {
                    args.addAll(List.of("--symlink", Files.readSymbolicLink(path).toString(), top));
                } else if (Files.isDirectory(path)) {
                    args.addAll(List.of("--ro-bind", top, top));
                }
            } catch (IOException e) {
                // Leave it out; the JVM will say what it misses.
            }
        }
        Path javaHome = realPath(Path.of(System.getProperty("java.home")));
        if (!javaHome.startsWith("/usr")) {
            args.addAll(List.of("--ro-bind", javaHome.toString(), javaHome.toString()));
        }
        for (Path outside : configOutsideJavaHome(javaHome)) {
            args.addAll(List.of("--ro-bind", outside.toString(), outside.toString()));
        }
        args.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp",
                "--ro-bind", jar.getParent().toString(), JAR_MOUNT, "--chdir", "/tmp"));
        return args;
    }

    private static List<String> jvmFlags() {
        return List.of("-Xmx" + HEAP_MB + "m", "-Xms48m", "-Xss1m", "-XX:MaxMetaspaceSize=160m",
                "-XX:CompressedClassSpaceSize=64m", "-XX:ReservedCodeCacheSize=64m", "-XX:MaxDirectMemorySize=8m",
                "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1",
                "-XX:CompileThresholdScaling=0.2",
                "-Xshare:auto", "-Xlog:disable", "-Xlog:all=warning:stderr", "-XX:+DisplayVMOutputToStderr", "-Djava.io.tmpdir=/tmp", "-Djava.awt.headless=true", "-Dfile.encoding=UTF-8",
                "-Duser.language=en", "-Duser.country=US", "-Duser.timezone=UTC");
    }

    /**
     * Folders outside the JDK that its configuration links into (Debian links
     * {@code conf/security/java.security} into {@code /etc/java-17-openjdk}); without them the
     * JVM cannot initialise its security settings.
     */
    private static List<Path> configOutsideJavaHome(Path javaHome) {
        var folders = new java.util.TreeSet<Path>();
        try (var walk = Files.walk(javaHome.resolve("conf"))) {
            walk.filter(Files::isSymbolicLink).forEach(link -> {
                Path real = realPath(link);
                if (!real.startsWith("/usr") && !real.startsWith(javaHome) && real.getNameCount() >= 2) {
                    folders.add(real.getRoot().resolve(real.subpath(0, 2)));
                }
            });
        } catch (IOException e) {
            // no conf folder: nothing to bind
        }
        Path conf = realPath(javaHome.resolve("conf"));
        if (!conf.startsWith("/usr") && !conf.startsWith(javaHome) && Files.isDirectory(conf)) {
            folders.add(conf);
        }
        return List.copyOf(folders);
    }

    private static String javaExecutable() {
        return realPath(Path.of(System.getProperty("java.home"), "bin", "java")).toString();
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path;
        }
    }

    private static boolean bwrapWorks() {
        try {
            Process probe = new ProcessBuilder(BWRAP.toString(), "--unshare-all", "--die-with-parent", "--ro-bind", "/usr", "/usr",
                    "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
                    "/usr/bin/true").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** This process's own cgroup v1 folder for a controller, if it is writable. */
    private static Optional<Path> cgroupParent(String controller) {
        Path root = CGROUP_V1.resolve(controller);
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
                String[] parts = line.split(":", 3);
                if (parts.length == 3 && List.of(parts[1].split(",")).contains(controller)) {
                    Path own = root.resolve(parts[2].replaceFirst("^/", ""));
                    return Files.isWritable(own) ? Optional.of(own) : Optional.empty();
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
