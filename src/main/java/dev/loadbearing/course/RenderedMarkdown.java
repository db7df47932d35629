package dev.loadbearing.course;

import java.util.List;

/**
 * Markdown turned into safe HTML, with what the page around it needs to know.
 *
 * @param html            sanitised HTML of the body
 * @param toc             the body's level-2 and level-3 headings, in order
 * @param hasDiagrams     whether the body holds mermaid diagrams (the page loads mermaid only then)
 * @param hasCode         whether the body holds fenced code (the page loads the highlighter only then)
 */
public record RenderedMarkdown(String html, List<Heading> toc, boolean hasDiagrams, boolean hasCode) {

    /** A heading of the table of contents; {@code anchor} is its element id. */
    public record Heading(int level, String text, String anchor) {}
}
