package dev.loadbearing.course;

/**
 * Something wrong with a lesson file, pointing at the line an author should look at.
 *
 * @param file    the path relative to the course folder, e.g. {@code lessons/07-x.md}
 * @param line    1-based line in that file
 * @param message what is wrong, in words an author can act on
 */
public record LessonProblem(String file, int line, String message) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
