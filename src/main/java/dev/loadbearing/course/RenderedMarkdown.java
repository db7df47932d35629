package dev.loadbearing.course;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Markdown turned into safe HTML, with what the page around it needs to know.
 *
 * @param html        sanitised HTML of the body; embedded quizzes and exercises appear as
 *                    {@code <div data-embed="quiz:ID"></div>} markers
 * @param toc         the body's level-2 and level-3 headings, in order
 * @param embeds      the quizzes and exercises the body embeds, in order
 * @param hasDiagrams whether the body holds mermaid diagrams (the page loads mermaid only then)
 * @param hasCode     whether the body holds fenced code (the page loads the highlighter only then)
 */
public record RenderedMarkdown(String html, List<Heading> toc, List<Embed> embeds, boolean hasDiagrams, boolean hasCode) {
    private static final Pattern MARKER = Pattern.compile("<div data-embed=\"([a-z]+):([^\"]*)\"></div>");

    /** A heading of the table of contents; {@code anchor} is its element id. */
    public record Heading(int level, String text, String anchor) {}

    /**
     * A fenced block that embeds something drawn by the page: {@code ```quiz ID} or {@code ```exercise ID}.
     *
     * @param kind {@code quiz} or {@code exercise}
     * @param id   what it names (empty when the author left it out)
     * @param line the line of the fence in the lesson file
     */
    public record Embed(String kind, String id, int line) {
        String marker() {
            return "<div data-embed=\"" + kind + ":" + id + "\"></div>";
        }
    }

    /** A run of the body: HTML to print as it is, or an embed for the page to draw in its place. */
    public record Part(String html, Embed embed) {}

    /** The body cut at its embeds, for the page template. */
    public List<Part> parts() {
        var parts = new ArrayList<Part>();
        Matcher marker = MARKER.matcher(html);
        int from = 0;
        int next = 0;
        while (marker.find()) {
            parts.add(new Part(html.substring(from, marker.start()), null));
            Embed embed = next < embeds.size() ? embeds.get(next++) : new Embed(marker.group(1), marker.group(2), 0);
            parts.add(new Part(null, embed));
            from = marker.end();
        }
        parts.add(new Part(html.substring(from), null));
        return parts;
    }
}
