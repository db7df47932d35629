package dev.loadbearing.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadbearing.ServerConfig;
import dev.loadbearing.TestServer;
import dev.loadbearing.db.Database;
import dev.loadbearing.db.TestDatabase;
import dev.loadbearing.grading.GradingService;
import dev.loadbearing.grading.SandboxMode;
import dev.loadbearing.grading.WorkerPool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two whole servers on one PostgreSQL database, as two nodes behind a load balancer: a learner
 * signs up on one, submits through the other with the same cookies, and reads the result back on
 * the first. Nothing a learner needs is kept by a node.
 */
class SharedDatabaseTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    ServerConfig node(String name, String url) {
        return new ServerConfig(0, dir.resolve(name), null, false, SandboxMode.AUTO, new WorkerPool.Settings(1, 0, 200, 1),
                GradingService.Settings.forServer()).withDatabase(url, 4);
    }

    @Test
    void a_learner_signs_up_on_one_node_submits_through_another_and_reads_the_result_on_the_first() throws Exception {
        String url = TestDatabase.POSTGRESQL.newUrl();
        try (TestServer first = TestServer.start(node("first", url)); TestServer second = TestServer.start(node("second", url))) {
            assertEquals(Database.Vendor.POSTGRESQL, first.app().database().vendor());
            assertEquals(200, first.get("/ready", "application/json").statusCode());

            WebClient onFirst = new WebClient(first);
            assertEquals(303, onFirst.signUp("ada@example.com", "Ada", "a long passphrase here").statusCode());
            WebClient onSecond = new WebClient(second);
            onSecond.copyCookiesFrom(onFirst);
            assertEquals(200, onSecond.getJson("/api/me/progress").statusCode(), "the session made on the first node holds on the second");

            String code = Files.readString(Path.of("exercises/lb-round-robin/solution/RoundRobin.java"));
            var submitted = onSecond.json("POST", "/api/exercises/lb-round-robin/submissions",
                    JSON.writeValueAsString(Map.of("files", Map.of("RoundRobin.java", code))), true);
            assertEquals(200, submitted.statusCode(), "the CSRF token the first node signed is good on the second: " + submitted.body());
            JsonNode verdict = JSON.readTree(submitted.body());
            assertEquals("passed", verdict.get("status").asText(), submitted.body());
            long id = verdict.get("submission_id").asLong();

            JsonNode stored = JSON.readTree(onFirst.getJson("/api/submissions/" + id).body());
            assertEquals("passed", stored.get("status").asText(), stored.toString());
            assertEquals(verdict.get("score").asInt(), stored.get("score").asInt());
            assertEquals(stored.get("max_score").asInt(), stored.get("score").asInt());
            assertEquals(1, JSON.readTree(onFirst.getJson("/api/exercises/lb-round-robin/submissions").body()).get("total").asInt());

            assertFalse(Files.exists(dir.resolve("first")) || Files.exists(dir.resolve("second")),
                    "with a database URL no node writes a data folder of its own");
        }
        try (Database database = Database.open(url, 1)) {
            assertTrue(database.dao(AccountDao.class).byEmail("ada@example.com").isPresent(), "the account outlives both nodes");
        }
    }
}
