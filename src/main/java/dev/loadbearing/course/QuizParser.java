package dev.loadbearing.course;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a quiz file, {@code lessons/quizzes/ID.yaml}:
 *
 * <pre>
 * title: Choosing an algorithm        # optional; "Quick check" by default
 * questions:
 *   - id: slow-server
 *     prompt: One server is twice as slow as the others. Which algorithm notices?
 *     choices:
 *       - text: Round robin
 *         explanation: It counts requests, not how long they take.
 *       - text: Least connections
 *         correct: true
 *         explanation: Slow requests pile up as open connections, so it sends fewer.
 * </pre>
 *
 * Every choice needs an explanation; at least one choice per question is correct (more than one
 * makes the page offer check boxes).
 */
public final class QuizParser {
    static final String DEFAULT_TITLE = "Quick check";
    private static final Set<String> QUIZ_KEYS = Set.of("title", "questions");
    private static final Set<String> QUESTION_KEYS = Set.of("id", "prompt", "choices");
    private static final Set<String> CHOICE_KEYS = Set.of("text", "correct", "explanation");

    private final MarkdownRenderer renderer;

    public QuizParser(MarkdownRenderer renderer) {
        this.renderer = renderer;
    }

    /**
     * @param file the path relative to the course folder ({@code lessons/quizzes/lb-basics.yaml})
     */
    public Quiz parse(String file, String text) throws LessonException {
        var problems = new ArrayList<LessonProblem>();
        String name = file.substring(file.lastIndexOf('/') + 1);
        String id = name.endsWith(".yaml") ? name.substring(0, name.length() - 5) : name;
        if (!LessonParser.ID.matcher(id).matches()) {
            throw new LessonException(List.of(new LessonProblem(file, 1,
                    "a quiz file is named after its id: lowercase words joined by dashes, then .yaml, not '" + name + "'")));
        }
        YamlDocument doc;
        try {
            doc = YamlDocument.parse(text, 1);
        } catch (YamlDocument.Invalid e) {
            throw new LessonException(List.of(new LessonProblem(file, e.line(), "the quiz is " + e.getMessage())));
        }
        JsonNode root = doc.root();
        Reporter at = (pointer, message) -> problems.add(new LessonProblem(file, doc.line(pointer), message));
        if (!root.isObject()) {
            at.report("", "a quiz is 'title:' and 'questions:', a list of questions");
            throw new LessonException(problems);
        }
        unknownKeys(root, "", QUIZ_KEYS, at);
        String title = root.hasNonNull("title") ? root.get("title").asText().strip() : DEFAULT_TITLE;
        JsonNode questionNodes = root.get("questions");
        var questions = new ArrayList<Quiz.Question>();
        if (questionNodes == null || !questionNodes.isArray() || questionNodes.isEmpty()) {
            at.report("/questions", "a quiz needs 'questions:', a list with at least one question");
        } else {
            var ids = new HashSet<String>();
            for (int q = 0; q < questionNodes.size(); q++) {
                String where = "/questions/" + q;
                JsonNode node = questionNodes.get(q);
                if (!node.isObject()) {
                    at.report(where, "question " + (q + 1) + " must have id, prompt and choices");
                    continue;
                }
                unknownKeys(node, where, QUESTION_KEYS, at);
                String questionId = node.path("id").asText("");
                if (!LessonParser.ID.matcher(questionId).matches()) {
                    at.report(where + "/id", "question " + (q + 1) + " needs an id of lowercase words joined by dashes");
                } else if (!ids.add(questionId)) {
                    at.report(where + "/id", "question id '" + questionId + "' is used twice in this quiz");
                }
                String prompt = node.path("prompt").asText("").strip();
                if (prompt.isEmpty()) {
                    at.report(where, "question '" + questionId + "' needs a prompt");
                }
                List<Quiz.Choice> choices = choices(node.get("choices"), where, questionId, at);
                questions.add(new Quiz.Question(questionId, renderer.render(prompt).html(), choices));
            }
        }
        if (!problems.isEmpty()) {
            problems.sort((a, b) -> Integer.compare(a.line(), b.line()));
            throw new LessonException(problems);
        }
        return new Quiz(id, title, file, List.copyOf(questions));
    }

    private List<Quiz.Choice> choices(JsonNode nodes, String where, String questionId, Reporter problem) {
        var choices = new ArrayList<Quiz.Choice>();
        if (nodes == null || !nodes.isArray() || nodes.size() < 2 || nodes.size() > 8) {
            problem.report(where + "/choices", "question '" + questionId + "' needs 'choices:', a list of 2 to 8 answers");
            return choices;
        }
        for (int c = 0; c < nodes.size(); c++) {
            String at = where + "/choices/" + c;
            JsonNode node = nodes.get(c);
            if (!node.isObject()) {
                problem.report(at, "choice " + (c + 1) + " of '" + questionId + "' must have text and explanation");
                continue;
            }
            unknownKeys(node, at, CHOICE_KEYS, problem);
            String text = node.path("text").asText("").strip();
            String explanation = node.path("explanation").asText("").strip();
            JsonNode correct = node.get("correct");
            if (text.isEmpty()) {
                problem.report(at, "choice " + (c + 1) + " of '" + questionId + "' needs a text");
            }
            if (explanation.isEmpty()) {
                problem.report(at, "choice " + (c + 1) + " of '" + questionId + "' needs an explanation: say why it is right or wrong");
            }
            if (correct != null && !correct.isBoolean()) {
                problem.report(at + "/correct", "correct must be true or false");
            }
            choices.add(new Quiz.Choice(renderer.renderInline(text), correct != null && correct.asBoolean(), renderer.render(explanation).html()));
        }
        if (choices.stream().noneMatch(Quiz.Choice::correct)) {
            problem.report(where + "/choices", "question '" + questionId + "' has no correct choice: mark at least one with 'correct: true'");
        }
        return choices;
    }

    private static void unknownKeys(JsonNode node, String where, Set<String> known, Reporter problem) {
        node.fieldNames().forEachRemaining(key -> {
            if (!known.contains(key)) {
                problem.report(where + "/" + key, "unknown key '" + key + "'; the keys here are " + String.join(", ", known.stream().sorted().toList()));
            }
        });
    }

    @FunctionalInterface
    private interface Reporter {
        void report(String pointer, String message);
    }
}
