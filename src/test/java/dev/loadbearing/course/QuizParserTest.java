package dev.loadbearing.course;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.CourseFixture;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuizParserTest {
    private final QuizParser parser = new QuizParser(new MarkdownRenderer());

    static final String QUIZ = CourseFixture.QUIZ;

    private List<String> problems(String text) {
        return assertThrows(LessonException.class, () -> parser.parse("lessons/quizzes/lb.yaml", text))
                .problems().stream().map(LessonProblem::toString).toList();
    }

    @Test
    void a_quiz_file_becomes_questions_with_rendered_markdown() throws Exception {
        Quiz quiz = parser.parse("lessons/quizzes/lb.yaml", QUIZ);
        assertEquals("lb", quiz.id());
        assertEquals("Load balancing check", quiz.title());
        assertEquals(List.of("slow-server", "stateless"), quiz.questions().stream().map(Quiz.Question::id).toList());
        Quiz.Question first = quiz.questions().get(0);
        assertEquals("<p>One server gets <strong>twice as slow</strong>. Which algorithm notices?</p>\n", first.prompt());
        assertEquals("Round robin", first.choices().get(0).text());
        assertFalse(first.multiple());
        assertTrue(quiz.questions().get(1).multiple());
        assertEquals("<code>Cache-Control: no-store</code>", quiz.questions().get(1).choices().get(2).text());
    }

    @Test
    void the_title_defaults_to_quick_check() throws Exception {
        assertEquals("Quick check", parser.parse("lessons/quizzes/lb.yaml", QUIZ.replace("title: Load balancing check\n", "")).title());
    }

    @Test
    void a_choice_without_an_explanation_is_reported_on_its_line() {
        String broken = QUIZ.replace("        explanation: It never looks at how long requests take.\n", "");
        assertEquals(List.of("lessons/quizzes/lb.yaml:6: choice 1 of 'slow-server' needs an explanation: say why it is right or wrong"),
                problems(broken));
    }

    @Test
    void a_question_with_no_correct_choice_is_reported() {
        String broken = QUIZ.replace("        correct: true\n        explanation: Slow requests", "        explanation: Slow requests");
        assertEquals(List.of("lessons/quizzes/lb.yaml:5: question 'slow-server' has no correct choice: mark at least one with 'correct: true'"),
                problems(broken));
    }

    @Test
    void unknown_keys_duplicate_ids_and_bad_yaml_are_reported() {
        assertEquals(List.of("lessons/quizzes/lb.yaml:3: question 'slow-server' needs a prompt",
                        "lessons/quizzes/lb.yaml:4: unknown key 'promt'; the keys here are choices, id, prompt"),
                problems(QUIZ.replace("    prompt: One server", "    promt: One server")));
        assertEquals(List.of("lessons/quizzes/lb.yaml:11: question id 'slow-server' is used twice in this quiz"),
                problems(QUIZ.replace("id: stateless", "id: slow-server")));
        assertTrue(problems("questions: [unclosed").get(0).startsWith("lessons/quizzes/lb.yaml:1: the quiz is not valid YAML"));
    }

    @Test
    void checking_an_answer_explains_the_chosen_choices_and_once_right_all_of_them() throws Exception {
        Quiz.Question question = parser.parse("lessons/quizzes/lb.yaml", QUIZ).questions().get(0);
        Quiz.Answer wrong = question.check(List.of(0));
        assertFalse(wrong.correct());
        assertEquals(List.of(0), wrong.feedback().stream().map(Quiz.Feedback::choice).toList());
        assertTrue(wrong.feedback().get(0).explanation().contains("never looks"));

        Quiz.Answer right = question.check(List.of(1));
        assertTrue(right.correct());
        assertEquals(List.of(0, 1), right.feedback().stream().map(Quiz.Feedback::choice).toList());
    }

    @Test
    void a_multiple_answer_question_needs_exactly_the_right_set() throws Exception {
        Quiz.Question question = parser.parse("lessons/quizzes/lb.yaml", QUIZ).questions().get(1);
        assertFalse(question.check(List.of(0)).correct(), "one of two right answers is not enough");
        assertFalse(question.check(List.of(0, 1, 2)).correct(), "a wrong one spoils it");
        assertTrue(question.check(List.of(2, 0)).correct());
    }

    @Test
    void impossible_answers_are_refused_with_a_reason() throws Exception {
        Quiz.Question question = parser.parse("lessons/quizzes/lb.yaml", QUIZ).questions().get(0);
        assertEquals("choose at least one answer", assertThrows(IllegalArgumentException.class, () -> question.check(List.of())).getMessage());
        assertEquals("question 'slow-server' has choices 0 to 1, not 5", assertThrows(IllegalArgumentException.class, () -> question.check(List.of(5))).getMessage());
        assertEquals("question 'slow-server' has one right answer: choose one", assertThrows(IllegalArgumentException.class, () -> question.check(List.of(0, 1))).getMessage());
    }
}
