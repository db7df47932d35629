package dev.loadbearing.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A throw-away PostgreSQL server for the tests: one cluster per test run (per JVM), made by
 * {@code initdb} in a temp folder, started by {@code pg_ctl} on a free loopback port, stopped and
 * deleted when the JVM exits. Each test takes a database of its own ({@link #newDatabase()}).
 *
 * <p>PostgreSQL refuses to run as root, so under root the cluster belongs to {@code nobody} and
 * its programs run through {@code runuser}. The binaries are those of {@code LOADBEARING_PG_BIN}, or
 * else Debian's newest {@code /usr/lib/postgresql/N/bin}, or else {@code pg_ctl} on the PATH. Without
 * them the PostgreSQL half of a test is skipped with a message saying so, except when
 * {@code CI=true}: CI installs them, so there their absence fails the run.
 */
public final class PostgresCluster {
    private static final String SUPERUSER = "loadbearing";
    private static PostgresCluster shared;
    private static String unavailable;
    private static String broken;

    private final Path bin;
    private final Path root;
    private final int port;
    private final boolean asNobody;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresCluster(Path bin, Path root, int port, boolean asNobody) {
        this.bin = bin;
        this.root = root;
        this.port = port;
        this.asNobody = asNobody;
    }

    /**
     * The cluster of this test run, started on first use. Skips the calling test when no
     * PostgreSQL is installed (fails it under {@code CI=true}), and fails it when one is installed
     * but does not start.
     */
    public static synchronized PostgresCluster shared() {
        if (shared == null && unavailable == null && broken == null) {
            Optional<Path> bin = binaries();
            if (bin.isEmpty()) {
                unavailable = "no PostgreSQL binaries (initdb, pg_ctl) found in $LOADBEARING_PG_BIN, /usr/lib/postgresql/*/bin or on the PATH;"
                        + " install Debian's postgresql package to run the store tests on PostgreSQL too";
                System.err.println("PostgreSQL tests skipped: " + unavailable);
            } else {
                try {
                    shared = start(bin.get());
                } catch (RuntimeException e) {
                    broken = e.getMessage();
                }
            }
        }
        if (broken != null) {
            Assertions.fail("PostgreSQL is installed but the test cluster did not start: " + broken);
        }
        if (shared == null) {
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail("CI=true and " + unavailable);
            }
            Assumptions.abort(unavailable);
        }
        return shared;
    }

    /** Creates an empty database on the cluster and returns its URL (in the form operators give {@code --database}). */
    public String newDatabase() {
        String name = "test_" + databases.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database: " + e.getMessage(), e);
        }
        return url(name);
    }

    /** {@code postgresql://loadbearing@127.0.0.1:PORT/NAME}: the trust-authenticated superuser. */
    public String url(String database) {
        return "postgresql://" + SUPERUSER + "@127.0.0.1:" + port + "/" + database;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    static Optional<Path> binaries() {
        String configured = System.getenv("LOADBEARING_PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(PostgresCluster::hasPrograms);
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Optional<Path> newest = versions.map(v -> v.resolve("bin")).filter(PostgresCluster::hasPrograms)
                        .max(Comparator.comparingInt(PostgresCluster::majorVersion));
                if (newest.isPresent()) {
                    return newest;
                }
            } catch (IOException e) {
                // fall through to the PATH
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && hasPrograms(Path.of(dir))) {
                return Optional.of(Path.of(dir));
            }
        }
        return Optional.empty();
    }

    private static boolean hasPrograms(Path dir) {
        return Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl"));
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString().split("\\.")[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static PostgresCluster start(Path bin) {
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            Path dir = Files.createTempDirectory("loadbearing-pg-");
            if (root) {
                UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
                Files.setOwner(dir, users.lookupPrincipalByName("nobody"));
            }
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            PostgresCluster cluster = new PostgresCluster(bin, dir, port, root);
            cluster.run(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", SUPERUSER,
                    "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync");
            // fsync off: a throw-away cluster; the socket in the temp folder, TCP on loopback only.
            cluster.run(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l", dir.resolve("server.log").toString(),
                    "-w", "-t", "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
                            + " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
                    "start");
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "postgres-stop"));
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a test PostgreSQL with " + bin + ": " + e.getMessage(), e);
        }
    }

    private void stop() {
        try {
            run(bin.resolve("pg_ctl").toString(), "-D", root.resolve("data").toString(), "-m", "immediate", "-w", "stop");
        } catch (RuntimeException | IOException e) {
            // the JVM is exiting; the temp folder goes below either way
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // left in the temp folder
        }
    }

    /** Runs a PostgreSQL program (as {@code nobody} under root); fails with its output when it does. */
    private void run(String... command) throws IOException {
        List<String> full = new ArrayList<>();
        if (asNobody) {
            full.addAll(List.of("runuser", "-u", "nobody", "--"));
        }
        full.addAll(List.of(command));
        Path output = Files.createTempFile("loadbearing-pg-cmd-", ".log");
        try {
            Process process = new ProcessBuilder(full).directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", full) + " did not finish in 90 s");
            }
            if (process.exitValue() != 0) {
                String log = Files.exists(root.resolve("server.log")) ? Files.readString(root.resolve("server.log")) : "";
                throw new IllegalStateException(String.join(" ", full) + " failed (" + process.exitValue() + "):\n"
                        + Files.readString(output) + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command[0], e);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
