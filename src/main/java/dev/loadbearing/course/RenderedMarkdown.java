package dev.loadbearing.course;

import java.util.List;

/**
 * Markdown turned into safe HTML, with what the page around it needs to know.
 *
 * @param html            sanitised HTML of the body
 * @param toc             the body's level-2 and level-3 headings, in order
 * @param hasDiagrams     whether the body holds mermaid diagrams (the page loads mermaid only then)
 * @param hasCode         whether the body holds fenced code (the page loads the highlighter only then)
 * @param exercises       the exercises the body embeds ({@code ```exercise ID} fences), in order
 */
public record RenderedMarkdown(String html, List<Heading> toc, boolean hasDiagrams, boolean hasCode,
        List<EmbeddedExercise> exercises) {

    /** The same body with exercise lines counted from the top of the file, not of the body. */
    public RenderedMarkdown shiftLines(int linesBeforeBody) {
        return new RenderedMarkdown(html, toc, hasDiagrams, hasCode, exercises.stream()
                .map(e -> new EmbeddedExercise(e.id(), e.line() + linesBeforeBody)).toList());
    }

    /**
     * An exercise fence in the body.
     *
     * @param id   the exercise id after {@code exercise}
     * @param line the fence's line
     */
    public record EmbeddedExercise(String id, int line) {}

    /** A heading of the table of contents; {@code anchor} is its element id. */
    public record Heading(int level, String text, String anchor) {}
}
