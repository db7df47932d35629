package dev.loadbearing.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.ServerConfig;
import dev.loadbearing.TestAccounts;
import dev.loadbearing.TestServer;
import dev.loadbearing.account.Role;
import dev.loadbearing.grading.GradingService;
import dev.loadbearing.grading.SandboxMode;
import dev.loadbearing.grading.WorkerPool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The script in docs/API.md, run exactly as written against a live server, as an instructor would run it. */
class ApiScriptTest {
    @TempDir
    Path dir;

    @Test
    void the_documented_script_signs_in_submits_reads_the_verdict_by_id_lists_attempts_and_exports() throws Exception {
        for (String tool : new String[] {"bash", "curl", "jq"}) {
            boolean present = new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor() == 0;
            if (!present && System.getenv("CI") == null) {
                Assumptions.abort(tool + " is not installed: the API script test needs bash, curl and jq (CI installs them)");
            }
            assertTrue(present, tool + " is missing: .ci/run must install it");
        }
        Matcher block = Pattern.compile("<!-- api-script -->\\s*```bash\\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("docs/API.md")));
        assertTrue(block.find(), "docs/API.md has no <!-- api-script --> block");
        Path script = Files.writeString(dir.resolve("tour.sh"), block.group(1));
        Files.copy(Path.of("exercises/lb-round-robin/solution/RoundRobin.java"), dir.resolve("RoundRobin.java"));

        try (TestServer server = TestServer.start(new ServerConfig(0, dir.resolve("data"), null, false, SandboxMode.AUTO,
                new WorkerPool.Settings(1, 0, 200, 0), GradingService.Settings.forServer()))) {
            new TestAccounts(server.app().database()).create("grace@example.org", "Grace", Role.INSTRUCTOR);
            var run = new ProcessBuilder("bash", script.toString()).directory(dir.toFile()).redirectErrorStream(true);
            run.environment().put("BASE", server.url("").replaceAll("/$", ""));
            run.environment().put("EMAIL", "grace@example.org");
            run.environment().put("PASSWORD", TestAccounts.PASSWORD);
            Process process = run.start();
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the script did not finish in 2 minutes");
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), out);

            Matcher submitted = Pattern.compile("submitted attempt (\\d+): passed (\\d+)/(\\d+)").matcher(out);
            assertTrue(submitted.find(), out);
            assertEquals(submitted.group(3), submitted.group(2), "the reference solution earns every point");
            String id = submitted.group(1);
            assertTrue(out.contains("attempt " + id + " was passed, graded at 20"), out);
            assertTrue(out.contains(id + " submit passed"), out);
            assertTrue(Files.readString(dir.resolve("grades.csv")).contains("grace@example.org"),
                    Files.readString(dir.resolve("grades.csv")));
            assertTrue(out.contains("gradebook: "), out);
        }
    }
}
