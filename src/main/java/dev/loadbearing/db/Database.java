package dev.loadbearing.db;

import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Set;
import java.io.UncheckedIOException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * The embedded H2 database under the data folder, migrated by Flyway when opened and reached
 * through Jdbi. Feature packages keep their SQL in DAO interfaces ({@link #dao(Class)}).
 */
public final class Database implements AutoCloseable {
    private static final Set<String> WRITES = Set.of("INSERT", "UPDATE", "DELETE", "MERGE");
    private final JdbcConnectionPool pool;
    private final Jdbi jdbi;

    private Database(JdbcConnectionPool pool) {
        this.pool = pool;
        this.jdbi = Jdbi.create(pool).installPlugin(new SqlObjectPlugin());
        jdbi.getConfig(SqlStatements.class).addCustomizer(new SyncAfterWrite());
    }

    /**
     * After every write that committed (the DAOs run in auto-commit), {@code CHECKPOINT SYNC}: the
     * change is written to the file and the file forced to the disk before the caller answers.
     *
     * <p>Why not rely on {@code WRITE_DELAY=0} alone: H2 then stores on every commit, but a commit
     * that finds another thread's store under way returns without storing, counting on that store
     * to cover its change. That store may have gathered its pages just before the change, so the
     * change stays in memory until the next commit: a kill -9 in between loses it (seen with four
     * threads writing: 4 of 2,800 acknowledged rows gone). A second, explicit checkpoint after the
     * commit has returned always covers it, and its sync also survives a crash of the machine.
     */
    private static final class SyncAfterWrite implements StatementCustomizer {
        @Override
        public void afterExecution(PreparedStatement statement, StatementContext ctx) throws SQLException {
            String sql = ctx.getRawSql().stripLeading();
            int space = sql.indexOf(' ');
            String verb = (space < 0 ? sql : sql.substring(0, space)).toUpperCase(Locale.ROOT);
            if (WRITES.contains(verb) && ctx.getConnection().getAutoCommit()) {
                try (Statement sync = ctx.getConnection().createStatement()) {
                    sync.execute("CHECKPOINT SYNC");
                }
            }
        }
    }

    /** Opens (creating when new) the database in {@code dataDir} and applies pending migrations. */
    public static Database open(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("cannot create the data folder " + dir + ": " + e.getMessage(), e));
        }
        // WRITE_DELAY=0: H2's default (500 ms) lets a commit return while its changes are only in
        // memory, to be written by a background thread later; a kill -9 then loses results the
        // learner was already shown. With 0, every commit writes its chunk to the file before it
        // returns (docs/OPERATIONS.md says exactly what that does and does not cover).
        String url = "jdbc:h2:file:" + dir.resolve("loadbearing") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
        return open(url);
    }

    /** Opens a database by JDBC URL (tests use in-memory H2). */
    public static Database open(String url) {
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
        try {
            Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            try (Connection connection = pool.getConnection(); Statement sync = connection.createStatement()) {
                sync.execute("CHECKPOINT SYNC"); // the migrations too are on disk before anything is served
            }
        } catch (SQLException e) {
            pool.dispose();
            throw new IllegalStateException("cannot write the database: " + e.getMessage(), e);
        } catch (FlywayException e) {
            pool.dispose();
            String reason = rootMessage(e);
            if (reason.contains("already in use") || reason.contains("file is locked")) {
                throw new IllegalStateException("the database is in use by another Loadbearing server; stop it or start this one with another --data folder", e);
            }
            throw new IllegalStateException("cannot open or migrate the database: " + reason, e);
        }
        return new Database(pool);
    }

    /** An on-demand DAO: each call takes a connection from the pool and gives it back. */
    public <T> T dao(Class<T> type) {
        return jdbi.onDemand(type);
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** Whether a trivial query answers, for health checks. */
    public boolean reachable() {
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Whether the database still saves: rewrites one row and commits it. A read-only or full data
     * folder answers reads long after it has stopped taking writes, so {@link #reachable()} alone
     * would say all is well.
     */
    public boolean writable() {
        try {
            return jdbi.withHandle(h -> h.createUpdate("UPDATE health_probe SET checked_at = CURRENT_TIMESTAMP WHERE id = 1")
                    .execute()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.dispose();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }
}
