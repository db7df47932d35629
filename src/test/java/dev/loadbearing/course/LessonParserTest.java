package dev.loadbearing.course;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LessonParserTest {
    private final LessonParser parser = new LessonParser(new MarkdownRenderer());

    private static final String VALID = """
            ---
            id: load-balancing
            title: Load balancing
            summary: Spread requests over many servers.
            order: 8
            estimated_minutes: 35
            prerequisites: [single-server]
            ---
            ## Round robin

            Each server in turn.
            """;

    private List<LessonProblem> problems(String file, String text) {
        return assertThrows(LessonException.class, () -> parser.parse(file, text)).problems();
    }

    private static String with(String line, String replacement) {
        assertTrue(VALID.contains(line), "fixture has " + line);
        return VALID.replace(line, replacement);
    }

    @Test
    void a_complete_front_matter_becomes_a_lesson_with_its_rendered_body() throws Exception {
        Lesson lesson = parser.parse("lessons/08-load-balancing.md", VALID);
        assertEquals("load-balancing", lesson.id());
        assertEquals("Load balancing", lesson.title());
        assertEquals("Spread requests over many servers.", lesson.summary());
        assertEquals(8, lesson.order());
        assertEquals(35, lesson.estimatedMinutes());
        assertEquals(List.of("single-server"), lesson.prerequisites());
        assertEquals("lessons/08-load-balancing.md", lesson.file());
        assertTrue(lesson.body().html().contains("<p>Each server in turn.</p>"), lesson.body().html());
    }

    @Test
    void prerequisites_may_be_left_out() throws Exception {
        Lesson lesson = parser.parse("lessons/08-load-balancing.md", with("prerequisites: [single-server]\n", ""));
        assertEquals(List.of(), lesson.prerequisites());
    }

    @Test
    void a_lesson_without_a_part_continues_the_part_before_it() throws Exception {
        assertEquals("", parser.parse("lessons/08-load-balancing.md", VALID).part());
    }

    @Test
    void a_part_is_read_as_the_heading_the_lesson_starts() throws Exception {
        Lesson lesson = parser.parse("lessons/08-load-balancing.md",
                with("prerequisites: [single-server]\n", "prerequisites: [single-server]\npart: Data and scale\n"));
        assertEquals("Data and scale", lesson.part());
    }

    @Test
    void a_part_heading_longer_than_a_line_is_refused_on_its_line() {
        var problems = problems("lessons/08-load-balancing.md",
                with("prerequisites: [single-server]\n", "prerequisites: [single-server]\npart: " + "x".repeat(61) + "\n"));
        assertEquals(1, problems.size());
        assertEquals(8, problems.get(0).line());
        assertEquals("part is 61 characters long; keep it under 60", problems.get(0).message());
    }

    @Test
    void a_file_without_front_matter_is_reported_on_line_1() {
        var problems = problems("lessons/08-load-balancing.md", "## Just markdown\n");
        assertEquals(1, problems.size());
        assertEquals("lessons/08-load-balancing.md", problems.get(0).file());
        assertEquals(1, problems.get(0).line());
        assertTrue(problems.get(0).message().contains("missing front matter"), problems.get(0).message());
    }

    @Test
    void front_matter_that_is_never_closed_is_reported() {
        var problems = problems("lessons/08-load-balancing.md", "---\nid: load-balancing\ntitle: x\n");
        assertEquals("lessons/08-load-balancing.md:1: the front matter is never closed: add a line '---' after its last key",
                problems.get(0).toString());
    }

    @Test
    void invalid_yaml_points_at_the_broken_line_of_the_file() {
        var problems = problems("lessons/08-load-balancing.md", with("order: 8", "order: [8"));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).message().startsWith("the front matter is not valid YAML"), problems.get(0).message());
        assertTrue(problems.get(0).line() >= 5 && problems.get(0).line() <= 7, "line " + problems.get(0).line());
    }

    @Test
    void a_missing_key_is_named() {
        var problems = problems("lessons/08-load-balancing.md", with("title: Load balancing\n", ""));
        assertEquals(List.of("lessons/08-load-balancing.md:7: missing 'title' in the front matter"),
                problems.stream().map(LessonProblem::toString).toList());
    }

    @Test
    void a_wrong_type_is_reported_on_the_line_of_its_key() {
        var problems = problems("lessons/08-load-balancing.md", with("estimated_minutes: 35", "estimated_minutes: soon"));
        assertEquals(1, problems.size());
        assertEquals(6, problems.get(0).line());
        assertEquals("estimated_minutes must be a whole number from 1 to 600, not 'soon'", problems.get(0).message());
    }

    @Test
    void a_misspelt_key_gets_a_suggestion() {
        var problems = problems("lessons/08-load-balancing.md", with("estimated_minutes: 35", "estimated_minute: 35"));
        assertTrue(problems.stream().anyMatch(p -> p.line() == 6
                && p.message().startsWith("unknown key 'estimated_minute' (did you mean 'estimated_minutes'?)")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.message().equals("missing 'estimated_minutes' in the front matter")));
    }

    @Test
    void the_id_must_match_the_file_name() {
        var problems = problems("lessons/08-load-balancing.md", with("id: load-balancing", "id: balancing"));
        assertEquals("lessons/08-load-balancing.md:2: id 'balancing' does not match the file name: 08-load-balancing.md needs id 'load-balancing' (or rename the file)",
                problems.get(0).toString());
    }

    @Test
    void the_order_must_match_the_file_number() {
        var problems = problems("lessons/08-load-balancing.md", with("order: 8", "order: 9"));
        assertEquals("lessons/08-load-balancing.md:5: order 9 does not match the file's number 08", problems.get(0).toString());
    }

    @Test
    void a_file_name_that_is_not_numbered_is_refused() {
        var problems = problems("lessons/load-balancing.md", VALID);
        assertTrue(problems.get(0).message().startsWith("the file name must look like NN-slug.md"), problems.get(0).message());
    }

    @Test
    void every_problem_of_a_file_is_reported_at_once_in_line_order() {
        String broken = with("title: Load balancing", "title: ''").replace("order: 8", "order: -1");
        var problems = problems("lessons/08-load-balancing.md", broken);
        assertEquals(List.of(3, 5), problems.stream().map(LessonProblem::line).toList(), problems.toString());
    }

    @Test
    void prerequisites_must_be_a_list_of_ids() {
        var problems = problems("lessons/08-load-balancing.md", with("prerequisites: [single-server]", "prerequisites: single-server"));
        assertEquals("lessons/08-load-balancing.md:7: prerequisites must be a list of lesson ids, like [single-server, caching]",
                problems.get(0).toString());
    }

    @Test
    void windows_line_endings_and_a_byte_order_mark_are_accepted() throws Exception {
        Lesson lesson = parser.parse("lessons/08-load-balancing.md", "\uFEFF" + VALID.replace("\n", "\r\n"));
        assertEquals("Load balancing", lesson.title());
    }
}
