package dev.loadbearing.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.loadbearing.TestServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A guest with progress and code signs up and keeps both, in this browser and in a fresh one. */
class AccountJourneyTest {
    static final String LESSON = "/lessons/load-balancing";
    static final String PASSWORD = "copper kettle morning 55";

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

    private static Locator editor(Page page) {
        Locator content = page.locator(".exercise-card[data-exercise=lb-round-robin] .cm-content");
        content.waitFor();
        return content;
    }

    private static void typeCode(Page page, String code) {
        editor(page).click();
        page.keyboard().press("Control+A");
        page.keyboard().press("Delete");
        page.keyboard().insertText(code);
    }

    private static Locator progress(Page page) {
        return page.locator(".lesson-meta .progress");
    }

    private static void waitForText(Locator locator, String text) {
        locator.page().waitForCondition(() -> locator.textContent().contains(text),
                new Page.WaitForConditionOptions().setTimeout(10_000));
    }

    @Test
    void a_guest_signs_up_and_keeps_quiz_progress_and_code_then_finds_them_in_a_fresh_browser() {
        try (BrowserContext guestContext = browser.context(); Page page = guestContext.newPage()) {
            List<String> errors = Browser.watchErrors(page);
            page.navigate(server.url(LESSON));
            assertEquals(Browser.progress("08-load-balancing.md", 0), progress(page).textContent());

            Locator question = page.locator("form.quiz-question[data-question=health-check-detection]");
            question.locator(".quiz-choice[data-choice=\"2\"] input").check();
            question.getByText("Check answer").click();
            question.locator(".quiz-verdict.is-right").waitFor();
            assertEquals(Browser.progress("08-load-balancing.md", 1), progress(page).textContent());
            typeCode(page, "// written as a guest\nclass RoundRobin {}");

            page.locator(".site-header").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Sign up")).click();
            page.waitForURL("**/signup?next=**");
            assertTrue(page.url().endsWith("next=" + LESSON) || page.url().endsWith("next=%2Flessons%2Fload-balancing"), page.url());
            page.getByLabel("Email").fill("guest.turned@example.com");
            page.getByLabel("Name").fill("Guest Turned Learner");
            page.getByLabel("Password").fill("short");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create account")).click();
            assertTrue(page.locator("#password-error").textContent().contains("at least 10 characters"), "errors sit next to their field");
            assertEquals("guest.turned@example.com", page.getByLabel("Email").inputValue(), "the input is kept");
            Browser.screenshot(page, "signup-error.png");
            assertEquals(List.of("console: Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"), errors,
                    "the refused form is the only failed request");
            errors.clear();
            page.getByLabel("Password").fill(PASSWORD);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create account")).click();

            page.waitForURL("**" + LESSON);
            assertEquals("Guest Turned Learner", page.locator(".nav-name").textContent());
            waitForText(progress(page), Browser.progress("08-load-balancing.md", 1));
            waitForText(editor(page), "// written as a guest");
            assertNull(page.evaluate("localStorage.getItem('loadbearing.progress')"), "the guest copy moved to the account");
            page.locator(".site-header").screenshot(new Locator.ScreenshotOptions().setPath(Browser.SCREENSHOTS.resolve("signed-in-header.png")));
            assertEquals(List.of(), errors);
        }

        try (BrowserContext fresh = browser.context(); Page page = fresh.newPage()) {
            List<String> errors = Browser.watchErrors(page);
            page.navigate(server.url(LESSON));
            assertEquals(Browser.progress("08-load-balancing.md", 0), progress(page).textContent(), "a new browser is a new guest");
            page.locator(".site-header").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Sign in")).click();
            page.getByLabel("Email").fill("guest.turned@example.com");
            page.getByLabel("Password").fill(PASSWORD);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
            page.waitForURL("**" + LESSON);
            waitForText(progress(page), Browser.progress("08-load-balancing.md", 1));
            waitForText(editor(page), "// written as a guest");

            page.waitForResponse(r -> r.url().endsWith("/draft") && r.request().method().equals("PUT"),
                    () -> typeCode(page, "// edited while signed in\nclass RoundRobin {}"));
            page.reload();
            waitForText(editor(page), "// edited while signed in");
            assertNull(page.evaluate("Object.keys(localStorage).find((k) => k.startsWith('loadbearing.draft.')) ?? null"),
                    "a signed-in learner's code lives on the server");

            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
            page.waitForURL(server.url("/"));
            assertTrue(page.locator(".site-header").textContent().contains("Sign in"));
            page.navigate(server.url(LESSON));
            assertEquals(Browser.progress("08-load-balancing.md", 0), progress(page).textContent(), "signed out, this browser shows nobody's progress");
            assertTrue(editor(page).textContent().contains("return backends.get(0);"), "nor anybody's code");
            assertEquals(List.of(), errors);
        }
    }
}
