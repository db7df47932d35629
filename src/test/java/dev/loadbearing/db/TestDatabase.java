package dev.loadbearing.db;

import java.util.UUID;

/**
 * The databases the store tests run on, each test on a fresh, freshly migrated one. A test class
 * runs on both with {@code @ParameterizedClass @EnumSource(TestDatabase.class)} and opens its
 * database with {@link #open()}.
 */
public enum TestDatabase {
    /** In-memory H2, the embedded database. */
    H2 {
        @Override
        public String newUrl() {
            return "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        }
    },
    /** A database of its own on the test run's PostgreSQL cluster ({@link PostgresCluster}). */
    POSTGRESQL {
        @Override
        public String newUrl() {
            return PostgresCluster.shared().newDatabase();
        }
    };

    /** The URL of a new, empty database (skips the test when PostgreSQL is not installed, outside CI). */
    public abstract String newUrl();

    /** A new database with every migration applied. */
    public Database open() {
        return Database.open(newUrl(), 4);
    }
}
