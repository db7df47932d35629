package dev.loadbearing.course;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An exercise as loaded from {@code exercises/<id>/}: its settings from {@code exercise.yaml}
 * and the text of every file, read once. The {@link #version()} is a hash of all of it, so a
 * cached grading result never outlives an edit to the tests.
 *
 * @param id            the folder name, also used in lessons ({@code ```exercise lb-round-robin})
 * @param title         shown on the exercise card
 * @param lesson        the id of the lesson that embeds it
 * @param difficulty    easy, medium or hard
 * @param summary       one sentence for the card
 * @param editable      the files the learner edits (each exists in starter/ and solution/)
 * @param points        points per test
 * @param limits        time, memory and output limits
 * @param solution      when the reference solution may be shown
 * @param starter       starter files by name, what the editor opens with
 * @param reference     the reference solution's files by name
 * @param visibleTests  test sources run on Run (and on Submit)
 * @param hiddenTests   test sources run only on Submit
 * @param visibleCases  the test methods found in the visible tests
 * @param hiddenCases   the test methods found in the hidden tests
 * @param hints         staged hints, revealed one at a time
 * @param folder        the exercise's folder relative to the course, for messages
 * @param version       a hash of every file of the exercise
 * @param model         which simulation model the exercise uses: {@code sim} (the default) or
 *                      {@code race}, whose learner classes may not keep fields as hidden shared memory
 */
public record Exercise(
        String id,
        String title,
        String lesson,
        String difficulty,
        String summary,
        List<String> editable,
        Points points,
        Limits limits,
        SolutionPolicy solution,
        Map<String, String> starter,
        Map<String, String> reference,
        Map<String, String> visibleTests,
        Map<String, String> hiddenTests,
        List<TestCase> visibleCases,
        List<TestCase> hiddenCases,
        List<Hint> hints,
        String folder,
        String version,
        String model) {

    /** Run: the visible tests. Submit: every test. */
    public enum Mode { RUN, SUBMIT }

    /** The test sources a mode runs. */
    public Map<String, String> tests(Mode mode) {
        if (mode == Mode.RUN) {
            return visibleTests;
        }
        var all = new LinkedHashMap<>(visibleTests);
        all.putAll(hiddenTests);
        return all;
    }

    /** The test methods a mode expects results for, in order. */
    public List<TestCase> cases(Mode mode) {
        if (mode == Mode.RUN) {
            return visibleCases;
        }
        var all = new ArrayList<>(visibleCases);
        all.addAll(hiddenCases);
        return List.copyOf(all);
    }

    /**
     * A test method the server expects a result for.
     *
     * @param id     {@code TestClass.method}, how points and results name it
     * @param file   where it is, relative to the course folder
     * @param line   the line of its annotation
     * @param hidden whether it runs only on Submit
     */
    public record TestCase(String id, String file, int line, boolean hidden) {
        /** The test class's simple name. */
        public String testClass() {
            return id.substring(0, id.lastIndexOf('.'));
        }
    }

    /**
     * Points per test: an entry for {@code Class.method}, else for {@code Class}, else the default.
     */
    public record Points(int defaultPoints, Map<String, Integer> overrides) {
        public int of(TestCase test) {
            Integer exact = overrides.get(test.id());
            if (exact != null) {
                return exact;
            }
            return overrides.getOrDefault(test.testClass(), defaultPoints);
        }
    }

    /**
     * @param testMillis  wall time one test may take
     * @param totalMillis wall time a whole grading may take, compile included
     * @param memoryMb    heap the exercise needs (at most the worker's heap)
     * @param outputKb    output kept per test
     */
    public record Limits(int testMillis, int totalMillis, int memoryMb, int outputKb) {}

    /**
     * When the reference solution may be shown.
     *
     * @param show     {@code after_passing}, {@code after_attempts} or {@code never}
     * @param attempts submissions before it shows, with {@code after_attempts}
     */
    public record SolutionPolicy(String show, int attempts) {}

    /** One staged hint: a heading and its markdown. */
    public record Hint(String title, String markdown) {}
}
