package dev.loadbearing.course;

import java.util.List;
import java.util.stream.Collectors;

/** A lesson file that cannot be served, with every problem found in it. */
public final class LessonException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<LessonProblem> problems;

    public LessonException(List<LessonProblem> problems) {
        super(problems.stream().map(LessonProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<LessonProblem> problems() {
        return problems;
    }
}
