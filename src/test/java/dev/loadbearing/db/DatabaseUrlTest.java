package dev.loadbearing.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator types as --database, and H2 data folders made before the migrations were split by database. */
class DatabaseUrlTest {
    @Test
    void the_libpq_url_form_becomes_a_jdbc_url_with_the_credentials_apart() {
        var url = Database.PostgresUrl.parse("postgresql://lb:s3cr%40t+x@db.school.example:6432/loadbearing?sslmode=require");
        assertEquals("jdbc:postgresql://db.school.example:6432/loadbearing?sslmode=require", url.jdbcUrl());
        assertEquals("lb", url.user());
        assertEquals("s3cr@t+x", url.password(), "percent-escapes are decoded, a plus stays a plus");
        assertFalse(url.safeName().contains("s3cr"), "messages never show the password");

        var bare = Database.PostgresUrl.parse("postgres://localhost/lb");
        assertEquals("jdbc:postgresql://localhost/lb", bare.jdbcUrl());
        assertNull(bare.user());
        assertNull(bare.password());

        assertEquals("jdbc:postgresql://a:5432,b:5432/lb?targetServerType=primary",
                Database.PostgresUrl.parse("postgresql://u@a:5432,b:5432/lb?targetServerType=primary").jdbcUrl(), "several hosts pass through");
        assertEquals("jdbc:postgresql://h/lb?user=u", Database.PostgresUrl.parse("jdbc:postgresql://h/lb?user=u").jdbcUrl(),
                "a JDBC URL is taken as it is");
    }

    @Test
    void a_url_that_is_not_postgresql_or_lacks_a_database_is_refused_with_the_form_to_use() {
        var wrong = assertThrows(IllegalArgumentException.class, () -> Database.open("mysql://root:pw@localhost/lb"));
        assertTrue(wrong.getMessage().contains("postgresql://USER:PASSWORD@HOST:PORT/DATABASE"), wrong.getMessage());
        assertFalse(wrong.getMessage().contains("pw"), "nor does this message show the password");
        var noDatabase = assertThrows(IllegalArgumentException.class, () -> Database.open("postgresql://u:p@localhost"));
        assertTrue(noDatabase.getMessage().contains("needs a host and a database"), noDatabase.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Database.open("postgresql://u@h/lb", 0), "a pool needs a connection");
    }

    @Test
    void a_postgresql_that_does_not_answer_fails_at_once_naming_it_without_the_password() throws IOException {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        int closed = port;
        long start = System.nanoTime();
        var e = assertThrows(IllegalStateException.class, () -> Database.open("postgresql://lb:hunter2@127.0.0.1:" + closed + "/lb", 2));
        assertTrue(e.getMessage().startsWith("cannot reach the PostgreSQL database 127.0.0.1:" + closed + "/lb"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertTrue(System.nanoTime() - start < 20_000_000_000L, "it does not hang");
    }

    /** A data folder migrated when every migration sat in db/migration still opens: versions, names and checksums are unchanged. */
    @Test
    void an_h2_database_migrated_before_the_split_opens_and_validates(@TempDir Path dir) throws IOException {
        Path flat = dir.resolve("flat");
        Files.createDirectories(flat);
        Path migrations = Path.of("src/main/resources/db/migration");
        for (String folder : new String[] {"common", "h2"}) {
            try (Stream<Path> files = Files.list(migrations.resolve(folder))) {
                for (Path file : files.toList()) {
                    Files.copy(file, flat.resolve(file.getFileName()));
                }
            }
        }
        String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Flyway.configure().dataSource(url, "sa", "").locations("filesystem:" + flat).load().migrate();
        try (Database database = Database.open(url)) {
            assertTrue(database.writable(), "opened, validated against the split folders, and saving");
        }
    }
}
