package dev.loadbearing.course;

import dev.loadbearing.web.ErrorPages;
import dev.loadbearing.web.Paths;
import dev.loadbearing.web.Views;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The course outline ({@code GET /}) and lesson pages ({@code GET /lessons/{id}}). */
public final class LessonController {
    private final Catalog catalog;
    private final ExerciseCatalog exercises;
    private final PageViews pageViews;
    private final Views views;
    private final ErrorPages errors;
    private final Simulations simulations;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    public LessonController(Catalog catalog, ExerciseCatalog exercises, Simulations simulations, PageViews pageViews,
            Views views, ErrorPages errors) {
        this.simulations = simulations;
        this.catalog = catalog;
        this.exercises = exercises;
        this.pageViews = pageViews;
        this.views = views;
        this.errors = errors;
    }

    public void outline(Context ctx) {
        refreshInDev();
        List<Lesson> lessons = catalog.lessons();
        views.cachedPage(ctx, Paths.Template.OUTLINE, lessons, () -> {
            var model = new HashMap<String, Object>();
            model.put("lessons", lessons);
            model.put("parts", CoursePart.of(lessons));
            model.put("progressItems", lessons.stream().collect(Collectors.toMap(Lesson::id, l -> String.join(" ", catalog.progressItems(l)))));
            model.put("totalMinutes", lessons.stream().mapToInt(Lesson::estimatedMinutes).sum());
            model.put("problems", views.dev() ? catalog.problems() : List.of());
            return model;
        });
    }

    public void show(Context ctx) {
        refreshInDev();
        String id = ctx.pathParam("id");
        var lesson = catalog.lesson(id);
        if (lesson.isEmpty()) {
            List<LessonProblem> problems = catalog.problemsOf(id);
            if (views.dev() && !problems.isEmpty()) {
                views.page(ctx, 500, Paths.Template.LESSON_BROKEN, Map.of("id", id, "problems", problems));
            } else {
                errors.show(ctx, 404, "No such lesson",
                        "There is no lesson called '" + id + "'. The course outline lists every lesson.");
            }
            return;
        }
        pageViews.record(id);
        Lesson shown = lesson.get();
        // The page depends on the whole course (neighbours, prerequisites), so a reload of any lesson re-renders it.
        views.cachedPage(ctx, Paths.Template.LESSON, catalog.lessons(), () -> {
            var neighbours = catalog.neighbours(shown);
            var model = new HashMap<String, Object>();
            model.put("lesson", shown);
            model.put("number", catalog.lessons().indexOf(shown) + 1);
            model.put("part", CoursePart.titlesById(catalog.lessons()).getOrDefault(shown.id(), ""));
            model.put("previous", neighbours.previous());
            model.put("next", neighbours.next());
            model.put("prerequisites", shown.prerequisites().stream().map(catalog::lesson).flatMap(Optional::stream).toList());
            model.put("quizzes", catalog.quizzesOf(shown));
            model.put("exercises", exercisesOf(shown));
            model.put("simulations", simulationsOf(shown));
            model.put("progressItems", String.join(" ", catalog.progressItems(shown)));
            return model;
        });
    }

    /** {@code GET /api/lessons}: the course outline for scripts. */
    public void list(Context ctx) {
        refreshInDev();
        var partOf = CoursePart.titlesById(catalog.lessons());
        ctx.json(catalog.lessons().stream().map(l -> {
            var entry = new LinkedHashMap<String, Object>();
            entry.put("id", l.id());
            entry.put("title", l.title());
            entry.put("summary", l.summary());
            entry.put("order", l.order());
            entry.put("estimated_minutes", l.estimatedMinutes());
            entry.put("prerequisites", l.prerequisites());
            entry.put("part", partOf.get(l.id()));
            entry.put("url", Paths.lesson(l.id()));
            entry.put("exercises", l.body().embeds().stream().filter(e -> e.kind().equals("exercise")).map(RenderedMarkdown.Embed::id).toList());
            entry.put("quizzes", l.body().embeds().stream().filter(e -> e.kind().equals("quiz")).map(RenderedMarkdown.Embed::id).toList());
            return entry;
        }).toList());
    }

    private Map<String, Exercise> exercisesOf(Lesson lesson) {
        var found = new HashMap<String, Exercise>();
        for (RenderedMarkdown.Embed embed : lesson.body().embeds()) {
            if (embed.kind().equals("exercise")) {
                exercises.exercise(embed.id()).ifPresent(e -> found.put(e.id(), e));
            }
        }
        return found;
    }

    /** Each embedded simulation with its run at the defaults, so the page reads well without scripts. */
    private Map<String, SimulationPanel> simulationsOf(Lesson lesson) {
        var found = new HashMap<String, SimulationPanel>();
        for (RenderedMarkdown.Embed embed : lesson.body().embeds()) {
            if (embed.kind().equals("simulation")) {
                simulations.simulation(embed.id()).ifPresent(s -> {
                    try {
                        Simulations.Result run = simulations.run(s.id(), Map.of());
                        found.put(s.id(), new SimulationPanel(s, run, JSON.writeValueAsString(run).replace("</", "<\\/")));
                    } catch (Simulations.BadParameter | Simulations.RunFailed | java.io.IOException e) {
                        throw new IllegalStateException("simulation " + s.id() + " ran at its defaults when loaded but not now", e);
                    }
                });
            }
        }
        return found;
    }

    /** What the page template needs to draw a simulation block. */
    public record SimulationPanel(Simulations.Simulation simulation, Simulations.Result defaults, String defaultsJson) {}

    /** In dev mode every page read looks for edited lessons first, so a refresh always shows the latest. */
    private void refreshInDev() {
        if (views.dev()) {
            catalog.reload();
        }
    }
}
