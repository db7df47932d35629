package dev.loadbearing.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.loadbearing.CourseFixture;
import dev.loadbearing.ServerConfig;
import dev.loadbearing.TestServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A guest answering a lesson's quiz, and seeing their progress kept. */
class QuizJourneyTest {
    @TempDir
    Path dir;

    @Test
    void a_guest_answers_wrong_learns_why_answers_right_and_sees_progress_on_the_outline() {
        var course = new CourseFixture(dir.resolve("course"));
        course.lesson(1, "load-balancing", "Load balancing", "## Algorithms\n\nText.\n\n```quiz lb\n```\n");
        course.write("lessons/quizzes/lb.yaml", CourseFixture.QUIZ);
        try (TestServer server = TestServer.start(new ServerConfig(0, dir.resolve("data"), course.root(), false));
             Browser browser = new Browser();
             BrowserContext context = browser.context();
             Page page = context.newPage()) {
            List<String> errors = Browser.watchErrors(page);
            page.navigate(server.url("/lessons/load-balancing"));
            Locator question = page.locator("form.quiz-question[data-question=slow-server]");
            Locator progress = page.locator(".lesson-meta .progress");
            assertEquals("0 of 2 done", progress.textContent());

            question.getByText("Check answer").click();
            assertEquals("Choose an answer first.", question.locator(".quiz-verdict").textContent());

            question.getByLabel("Round robin").check();
            question.getByText("Check answer").click();
            question.locator(".quiz-verdict.is-wrong").waitFor();
            assertTrue(question.locator(".quiz-explanation").textContent().contains("never looks at how long"));

            question.getByLabel("Least connections").check();
            question.getByText("Check answer").click();
            question.locator(".quiz-verdict.is-right").waitFor();
            assertEquals("Right.", question.locator(".quiz-verdict").textContent());
            assertEquals(2, question.locator(".quiz-explanation").count(), "once right, every choice is explained");
            assertEquals("1 of 2 done", progress.textContent());
            Browser.screenshot(page, "quiz.png");

            page.navigate(server.url("/"));
            assertEquals("1 of 2 done", page.locator(".lesson-card .progress").textContent(), "progress survives navigation");
            assertEquals(List.of(), errors);
        }
    }
}
