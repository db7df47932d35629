package dev.loadbearing.db;

import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * The embedded H2 database under the data folder, migrated by Flyway when opened and reached
 * through Jdbi. Feature packages keep their SQL in DAO interfaces ({@link #dao(Class)}).
 */
public final class Database implements AutoCloseable {
    private final JdbcConnectionPool pool;
    private final Jdbi jdbi;

    private Database(JdbcConnectionPool pool) {
        this.pool = pool;
        this.jdbi = Jdbi.create(pool).installPlugin(new SqlObjectPlugin());
    }

    /** Opens (creating when new) the database in {@code dataDir} and applies pending migrations. */
    public static Database open(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("cannot create the data folder " + dir + ": " + e.getMessage(), e));
        }
        String url = "jdbc:h2:file:" + dir.resolve("loadbearing") + ";DB_CLOSE_ON_EXIT=FALSE";
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
