package dev.loadbearing.course;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CoursePartTest {
    private final LessonParser parser = new LessonParser(new MarkdownRenderer());

    private Lesson lesson(int order, String id, String part) throws LessonException {
        String text = """
                ---
                id: %s
                title: %s
                summary: A lesson.
                order: %d
                estimated_minutes: 10
                %s---
                Text.
                """.formatted(id, id, order, part.isEmpty() ? "" : "part: " + part + "\n");
        return parser.parse(String.format("lessons/%02d-%s.md", order, id), text);
    }

    private static List<String> titles(List<CoursePart> parts) {
        return parts.stream().map(CoursePart::title).toList();
    }

    private static List<List<String>> ids(List<CoursePart> parts) {
        return parts.stream().map(p -> p.lessons().stream().map(Lesson::id).toList()).toList();
    }

    @Test
    void a_course_without_parts_is_one_untitled_part_numbered_from_one() throws Exception {
        var parts = CoursePart.of(List.of(lesson(1, "one", ""), lesson(2, "two", "")));
        assertEquals(List.of(""), titles(parts));
        assertEquals(List.of(List.of("one", "two")), ids(parts));
        assertEquals(1, parts.get(0).first());
    }

    @Test
    void each_lesson_with_a_part_starts_one_and_the_lessons_after_it_belong_to_it() throws Exception {
        var parts = CoursePart.of(List.of(lesson(1, "one", ""), lesson(2, "two", "Talking"), lesson(3, "three", ""),
                lesson(4, "four", "Data"), lesson(5, "five", "")));
        assertEquals(List.of("", "Talking", "Data"), titles(parts));
        assertEquals(List.of(List.of("one"), List.of("two", "three"), List.of("four", "five")), ids(parts));
        assertEquals(List.of(1, 2, 4), parts.stream().map(CoursePart::first).toList());
    }

    @Test
    void a_course_that_starts_with_a_part_has_no_untitled_part() throws Exception {
        var parts = CoursePart.of(List.of(lesson(1, "one", "Start"), lesson(2, "two", "")));
        assertEquals(List.of("Start"), titles(parts));
    }

    @Test
    void no_lessons_means_no_parts() {
        assertEquals(List.of(), CoursePart.of(List.of()));
    }
}
