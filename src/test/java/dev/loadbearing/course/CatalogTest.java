package dev.loadbearing.course;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.CourseFixture;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogTest {
    @TempDir
    Path dir;
    CourseFixture course;

    @BeforeEach
    void setUp() {
        course = new CourseFixture(dir);
    }

    private Catalog catalog() {
        return new Catalog(CourseFiles.directory(dir), new MarkdownRenderer());
    }

    private static List<String> ids(Catalog catalog) {
        return catalog.lessons().stream().map(Lesson::id).toList();
    }

    @Test
    void lessons_are_ordered_by_their_order_not_by_when_they_were_written() {
        course.lesson(11, "caching", "Caching", "Body");
        course.lesson(1, "single-server", "A single server", "Body");
        course.lesson(8, "load-balancing", "Load balancing", "Body", "single-server");
        Catalog catalog = catalog();
        assertEquals(List.of("single-server", "load-balancing", "caching"), ids(catalog));
        Catalog.Neighbours around = catalog.neighbours(catalog.lesson("load-balancing").orElseThrow());
        assertEquals("single-server", around.previous().id());
        assertEquals("caching", around.next().id());
        assertNull(catalog.neighbours(catalog.lesson("single-server").orElseThrow()).previous());
        assertNull(catalog.neighbours(catalog.lesson("caching").orElseThrow()).next());
    }

    @Test
    void a_broken_lesson_is_left_out_and_the_rest_are_served() {
        course.lesson(1, "single-server", "A single server", "Body");
        course.write("lessons/07-x.md", "---\nid: x\ntitle: [unclosed\n---\nbody\n");
        course.lesson(8, "load-balancing", "Load balancing", "Body");
        Catalog catalog = catalog();
        assertEquals(List.of("single-server", "load-balancing"), ids(catalog));
        assertEquals(1, catalog.problems().size());
        LessonProblem problem = catalog.problems().get(0);
        assertEquals("lessons/07-x.md", problem.file());
        assertEquals(3, problem.line());
        assertEquals(catalog.problems(), catalog.problemsOf("x"));
    }

    @Test
    void duplicate_ids_and_orders_keep_the_first_and_report_the_second() {
        course.lesson(1, "single-server", "A single server", "Body");
        course.write("lessons/01-other.md", """
                ---
                id: other
                title: Other
                summary: x
                order: 1
                estimated_minutes: 5
                ---
                """);
        Catalog catalog = catalog();
        assertEquals(List.of("other"), ids(catalog));
        assertEquals(List.of("lessons/01-single-server.md:2: order 1 is already used by lessons/01-other.md"),
                catalog.problems().stream().map(LessonProblem::toString).toList());
    }

    @Test
    void an_unknown_prerequisite_is_reported() {
        course.lesson(8, "load-balancing", "Load balancing", "Body", "sharding");
        Catalog catalog = catalog();
        assertEquals(List.of(), ids(catalog));
        assertEquals("lessons/08-load-balancing.md:2: prerequisite 'sharding' is not a lesson of this course",
                catalog.problems().get(0).toString());
    }

    @Test
    void prerequisites_that_form_a_cycle_are_reported() {
        course.lesson(1, "a", "A", "Body", "b");
        course.lesson(2, "b", "B", "Body", "a");
        course.lesson(3, "c", "C", "Body");
        Catalog catalog = catalog();
        assertEquals(List.of("c"), ids(catalog));
        assertTrue(catalog.problems().stream().anyMatch(p -> p.message().contains("cycle")), catalog.problems().toString());
    }

    @Test
    void an_edited_lesson_is_read_again_and_an_unchanged_one_is_not() {
        course.lesson(1, "single-server", "A single server", "First version");
        course.lesson(2, "caching", "Caching", "Body");
        Catalog catalog = catalog();
        Lesson untouched = catalog.lesson("caching").orElseThrow();
        assertFalse(catalog.reload(), "nothing changed yet");

        course.lesson(1, "single-server", "A single server", "Second version");
        assertTrue(catalog.reload());
        assertTrue(catalog.lesson("single-server").orElseThrow().body().html().contains("Second version"));
        assertTrue(untouched == catalog.lesson("caching").orElseThrow(), "the unchanged lesson was not rendered again");
    }

    @Test
    void a_lesson_fixed_after_breaking_comes_back_and_a_deleted_one_goes() {
        course.lesson(1, "single-server", "A single server", "Body");
        Path file = course.write("lessons/02-caching.md", "no front matter");
        Catalog catalog = catalog();
        assertEquals(List.of("single-server"), ids(catalog));

        course.lesson(2, "caching", "Caching", "Fixed");
        catalog.reload();
        assertEquals(List.of("single-server", "caching"), ids(catalog));
        assertEquals(List.of(), catalog.problems());

        course.delete(dir.relativize(file).toString());
        catalog.reload();
        assertEquals(List.of("single-server"), ids(catalog));
    }

    @Test
    void a_lesson_that_is_not_utf8_is_reported_not_garbled() {
        course.lesson(1, "single-server", "A single server", "Body");
        course.write("lessons/02-caching.md", "placeholder");
        try {
            java.nio.file.Files.write(dir.resolve("lessons/02-caching.md"), new byte[] {'-', '-', '-', '\n', (byte) 0xC3, (byte) 0x28});
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Catalog catalog = catalog();
        assertEquals("lessons/02-caching.md:1: the file is not UTF-8 text", catalog.problems().get(0).toString());
    }

    @Test
    void the_bundled_course_has_no_problems() {
        Catalog catalog = new Catalog(CourseFiles.bundled(), new MarkdownRenderer());
        assertEquals(List.of(), catalog.problems());
        assertTrue(catalog.lessons().size() >= 3, "lessons: " + ids(catalog));
        assertEquals("single-server", catalog.lessons().get(0).id());
    }
}
