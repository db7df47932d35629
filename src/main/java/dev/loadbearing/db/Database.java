package dev.loadbearing.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Set;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * The database, migrated by Flyway when opened and reached through Jdbi: the embedded H2 under the
 * data folder by default, or a PostgreSQL server that several nodes share ({@link #open(String, int)}).
 * Feature packages keep their SQL in DAO interfaces ({@link #dao(Class)}); that SQL runs unchanged
 * on both. The migrations are in {@code db/migration/common}, with {@code db/migration/h2} and
 * {@code db/migration/postgresql} for the few versions whose SQL must differ.
 */
public final class Database implements AutoCloseable {
    /** The databases Loadbearing runs on. */
    public enum Vendor {
        H2("h2"), POSTGRESQL("postgresql");

        private final String folder;

        Vendor(String folder) {
            this.folder = folder;
        }

        /** Where this database's migrations are: the common ones and its own. */
        String[] migrations() {
            return new String[] {"classpath:db/migration/common", "classpath:db/migration/" + folder};
        }
    }

    /** The connection pool's size when none is given: enough for the request threads and graders of one node. */
    public static final int DEFAULT_POOL_SIZE = 10;

    private static final Set<String> WRITES = Set.of("INSERT", "UPDATE", "DELETE", "MERGE");
    private final DataSource pool;
    private final Vendor vendor;
    private final Jdbi jdbi;

    private Database(DataSource pool, Vendor vendor) {
        this.pool = pool;
        this.vendor = vendor;
        this.jdbi = Jdbi.create(pool).installPlugin(new SqlObjectPlugin());
        if (vendor == Vendor.H2) {
            jdbi.getConfig(SqlStatements.class).addCustomizer(new SyncAfterWrite());
        }
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

    /**
     * Opens a database by URL with a pool of {@link #DEFAULT_POOL_SIZE} connections: a JDBC URL of H2
     * (tests use in-memory H2) or PostgreSQL, or a PostgreSQL URL such as
     * {@code postgresql://user:password@host:5432/loadbearing}.
     */
    public static Database open(String url) {
        return open(url, DEFAULT_POOL_SIZE);
    }

    /**
     * Opens a database by URL (see {@link #open(String)}) and applies pending migrations. A
     * PostgreSQL database is reached through a HikariCP pool of at most {@code poolSize}
     * connections; opening fails at once, with the reason, when the server cannot be reached.
     */
    public static Database open(String url, int poolSize) {
        if (poolSize < 1) {
            throw new IllegalArgumentException("the database pool needs at least 1 connection, not " + poolSize);
        }
        if (url.startsWith("jdbc:h2:")) {
            return openH2(url);
        }
        PostgresUrl target = PostgresUrl.parse(url);
        HikariConfig config = new HikariConfig();
        config.setPoolName("loadbearing-db");
        config.setJdbcUrl(target.jdbcUrl());
        if (target.user() != null) {
            config.setUsername(target.user());
        }
        if (target.password() != null) {
            config.setPassword(target.password());
        }
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
        // A request waits at most 5 s for a connection, then gets the "cannot save right now" page.
        config.setConnectionTimeout(5_000);
        config.addDataSourceProperty("ApplicationName", "loadbearing");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot reach the PostgreSQL database " + target.safeName() + ": " + rootMessage(e), e);
        }
        try {
            // Flyway holds one connection for its advisory lock and migrates on another: it gets
            // connections of its own, closed when it is done, so a pool of one still migrates.
            migrate(Flyway.configure().dataSource(target.jdbcUrl(), target.user(), target.password()), Vendor.POSTGRESQL);
        } catch (FlywayException e) {
            pool.close();
            throw new IllegalStateException("cannot migrate the PostgreSQL database " + target.safeName() + ": " + rootMessage(e), e);
        }
        return new Database(pool, Vendor.POSTGRESQL);
    }

    private static Database openH2(String url) {
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
        try {
            migrate(Flyway.configure().dataSource(pool), Vendor.H2);
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
        return new Database(pool, Vendor.H2);
    }

    private static void migrate(org.flywaydb.core.api.configuration.FluentConfiguration flyway, Vendor vendor) {
        flyway.locations(vendor.migrations())
                .load()
                .migrate();
    }

    /**
     * A PostgreSQL address as pgjdbc takes it, with the user and password apart (so that messages
     * can name the database without its password).
     */
    record PostgresUrl(String jdbcUrl, String user, String password, String safeName) {
        /**
         * Reads {@code postgresql://[user[:password]@]host[:port][,host2...]/database[?parameters]}
         * ({@code postgres://} too, the form libpq and most hosting services print) or a
         * {@code jdbc:postgresql:} URL, which is taken as it is.
         */
        static PostgresUrl parse(String url) {
            if (url.startsWith("jdbc:postgresql:")) {
                String rest = url.substring("jdbc:postgresql:".length());
                int query = rest.indexOf('?');
                return new PostgresUrl(url, null, null, query < 0 ? rest : rest.substring(0, query));
            }
            String rest;
            if (url.startsWith("postgresql://")) {
                rest = url.substring("postgresql://".length());
            } else if (url.startsWith("postgres://")) {
                rest = url.substring("postgres://".length());
            } else {
                throw new IllegalArgumentException("unsupported database URL (" + before(url, ':')
                        + "...); give postgresql://USER:PASSWORD@HOST:PORT/DATABASE, or leave it out for the embedded database");
            }
            String query = "";
            int q = rest.indexOf('?');
            if (q >= 0) {
                query = rest.substring(q);
                rest = rest.substring(0, q);
            }
            int slash = rest.indexOf('/');
            String authority = slash < 0 ? rest : rest.substring(0, slash);
            String database = slash < 0 ? "" : rest.substring(slash + 1);
            String user = null;
            String password = null;
            int at = authority.lastIndexOf('@');
            if (at >= 0) {
                String info = authority.substring(0, at);
                authority = authority.substring(at + 1);
                int colon = info.indexOf(':');
                user = decode(colon < 0 ? info : info.substring(0, colon));
                password = colon < 0 ? null : decode(info.substring(colon + 1));
            }
            if (authority.isEmpty() || database.isEmpty()) {
                throw new IllegalArgumentException("the database URL needs a host and a database: postgresql://USER:PASSWORD@HOST:PORT/DATABASE");
            }
            String name = authority + "/" + database;
            return new PostgresUrl("jdbc:postgresql://" + name + query, user, password, name);
        }

        private static String decode(String s) {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        }

        private static String before(String s, char c) {
            int i = s.indexOf(c);
            return i < 0 ? "?" : s.substring(0, i);
        }
    }

    /** Which database this is. */
    public Vendor vendor() {
        return vendor;
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
        if (pool instanceof JdbcConnectionPool h2) {
            h2.dispose();
        } else if (pool instanceof Closeable closeable) {
            try {
                closeable.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }
}
