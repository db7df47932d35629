package dev.loadbearing.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.loadbearing.CourseFixture;
import dev.loadbearing.ServerConfig;
import dev.loadbearing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An instructor writing a lesson with {@code serve --dev} open in a browser. */
class LiveReloadJourneyTest {
    @TempDir
    Path dir;

    @Test
    void saving_a_lesson_reloads_the_open_page_by_itself() {
        var course = new CourseFixture(dir.resolve("course"));
        course.lesson(1, "single-server", "A single server", "## DNS\n\nFirst draft.");
        try (TestServer server = TestServer.start(new ServerConfig(0, dir.resolve("data"), course.root(), true));
             Browser browser = new Browser();
             BrowserContext context = browser.context();
             Page page = context.newPage()) {
            page.navigate(server.url("/lessons/single-server"));
            assertEquals("First draft.", page.locator("article p").first().textContent());
            page.waitForTimeout(300); // let the page open its event stream

            course.lesson(1, "single-server", "A single server", "## DNS\n\nSecond draft, saved in the editor.");
            page.locator("article p", new Page.LocatorOptions().setHasText("Second draft"))
                    .waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.VISIBLE).setTimeout(20_000));

            course.write("lessons/01-single-server.md", "---\nid: single-server\n---\n");
            page.locator("h1", new Page.LocatorOptions().setHasText("This lesson has problems"))
                    .waitFor(new Locator.WaitForOptions().setTimeout(20_000));
            Browser.screenshot(page, "dev-lesson-error.png");
        }
    }
}
