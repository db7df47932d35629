package dev.loadbearing.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser.NewContextOptions;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.options.Cookie;
import dev.loadbearing.ServerConfig;
import dev.loadbearing.TestAccounts;
import dev.loadbearing.TestServer;
import dev.loadbearing.account.Role;
import dev.loadbearing.account.Sessions;
import dev.loadbearing.account.User;
import dev.loadbearing.grading.GradingService;
import dev.loadbearing.grading.SandboxMode;
import dev.loadbearing.grading.WorkerPool;
import dev.loadbearing.web.Csrf;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every kind of page, audited by axe-core in Chromium in both themes: no critical or serious
 * violation (contrast, names, keyboard reach, structure). A failure lists each rule, what it
 * asks for and the elements that break it, so the fix is findable from the report alone.
 */
class AccessibilityAuditTest {
    @TempDir
    static Path data;
    static TestServer server;
    static Browser browser;
    static String axe;
    static String learnerSession;
    static String instructorSession;

    enum Theme {
        LIGHT(ColorScheme.LIGHT), DARK(ColorScheme.DARK);

        final ColorScheme scheme;

        Theme(ColorScheme scheme) {
            this.scheme = scheme;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        try (InputStream in = AccessibilityAuditTest.class.getResourceAsStream("axe.min.js")) {
            axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        server = TestServer.start(new ServerConfig(0, data, null, false, SandboxMode.AUTO,
                new WorkerPool.Settings(1, 0, 200, 1), GradingService.Settings.forServer()));
        server.app().warmUp();
        var accounts = new TestAccounts(server.app().database());
        User learner = accounts.create("ada@example.org", "Ada Lovelace", Role.LEARNER);
        User instructor = accounts.create("grace@example.org", "Grace Teacher", Role.INSTRUCTOR);
        learnerSession = accounts.signIn(learner);
        instructorSession = accounts.signIn(instructor);
        String starter = Files.readString(Path.of("exercises/lb-round-robin/starter/RoundRobin.java"));
        String token = server.csrfToken(Sessions.COOKIE + "=" + learnerSession);
        var response = server.postJson("/api/exercises/lb-round-robin/submissions",
                new ObjectMapper().writeValueAsString(Map.of("files", Map.of("RoundRobin.java", starter))),
                "Cookie", Sessions.COOKIE + "=" + learnerSession + "; " + Csrf.COOKIE + "=" + token, Csrf.HEADER, token);
        assertEquals(200, response.statusCode(), response.body());
        browser = new Browser();
    }

    @AfterAll
    static void stop() {
        browser.close();
        server.close();
    }

    @ParameterizedTest
    @EnumSource(Theme.class)
    void the_outline_and_the_account_pages_have_no_serious_violations(Theme theme) {
        var found = new ArrayList<String>();
        try (BrowserContext context = context(theme, null)) {
            found.addAll(audit(context, "/", page -> {}));
            found.addAll(audit(context, "/signin", page -> {}));
            found.addAll(audit(context, "/signup", page -> {
                // With the form's own error messages showing.
                page.locator("form button[type=submit]").click();
                page.waitForLoadState();
            }));
        }
        try (BrowserContext context = context(theme, learnerSession)) {
            found.addAll(audit(context, "/account", page -> {}));
        }
        assertTrue(found.isEmpty(), report(found));
    }

    @ParameterizedTest
    @EnumSource(Theme.class)
    void every_lesson_with_its_diagrams_charts_quiz_and_submitted_exercise_has_no_serious_violations(Theme theme) {
        var found = new ArrayList<String>();
        try (BrowserContext context = context(theme, learnerSession)) {
            for (String lesson : List.of("single-server", "load-balancing", "caching")) {
                found.addAll(audit(context, "/lessons/" + lesson, page -> {
                    waitForDiagrams(page);
                    Locator quiz = page.locator("form.quiz-question").first();
                    quiz.locator("input").first().check();
                    quiz.locator("button[type=submit]").click();
                    quiz.locator(".quiz-verdict.is-right, .quiz-verdict.is-wrong").waitFor();
                    if (lesson.equals("load-balancing")) {
                        Locator card = page.locator(".exercise-card[data-exercise=lb-round-robin]");
                        card.locator(".cm-content").waitFor();
                        card.locator(".exercise-submit").click();
                        card.locator(".result-summary").waitFor(new Locator.WaitForOptions().setTimeout(60_000));
                        page.locator(".exercise-results canvas").first().waitFor(new Locator.WaitForOptions().setTimeout(20_000));
                    }
                }));
            }
        }
        assertTrue(found.isEmpty(), report(found));
    }

    @ParameterizedTest
    @EnumSource(Theme.class)
    void the_history_and_instructor_pages_have_no_serious_violations(Theme theme) {
        var found = new ArrayList<String>();
        try (BrowserContext context = context(theme, learnerSession)) {
            found.addAll(audit(context, "/exercises/lb-round-robin/history", page -> {}));
        }
        try (BrowserContext context = context(theme, instructorSession)) {
            found.addAll(audit(context, "/instructor", page ->
                    page.locator("#class-tables tbody th").first().waitFor(new Locator.WaitForOptions().setTimeout(30_000))));
            var submission = new String[1];
            found.addAll(audit(context, "/instructor/exercises/lb-round-robin", page ->
                    submission[0] = page.locator("a[href^='/instructor/submissions/']").first().getAttribute("href")));
            found.addAll(audit(context, submission[0], page -> {}));
        }
        assertTrue(found.isEmpty(), report(found));
    }

    @Test
    void the_audit_finds_a_serious_violation_when_there_is_one() {
        try (BrowserContext context = context(Theme.LIGHT, null); Page page = context.newPage()) {
            page.navigate(server.url("/"));
            page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', "
                    + "'<p style=\"color:#777;background:#888\">low contrast</p><img src=\"/static/images/favicon.svg\">')");
            List<String> found = violations(page, "/");
            assertTrue(found.stream().anyMatch(v -> v.contains("color-contrast")), report(found));
            assertTrue(found.stream().anyMatch(v -> v.contains("image-alt")), report(found));
        }
    }

    private static BrowserContext context(Theme theme, String session) {
        BrowserContext context = browser.context(new NewContextOptions().setViewportSize(1280, 900)
                .setColorScheme(theme.scheme).setBypassCSP(true)); // the audit script is injected inline
        if (session != null) {
            context.addCookies(List.of(new Cookie(Sessions.COOKIE, session).setUrl(server.url("/"))));
        }
        return context;
    }

    /** Opens the page, brings it to the state {@code prepare} leaves it in, and audits it. */
    private static List<String> audit(BrowserContext context, String path, Consumer<Page> prepare) {
        try (Page page = context.newPage()) {
            List<String> errors = Browser.watchErrors(page);
            page.navigate(server.url(path));
            prepare.accept(page);
            List<String> found = violations(page, path);
            // A form sent with errors answers 422 by design; anything else in the console is a fault.
            errors.removeIf(e -> e.contains("status of 422"));
            assertEquals(List.of(), errors, path + " ran cleanly");
            String theme = (String) page.evaluate("document.documentElement.dataset.theme");
            Browser.screenshot(page, "audit-" + (path.equals("/") ? "outline" : path.substring(1).replace('/', '-')) + "-" + theme + ".png");
            return found;
        }
    }

    /** Critical and serious axe violations on the page, one readable line each. */
    @SuppressWarnings("unchecked")
    private static List<String> violations(Page page, String path) {
        if (!(Boolean) page.evaluate("typeof window.axe !== 'undefined'")) {
            page.addScriptTag(new Page.AddScriptTagOptions().setContent(axe));
        }
        var results = (List<Map<String, Object>>) page.evaluate("""
                async () => {
                  const { violations } = await axe.run(document, { resultTypes: ['violations'] });
                  return violations.filter(v => v.impact === 'critical' || v.impact === 'serious').map(v => ({
                    id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.slice(0, 6).map(n => n.target.join(' ') + ' — ' + n.failureSummary.replace(/\\s+/g, ' ')),
                    count: v.nodes.length,
                  }));
                }""");
        String theme = (String) page.evaluate("document.documentElement.dataset.theme");
        var lines = new ArrayList<String>();
        for (Map<String, Object> v : results) {
            var line = new StringBuilder(path + " (" + theme + "): " + v.get("impact") + " " + v.get("id") + " ×" + v.get("count")
                    + ": " + v.get("help"));
            for (Object node : (List<Object>) v.get("nodes")) {
                line.append("\n      ").append(node);
            }
            lines.add(line.toString());
        }
        return lines;
    }

    private static void waitForDiagrams(Page page) {
        int diagrams = page.locator("pre.mermaid").count();
        for (int i = 0; i < diagrams; i++) {
            page.locator("pre.mermaid").nth(i).locator("svg").waitFor(new Locator.WaitForOptions().setTimeout(30_000));
        }
        page.locator("pre code.hljs").first().waitFor(new Locator.WaitForOptions().setTimeout(20_000));
    }

    private static String report(List<String> found) {
        return found.isEmpty() ? "" : found.size() + " serious or critical accessibility violation(s):\n  " + String.join("\n  ", found) + "\n";
    }

    static {
        try {
            Files.createDirectories(Browser.SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
