package dev.loadbearing.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.loadbearing.ServerConfig;
import dev.loadbearing.TestAccounts;
import dev.loadbearing.TestServer;
import dev.loadbearing.account.Role;
import dev.loadbearing.account.Sessions;
import dev.loadbearing.grading.GradingService;
import dev.loadbearing.grading.SandboxMode;
import dev.loadbearing.grading.WorkerPool;
import dev.loadbearing.web.Csrf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An instructor watching the class: sign in, see submissions arrive, open one, download the grades. */
class InstructorJourneyTest {
    @TempDir
    Path dir;

    @Test
    void an_instructor_sees_the_class_fill_opens_a_submission_and_downloads_the_csv() throws Exception {
        try (TestServer server = TestServer.start(new ServerConfig(0, dir.resolve("data"), null, false, SandboxMode.AUTO,
                new WorkerPool.Settings(1, 0, 200, 0), GradingService.Settings.forServer()));
             Browser browser = new Browser();
             BrowserContext context = browser.context();
             Page page = context.newPage()) {
            var accounts = new TestAccounts(server.app().database());
            accounts.create("teacher@example.org", "Grace Teacher", Role.INSTRUCTOR);
            var ada = accounts.create("ada@example.org", "Ada Lovelace", Role.LEARNER);
            var alan = accounts.create("alan@example.org", "Alan Turing", Role.LEARNER);

            page.navigate(server.url("/instructor"));
            page.waitForURL("**/signin?next=*");
            page.getByLabel("Email").fill("teacher@example.org");
            page.getByLabel("Password").fill(TestAccounts.PASSWORD);
            page.locator("form button[type=submit]").click();
            page.waitForURL("**/instructor");
            assertTrue(page.locator("main").textContent().contains("Nobody has submitted yet"));

            String starter = Files.readString(Path.of("exercises/lb-round-robin/starter/RoundRobin.java"));
            String solution = Files.readString(Path.of("exercises/lb-round-robin/solution/RoundRobin.java"));
            submit(server, accounts.signIn(ada), solution);
            page.locator("#class-tables tbody th", new Page.LocatorOptions().setHasText("Ada Lovelace"))
                    .waitFor(new Locator.WaitForOptions().setTimeout(30_000));
            submit(server, accounts.signIn(alan), starter);
            page.locator("#class-tables tbody th", new Page.LocatorOptions().setHasText("Alan Turing"))
                    .waitFor(new Locator.WaitForOptions().setTimeout(30_000));
            Locator roundRobin = page.locator("#class-tables table").first().locator("tbody tr",
                    new Locator.LocatorOptions().setHasText("Round robin"));
            assertEquals("2", roundRobin.locator("td").nth(0).textContent(), "tried");
            assertEquals("1", roundRobin.locator("td").nth(1).textContent(), "passed");
            Browser.screenshot(page, "instructor-dashboard.png");

            page.locator("#class-tables tbody tr", new Page.LocatorOptions().setHasText("Alan Turing")).getByText("0 / 9").click();
            page.waitForURL("**/instructor/submissions/*");
            assertTrue(page.locator("pre code").first().textContent().contains("return backends.get(0);"), "Alan's code");
            assertTrue(page.locator(".lesson-meta").textContent().contains("Alan Turing"));

            page.goBack();
            Download download = page.waitForDownload(() -> page.getByText("Download grades (CSV)").click());
            List<String> csv = Files.readAllLines(download.path());
            List<String> header = List.of(csv.get(0).split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)"));
            int column = header.indexOf("\"Round robin (lb-round-robin, max 9)\"");
            assertTrue(column > 1 && header.get(0).equals("Name") && header.get(header.size() - 1).equals("Total"), csv.get(0));
            String adaRow = csv.stream().filter(line -> line.startsWith("Ada Lovelace,ada@example.org,")).findFirst().orElseThrow();
            String alanRow = csv.stream().filter(line -> line.startsWith("Alan Turing,alan@example.org,")).findFirst().orElseThrow();
            assertEquals("9", adaRow.split(",")[column], csv.toString());
            assertEquals("9", adaRow.split(",")[header.size() - 1], "Ada's total: " + csv);
            assertEquals("0", alanRow.split(",")[column], csv.toString());
        }
    }

    private static void submit(TestServer server, String session, String code) throws Exception {
        String token = server.csrfToken(Sessions.COOKIE + "=" + session);
        var response = server.postJson("/api/exercises/lb-round-robin/submissions",
                new ObjectMapper().writeValueAsString(Map.of("files", Map.of("RoundRobin.java", code))),
                "Cookie", Sessions.COOKIE + "=" + session + "; " + Csrf.COOKIE + "=" + token, Csrf.HEADER, token);
        assertEquals(200, response.statusCode(), response.body());
    }
}
