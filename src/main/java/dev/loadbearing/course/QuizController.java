package dev.loadbearing.course;

import dev.loadbearing.web.ErrorPages;
import io.javalin.http.Context;
import java.util.List;

/** {@code POST /api/quizzes/{quiz}/questions/{question}/answers} with {@code {"choices": [1]}}. */
public final class QuizController {
    private final Catalog catalog;
    private final ErrorPages errors;

    public QuizController(Catalog catalog, ErrorPages errors) {
        this.catalog = catalog;
        this.errors = errors;
    }

    /** The body of an answer. */
    public record AnswerRequest(List<Integer> choices) {}

    public void answer(Context ctx) {
        var question = catalog.quiz(ctx.pathParam("quiz")).flatMap(q -> q.question(ctx.pathParam("question")));
        if (question.isEmpty()) {
            errors.show(ctx, 404, "No such question",
                    "There is no question '" + ctx.pathParam("question") + "' in quiz '" + ctx.pathParam("quiz") + "'.");
            return;
        }
        AnswerRequest request;
        try {
            request = ctx.bodyAsClass(AnswerRequest.class);
        } catch (Exception e) { // Jackson's parse errors arrive unchecked-looking from Javalin
            request = null;
        }
        if (request == null || request.choices() == null) {
            errors.show(ctx, 400, "Bad request", "Send JSON like {\"choices\": [1]}: the indices of the chosen answers, from 0.");
            return;
        }
        try {
            ctx.json(question.get().check(request.choices()));
        } catch (IllegalArgumentException e) {
            errors.show(ctx, 400, "Bad answer", e.getMessage());
        }
    }
}
