package dev.loadbearing.course;

import java.util.List;

/**
 * A lesson ready to serve: its front matter and its body rendered to HTML once.
 *
 * @param id               stable slug used in URLs ({@code /lessons/{id}})
 * @param title            shown as the page heading and in the outline
 * @param summary          one or two sentences for the outline
 * @param order            position in the course (the file's number)
 * @param estimatedMinutes reading and exercise time an author estimates
 * @param prerequisites    ids of lessons to read first
 * @param part             the heading of the part of the course this lesson starts, shown above it in
 *                         the outline; empty when the lesson continues the part before it
 * @param file             path relative to the course folder
 * @param body             the rendered body
 */
public record Lesson(
        String id,
        String title,
        String summary,
        int order,
        int estimatedMinutes,
        List<String> prerequisites,
        String part,
        String file,
        RenderedMarkdown body) {}
