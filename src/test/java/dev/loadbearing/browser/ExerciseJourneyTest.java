package dev.loadbearing.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser.NewContextOptions;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ColorScheme;
import dev.loadbearing.ServerConfig;
import dev.loadbearing.TestServer;
import dev.loadbearing.grading.GradingService;
import dev.loadbearing.grading.SandboxMode;
import dev.loadbearing.grading.WorkerPool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A learner solving the round-robin exercise in the load-balancing lesson. */
class ExerciseJourneyTest {
    @TempDir
    static Path data;
    static TestServer server;
    static Browser browser;
    static String solution;

    @BeforeAll
    static void start() throws Exception {
        solution = Files.readString(Path.of("exercises/lb-round-robin/solution/RoundRobin.java"));
        server = TestServer.start(new ServerConfig(0, data, null, false, SandboxMode.AUTO,
                new WorkerPool.Settings(1, 0, 200, 1), GradingService.Settings.forServer()));
        server.app().warmUp();
        browser = new Browser();
    }

    @AfterAll
    static void stop() {
        browser.close();
        server.close();
    }

    private static Locator card(Page page) {
        Locator card = page.locator(".exercise-card[data-exercise=lb-round-robin]");
        card.locator(".cm-content").waitFor();
        return card;
    }

    /** Replaces the editor's text the way a learner would: select all, type. */
    private static void typeCode(Page page, Locator card, String code) {
        card.locator(".cm-content").click();
        page.keyboard().press("Control+A");
        page.keyboard().press("Delete");
        page.keyboard().insertText(code);
    }

    @Test
    void run_fails_the_starter_then_the_fix_passes_every_test_with_a_chart_and_unlocks_the_solution() {
        try (BrowserContext context = browser.context(); Page page = context.newPage()) {
            List<String> errors = Browser.watchErrors(page);
            page.navigate(server.url("/lessons/load-balancing"));
            Locator card = card(page);
            card.scrollIntoViewIfNeeded();
            assertTrue(card.locator(".cm-content").textContent().contains("return backends.get(0);"), "the starter is in the editor");

            card.getByText("Run", new Locator.GetByTextOptions().setExact(false)).first().click();
            card.locator(".result-summary").waitFor(new Locator.WaitForOptions().setTimeout(30_000));
            assertTrue(card.locator(".result-summary").textContent().contains("Some tests failed"));
            Locator firstFailure = card.locator("details.result-test[open]").first();
            assertTrue(firstFailure.textContent().contains("round robin gives each of"), firstFailure.textContent());
            assertTrue(card.locator(".result-summary").textContent().contains("3 of 3 tests failing"), card.locator(".result-summary").textContent());
            var status = card.locator(".exercise-status").boundingBox();
            assertTrue(status.width <= 1 && status.height <= 1, "the summary is not shown a second time above it (only announced): " + status.width);
            String firstMessage = firstFailure.locator(".result-test-message").textContent();
            Number shown = (Number) card.evaluate("(c, m) => [...c.querySelectorAll('.result-message, .result-test-message')]"
                    + ".filter(e => e.textContent.includes(m)).length", firstMessage);
            assertEquals(1, shown.intValue(), "the first failure's message is shown once: " + firstMessage);
            String instruction = "Keep a counter instead";
            assertTrue(card.locator(".cm-content").textContent().contains(instruction));
            var line = card.locator(".cm-line", new Locator.LocatorOptions().setHasText(instruction)).boundingBox();
            var editor = card.locator(".cm-scroller").boundingBox();
            assertTrue(line.x + line.width <= editor.x + editor.width + 1,
                    "the starter's long instruction wraps inside the editor: " + line.width + " x " + line.height + " in " + editor.width);
            card.screenshot(new Locator.ScreenshotOptions().setPath(Browser.SCREENSHOTS.resolve("exercise-failing.png")));

            typeCode(page, card, solution);
            card.locator(".exercise-submit").click();
            card.locator(".result-summary.result-passed").waitFor(new Locator.WaitForOptions().setTimeout(30_000));
            assertTrue(card.locator(".result-summary").textContent().contains("All tests passed"));
            Locator chart = card.locator(".exercise-results > .result-figures .result-figure");
            chart.locator("canvas").first().waitFor(new Locator.WaitForOptions().setTimeout(10_000));
            assertTrue(chart.first().locator("figcaption").textContent().contains("server-0 1000"), "the chart has a text alternative");
            assertTrue(chart.first().locator("canvas").getAttribute("aria-label").startsWith("Requests per server"));
            String drawnLight = (String) chart.first().locator("canvas").evaluate("c => c.toDataURL()");
            page.locator("button.theme-toggle").click();
            page.waitForFunction("([c, before]) => c.isConnected && c.toDataURL() !== before",
                    new Object[] {chart.first().locator("canvas").elementHandle(), drawnLight});
            chart.first().screenshot(new Locator.ScreenshotOptions().setPath(Browser.SCREENSHOTS.resolve("exercise-chart-dark.png")));
            page.locator("button.theme-toggle").click();
            assertFalse(card.locator(".exercise-solution").isHidden(), "the solution unlocks after passing");
            card.locator(".exercise-solution").click();
            card.locator(".exercise-solution-code pre").waitFor();
            card.screenshot(new Locator.ScreenshotOptions().setPath(Browser.SCREENSHOTS.resolve("exercise-passed.png")));

            page.reload();
            card = card(page);
            assertTrue(card.locator(".cm-content").textContent().contains("floorMod") || card.locator(".cm-content").textContent().contains("next"),
                    "the learner's code is kept across reloads");
            assertEquals(Browser.progress("08-load-balancing.md", 1), page.locator(".lesson-meta .progress").textContent(), "the passed exercise counts, as the quiz questions and the other exercises do");

            card.getByText("Your attempts").click();
            page.waitForURL("**/exercises/lb-round-robin/history");
            assertEquals(2, page.locator(".history-table tbody tr").count(), "the Run and the Submit");
            page.getByText("Compare the two").click();
            page.locator(".history-diff .diff-add").first().waitFor();
            Browser.screenshot(page, "history.png");
            assertEquals(List.of(), errors);
        }
    }

    @Test
    void hints_reveal_one_at_a_time_and_reset_brings_back_the_starter() {
        try (BrowserContext context = browser.context(); Page page = context.newPage()) {
            page.onDialog(dialog -> dialog.accept());
            page.navigate(server.url("/lessons/load-balancing"));
            Locator card = card(page);
            Locator hint = card.locator(".exercise-hint");
            assertEquals("Hint 1 of 3", hint.textContent());
            hint.click();
            card.locator(".exercise-hint-text").first().waitFor();
            assertEquals(1, card.locator(".exercise-hint-text").count());
            assertEquals("Hint 2 of 3", hint.textContent());

            typeCode(page, card, "class Broken {");
            card.locator(".exercise-reset").click();
            assertTrue(card.locator(".cm-content").textContent().contains("return backends.get(0);"));
        }
    }

    @Test
    void the_keyboard_alone_runs_the_code_and_tab_does_not_trap_focus() {
        try (BrowserContext context = browser.context(); Page page = context.newPage()) {
            page.navigate(server.url("/lessons/load-balancing"));
            Locator card = card(page);
            card.locator(".cm-content").focus();
            page.keyboard().press("Tab");
            assertFalse((Boolean) page.evaluate("document.activeElement.classList.contains('cm-content')"),
                    "before typing, Tab leaves the editor");
            card.locator(".cm-content").focus();
            page.keyboard().press("Control+Enter");
            card.locator(".result-summary").waitFor(new Locator.WaitForOptions().setTimeout(30_000));
            assertTrue(card.locator(".exercise-status").textContent().length() > 0, "the outcome is announced");
        }
    }

    @Test
    void a_compile_error_is_marked_on_its_line_and_printed_html_stays_text() {
        try (BrowserContext context = browser.context(); Page page = context.newPage()) {
            page.navigate(server.url("/lessons/load-balancing"));
            Locator card = card(page);
            String broken = solution.replace("return null;", "return null").replace("int n = backends.size();",
                    "int n = backends.size(); System.out.println(\"<img src=x onerror=alert(1)>\");");
            typeCode(page, card, broken);
            card.locator(".exercise-run").click();
            card.locator(".result-summary").waitFor(new Locator.WaitForOptions().setTimeout(30_000));
            assertTrue(card.locator(".result-summary").textContent().contains("does not compile"), card.locator(".result-summary").textContent());
            card.locator(".cm-lintRange-error").first().waitFor();
            assertTrue(card.locator(".cm-lint-marker-error").count() >= 1, "the gutter marks the line");

            typeCode(page, card, solution.replace("int n = backends.size();",
                    "int n = backends.size(); System.out.println(\"<img src=x onerror=alert(1)>\");"));
            card.locator(".exercise-run").click();
            card.locator(".result-summary.result-passed").waitFor(new Locator.WaitForOptions().setTimeout(30_000));
            card.locator("details.result-test").first().locator("summary").click();
            assertTrue(card.locator(".result-output").first().textContent().contains("<img src=x onerror=alert(1)>"), "printed as text");
            assertEquals(0, card.locator(".exercise-results img").count(), "never as HTML");
        }
    }

    @Test
    void on_a_phone_and_in_dark_mode_the_card_is_usable() {
        var phone = new NewContextOptions().setViewportSize(390, 844).setDeviceScaleFactor(2).setIsMobile(true).setHasTouch(true)
                .setColorScheme(ColorScheme.DARK);
        try (BrowserContext context = browser.context(phone); Page page = context.newPage()) {
            page.navigate(server.url("/lessons/load-balancing"));
            Locator card = card(page);
            card.scrollIntoViewIfNeeded();
            Number overflow = (Number) page.evaluate("document.documentElement.scrollWidth - window.innerWidth");
            assertTrue(overflow.intValue() <= 0, "no sideways scrolling: " + overflow);
            assertTrue(card.locator(".exercise-run").boundingBox().width >= 44, "a thumb-sized Run button");
            card.screenshot(new Locator.ScreenshotOptions().setPath(Browser.SCREENSHOTS.resolve("exercise-phone-dark.png")));
        }
    }
}
