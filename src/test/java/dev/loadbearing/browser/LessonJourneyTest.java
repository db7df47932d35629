package dev.loadbearing.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser.NewContextOptions;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.loadbearing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A learner reading the bundled course in a real browser. */
class LessonJourneyTest {
    @TempDir
    static Path data;
    static TestServer server;
    static Browser browser;

    @BeforeAll
    static void start() {
        server = TestServer.start(data);
        browser = new Browser();
    }

    @AfterAll
    static void stop() {
        browser.close();
        server.close();
    }

    @Test
    void a_learner_opens_the_outline_follows_a_lesson_and_sees_its_diagram_drawn() throws Exception {
        try (BrowserContext context = browser.context(); Page page = context.newPage()) {
            List<String> errors = Browser.watchErrors(page);
            page.navigate(server.url("/"));
            Browser.screenshot(page, "outline.png");
            assertEquals("System design you can run", page.locator("h1").textContent());

            page.locator(".lesson-card a[href='/lessons/load-balancing']").click();
            page.waitForURL("**/lessons/load-balancing");
            assertEquals("Load balancing", page.locator("main h1").textContent());

            Locator diagram = page.locator("pre.mermaid svg .node").first();
            diagram.waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.VISIBLE).setTimeout(20_000));
            assertTrue(page.locator("pre.mermaid svg").first().boundingBox().width > 200, "the diagram has a size");
            Number nodes = (Number) page.evaluate("document.querySelector('pre.mermaid').querySelectorAll('.node').length");
            String labels = (String) page.evaluate("document.querySelector('pre.mermaid').innerText");
            assertTrue(nodes.intValue() >= 3 && labels.contains("Load balancer"), nodes + " boxes, labels: " + labels);

            page.locator("pre code.hljs").first().waitFor();
            assertTrue(page.locator("pre code .hljs-keyword").count() > 0, "Java code is highlighted");

            page.locator(".toc a").nth(1).click();
            assertTrue(page.url().contains("#"), "the table of contents links into the page");
            Browser.screenshot(page, "lesson.png");
            assertTrue(Files.size(Browser.SCREENSHOTS.resolve("lesson.png")) > 10_000, "a screenshot for a person to look at");
            assertEquals(List.of(), errors);
        }
    }

    @Test
    void the_dark_mode_toggle_switches_the_page_redraws_diagrams_and_is_remembered() {
        try (BrowserContext context = browser.context(new NewContextOptions().setViewportSize(1280, 900).setColorScheme(ColorScheme.LIGHT));
             Page page = context.newPage()) {
            List<String> errors = Browser.watchErrors(page);
            page.navigate(server.url("/lessons/caching"));
            page.locator("pre.mermaid svg").first().waitFor(new Locator.WaitForOptions().setTimeout(20_000));
            assertEquals("light", page.locator("html").getAttribute("data-theme"));
            String lightBackground = backgroundOf(page);
            Locator toggle = page.locator("button.theme-toggle");
            assertEquals("false", toggle.getAttribute("aria-pressed"));

            toggle.click();
            assertEquals("dark", page.locator("html").getAttribute("data-theme"));
            assertEquals("true", toggle.getAttribute("aria-pressed"));
            String darkBackground = backgroundOf(page);
            assertFalse(darkBackground.equals(lightBackground), "the background changed: " + darkBackground);
            assertTrue(luminance(darkBackground) < 0.1, "a dark background: " + darkBackground);
            page.locator("pre.mermaid[data-processed] svg").first().waitFor(new Locator.WaitForOptions().setTimeout(20_000));

            page.reload();
            assertEquals("dark", page.locator("html").getAttribute("data-theme"), "the choice survives a reload");
            page.locator("pre.mermaid svg").first().waitFor(new Locator.WaitForOptions().setTimeout(20_000));
            Browser.screenshot(page, "lesson-dark.png");
            assertEquals(List.of(), errors);
        }
    }

    @Test
    void dark_mode_follows_the_system_setting_until_the_reader_chooses() {
        try (BrowserContext context = browser.context(new NewContextOptions().setColorScheme(ColorScheme.DARK));
             Page page = context.newPage()) {
            page.navigate(server.url("/"));
            assertEquals("dark", page.locator("html").getAttribute("data-theme"));
            assertTrue(luminance(backgroundOf(page)) < 0.1);
        }
    }

    @Test
    void on_a_phone_the_lesson_fits_the_screen_and_the_contents_are_folded() {
        var phone = new NewContextOptions().setViewportSize(390, 844).setDeviceScaleFactor(2).setIsMobile(true).setHasTouch(true);
        try (BrowserContext context = browser.context(phone); Page page = context.newPage()) {
            page.navigate(server.url("/lessons/load-balancing"));
            page.locator("pre.mermaid svg").first().waitFor(new Locator.WaitForOptions().setTimeout(20_000));
            assertFalse((Boolean) page.evaluate("document.querySelector('.toc details').open"), "contents folded");
            Number overflow = (Number) page.evaluate("document.documentElement.scrollWidth - window.innerWidth");
            assertTrue(overflow.intValue() <= 0, "no sideways scrolling of the page: " + overflow + " px too wide");
            for (String link : List.of(".nav-signin", ".nav-signup")) {
                var box = page.locator(link).boundingBox();
                assertTrue(box.height < 40, link + " sits on one line: " + box.height + " px tall");
            }
            page.screenshot(new Page.ScreenshotOptions().setPath(Browser.SCREENSHOTS.resolve("lesson-phone.png")));
        }
    }

    @Test
    void without_javascript_the_lesson_still_reads() {
        try (BrowserContext context = browser.context(new NewContextOptions().setJavaScriptEnabled(false)); Page page = context.newPage()) {
            page.navigate(server.url("/lessons/single-server"));
            assertTrue(page.locator("article.prose h2").count() >= 5, "the lesson's sections are there");
            assertTrue(page.locator(".toc details").getAttribute("open") != null, "the contents are open");
            assertFalse(page.locator("button.theme-toggle").isVisible(), "no toggle that would do nothing");
            String next = server.app().catalog().lessons().get(1).id();
            page.locator(".pager-next").click();
            page.waitForURL("**/lessons/" + next);
        }
    }

    private static String backgroundOf(Page page) {
        return (String) page.evaluate("getComputedStyle(document.body).backgroundColor");
    }

    /** Relative luminance (0 black … 1 white) of a CSS rgb() colour. */
    private static double luminance(String rgb) {
        String[] parts = rgb.replaceAll("[^0-9,.]", "").split(",");
        double r = Double.parseDouble(parts[0]) / 255, g = Double.parseDouble(parts[1]) / 255, b = Double.parseDouble(parts[2]) / 255;
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    }
}
