package dev.loadbearing.browser;

import com.microsoft.playwright.Browser.NewContextOptions;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Headless Chromium for browser journeys: Debian's {@code /usr/bin/chromium} when present (CI and
 * this project's machines, which cannot download browsers), else Playwright's own browser.
 * One per test class: starting Playwright costs over a second.
 */
final class Browser implements AutoCloseable {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Path SYSTEM_CHROMIUM = Path.of("/usr/bin/chromium");

    private final Playwright playwright;
    private final com.microsoft.playwright.Browser chromium;

    Browser() {
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        var options = new BrowserType.LaunchOptions()
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"));
        if (Files.isExecutable(SYSTEM_CHROMIUM)) {
            options.setExecutablePath(SYSTEM_CHROMIUM);
        }
        chromium = playwright.chromium().launch(options);
    }

    BrowserContext context(NewContextOptions options) {
        return chromium.newContext(options);
    }

    BrowserContext context() {
        return context(new NewContextOptions().setViewportSize(1280, 900));
    }

    /** Collects console errors and failed requests, so a test can assert the page ran cleanly. */
    static List<String> watchErrors(Page page) {
        var errors = new ArrayList<String>();
        page.onConsoleMessage(m -> {
            if (m.type().equals("error")) {
                errors.add("console: " + m.text());
            }
        });
        page.onPageError(e -> errors.add("page error: " + e));
        page.onRequestFailed(r -> errors.add("request failed: " + r.url() + " " + r.failure()));
        return errors;
    }

    static void screenshot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name)).setFullPage(true));
    }

    @Override
    public void close() {
        chromium.close();
        playwright.close();
    }

    /**
     * What a lesson's progress line says after {@code done} items: "K of N done", where N counts
     * the quiz questions and embedded exercises of the lesson's file in this checkout.
     */
    static String progress(String lessonFile, int done) {
        try {
            String lesson = Files.readString(Path.of("lessons", lessonFile));
            int items = 0;
            var quiz = java.util.regex.Pattern.compile("```quiz (\\S+)").matcher(lesson);
            while (quiz.find()) {
                items += (int) Files.readAllLines(Path.of("lessons", "quizzes", quiz.group(1) + ".yaml")).stream()
                        .filter(line -> line.startsWith("  - id:")).count();
            }
            items += (int) lesson.lines().filter(line -> line.startsWith("```exercise ")).count();
            return done + " of " + items + " done";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
