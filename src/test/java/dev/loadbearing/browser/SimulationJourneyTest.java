package dev.loadbearing.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser.NewContextOptions;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ColorScheme;
import dev.loadbearing.TestServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reader turns the knobs of the live simulation in the load-balancing lesson. */
class SimulationJourneyTest {
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

    private static String p99Bars(Page page) {
        return (String) page.evaluate("JSON.stringify(JSON.parse(document.querySelector('section.simulation').dataset.drawn || 'null')?.[0]?.values)");
    }

    @Test
    void moving_the_slow_server_speed_by_keyboard_changes_the_p99_bars_and_a_shared_link_reproduces_them() {
        try (BrowserContext context = browser.context(); Page page = context.newPage()) {
            List<String> errors = Browser.watchErrors(page);
            page.navigate(server.url("/lessons/load-balancing"));
            Locator panel = page.locator("section.simulation");
            panel.locator("canvas").first().waitFor();
            String before = p99Bars(page);
            assertTrue(panel.locator(".simulation-status").textContent().contains("p99"), "the default run's summary is on the page");

            Locator slider = page.getByLabel("Slow server speed (1 = as fast as the others)");
            slider.focus();
            long start = System.nanoTime();
            for (int i = 0; i < 6; i++) {
                page.keyboard().press("ArrowRight");
            }
            page.waitForFunction("b => JSON.stringify(JSON.parse(document.querySelector('section.simulation').dataset.drawn)[0].values) !== b",
                    before);
            long ms = (System.nanoTime() - start) / 1_000_000;
            String after = p99Bars(page);
            assertNotEquals(before, after, "the p99 bars changed");
            assertTrue(ms < 1_500, "the bars changed " + ms + " ms after the last key (half a second on an idle machine)");
            assertEquals("0.65", slider.inputValue());
            String status = panel.locator(".simulation-status").textContent();
            assertTrue(status.contains("p99") && !status.startsWith("At the defaults"), "the new summary is announced: " + status);
            assertEquals("polite", panel.locator(".simulation-status").getAttribute("aria-live"));
            panel.screenshot(new Locator.ScreenshotOptions().setPath(Browser.SCREENSHOTS.resolve("simulation-light.png")));

            String link = page.url();
            assertTrue(link.contains("slowSpeed"), "the parameters are in the link: " + link);
            try (Page shared = context.newPage()) {
                shared.navigate(link);
                shared.waitForFunction("() => document.querySelector('section.simulation').dataset.drawn");
                shared.waitForFunction("a => JSON.stringify(JSON.parse(document.querySelector('section.simulation').dataset.drawn)[0].values) === a", after);
                assertEquals(after, p99Bars(shared), "the shared link draws the same p99 bars");
                assertEquals("0.65", shared.getByLabel("Slow server speed (1 = as fast as the others)").inputValue());
            }
            assertEquals(List.of(), errors);
        }
    }

    @Test
    void the_block_reads_well_in_the_dark_theme_and_at_390_px() {
        try (BrowserContext context = browser.context(new NewContextOptions().setViewportSize(390, 844).setColorScheme(ColorScheme.DARK));
                Page page = context.newPage()) {
            page.navigate(server.url("/lessons/load-balancing"));
            Locator panel = page.locator("section.simulation");
            panel.locator("canvas").first().waitFor();
            panel.scrollIntoViewIfNeeded();
            double width = panel.boundingBox().width;
            assertTrue(width <= 390, "the block fits a phone: " + width + " px");
            page.locator("section.simulation").screenshot(new Locator.ScreenshotOptions().setPath(Browser.SCREENSHOTS.resolve("simulation-dark-390.png")));
        }
    }
}
