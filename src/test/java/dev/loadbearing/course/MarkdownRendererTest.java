package dev.loadbearing.course;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MarkdownRendererTest {
    private final MarkdownRenderer renderer = new MarkdownRenderer();

    private String html(String markdown) {
        return renderer.render(markdown).html();
    }

    @Test
    void github_tables_become_html_tables_with_alignment() {
        String html = html("""
                | Algorithm | Needs state |
                |:----------|------------:|
                | Round robin | a counter |
                """);
        assertTrue(html.contains("<table>"), html);
        assertTrue(html.contains("<th align=\"left\">Algorithm</th>"), html);
        assertTrue(html.contains("<td align=\"right\">a counter</td>"), html);
    }

    @ParameterizedTest
    @ValueSource(strings = {"NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"})
    void github_alerts_become_titled_call_outs(String kind) {
        String html = html("> [!" + kind + "]\n> Caches **lie** sometimes.\n");
        String lower = kind.toLowerCase();
        String title = kind.charAt(0) + kind.substring(1).toLowerCase();
        assertTrue(html.contains("<div class=\"alert alert-" + lower + "\" role=\"note\"><p class=\"alert-title\">" + title + "</p>"), html);
        assertTrue(html.contains("<p>Caches <strong>lie</strong> sometimes.</p>"), html);
        assertFalse(html.contains("[!"), html);
        assertFalse(html.contains("<blockquote>"), html);
    }

    @Test
    void an_empty_corner_cell_of_a_table_is_not_a_header_with_no_name() {
        String html = html("""
                | | Layer 4 | Layer 7 |
                |---|---|---|
                | Sees | ports | paths |
                """);
        assertTrue(html.contains("<td></td>\n<th>Layer 4</th>\n<th>Layer 7</th>"), html);
        assertFalse(html.contains("<th></th>"), html);
        assertTrue(html.contains("<td>Sees</td>"), html);
    }

    @Test
    void an_ordinary_quote_stays_a_quote() {
        String html = html("> [!NOTE] is how alerts start, but this quote mentions it mid-line.\n");
        assertTrue(html.contains("<blockquote>"), html);
        assertFalse(html.contains("class=\"alert"), html);
    }

    @Test
    void headings_get_anchors_and_the_table_of_contents_lists_levels_two_and_three() {
        RenderedMarkdown rendered = renderer.render("""
                ## Round robin
                ### When it fails
                #### Detail
                ## Round robin
                ## Use `pick()` well
                """);
        assertEquals(List.of(
                        new RenderedMarkdown.Heading(2, "Round robin", "round-robin"),
                        new RenderedMarkdown.Heading(3, "When it fails", "when-it-fails"),
                        new RenderedMarkdown.Heading(2, "Round robin", "round-robin-1"),
                        new RenderedMarkdown.Heading(2, "Use pick() well", "use-pick-well")),
                rendered.toc());
        assertTrue(rendered.html().contains("<h2 id=\"round-robin\">Round robin <a class=\"anchor\" href=\"#round-robin\" aria-label=\"Link to this section\">#</a></h2>"), rendered.html());
        assertTrue(rendered.html().contains("<h4 id=\"detail\">"), rendered.html());
        assertTrue(rendered.html().contains("<h2 id=\"round-robin-1\">"), rendered.html());
    }

    @Test
    void fenced_code_is_escaped_and_marked_with_its_language_for_highlighting() {
        RenderedMarkdown rendered = renderer.render("```java\nif (a < b && c > d) { return \"x\"; }\n```\n");
        assertTrue(rendered.html().contains("<pre><code class=\"language-java\">if (a &lt; b &amp;&amp; c &gt; d) { return \"x\"; }\n</code></pre>"), rendered.html());
        assertTrue(rendered.hasCode());
        assertFalse(rendered.hasDiagrams());
    }

    @Test
    void mermaid_fences_are_left_for_the_page_to_draw() {
        RenderedMarkdown rendered = renderer.render("```mermaid\nflowchart LR\n  A[Client] --> B[Load balancer]\n```\n");
        assertTrue(rendered.html().contains("<pre class=\"mermaid\">flowchart LR\n  A[Client] --&gt; B[Load balancer]\n</pre>"), rendered.html());
        assertTrue(rendered.hasDiagrams());
        assertFalse(rendered.hasCode());
    }

    @Test
    void strikethrough_and_autolinks_work() {
        String html = html("~~Sticky sessions~~ see https://example.org/lb\n");
        assertTrue(html.contains("<del>Sticky sessions</del>"), html);
        assertTrue(html.contains("<a href=\"https://example.org/lb\">https://example.org/lb</a>"), html);
    }

    @Test
    void scripts_and_event_handlers_in_raw_html_are_removed() {
        String html = html("""
                <script>alert(1)</script>

                <img src="x" onerror="alert(2)">

                [click](javascript:alert(3))
                """);
        assertFalse(html.contains("<script"), html);
        assertFalse(html.contains("onerror"), html);
        assertFalse(html.contains("javascript:"), html);
    }

    @Test
    void collapsible_answers_and_keyboard_keys_survive_sanitising() {
        String html = html("""
                <details><summary>Answer</summary>

                Press <kbd>Ctrl</kbd>.

                </details>
                """);
        assertTrue(html.contains("<details><summary>Answer</summary>"), html);
        assertTrue(html.contains("<kbd>Ctrl</kbd>"), html);
        assertTrue(html.contains("</details>"), html);
    }

    @Test
    void relative_links_stay_relative() {
        String html = html("[next](/lessons/caching) and [up](#top)\n");
        assertTrue(html.contains("<a href=\"/lessons/caching\">next</a>"), html);
        assertTrue(html.contains("<a href=\"#top\">up</a>"), html);
    }

    @Test
    void quiz_and_exercise_fences_become_embeds_recorded_with_their_lines() {
        RenderedMarkdown rendered = renderer.render("# Title\n\nSome text.\n\n```exercise lb-round-robin\n```\n\n```quiz lb\n```\n", 10);
        assertEquals(List.of(new RenderedMarkdown.Embed("exercise", "lb-round-robin", 14), new RenderedMarkdown.Embed("quiz", "lb", 17)),
                rendered.embeds());
        assertFalse(rendered.html().contains("language-exercise"), rendered.html());
        var parts = rendered.parts();
        assertEquals(5, parts.size(), parts.toString());
        assertTrue(parts.get(0).html().contains("Some text."));
        assertEquals("lb-round-robin", parts.get(1).embed().id());
        assertEquals("quiz", parts.get(3).embed().kind());
        assertFalse(rendered.hasCode(), "embeds are not code to highlight");
    }
}
