package dev.loadbearing.course;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A run of consecutive lessons under one heading of the outline. A lesson whose front matter has a
 * {@code part} starts a new part; the lessons after it belong to it until the next one does.
 *
 * @param title   the heading; empty for lessons that come before the first lesson with a part
 * @param first   the course position (1-based) of the part's first lesson, so numbering runs on
 * @param lessons the part's lessons, in course order
 */
public record CoursePart(String title, int first, List<Lesson> lessons) {
    public CoursePart {
        lessons = List.copyOf(lessons);
    }

    /** Splits lessons, already in course order, into parts; a course without parts is one untitled part. */
    public static List<CoursePart> of(List<Lesson> lessons) {
        var parts = new ArrayList<CoursePart>();
        String title = "";
        int first = 1;
        var current = new ArrayList<Lesson>();
        for (int i = 0; i < lessons.size(); i++) {
            Lesson lesson = lessons.get(i);
            if (!lesson.part().isEmpty()) {
                if (!current.isEmpty()) {
                    parts.add(new CoursePart(title, first, current));
                }
                title = lesson.part();
                first = i + 1;
                current = new ArrayList<>();
            }
            current.add(lesson);
        }
        if (!current.isEmpty()) {
            parts.add(new CoursePart(title, first, current));
        }
        return parts;
    }

    /** The title of the part each lesson belongs to, by lesson id (empty before the first titled part). */
    public static Map<String, String> titlesById(List<Lesson> lessons) {
        var partOf = new HashMap<String, String>();
        of(lessons).forEach(part -> part.lessons().forEach(l -> partOf.put(l.id(), part.title())));
        return partOf;
    }
}
