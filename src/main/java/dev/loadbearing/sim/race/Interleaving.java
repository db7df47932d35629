package dev.loadbearing.sim.race;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of a {@link Race}: the steps in the order they happened and, if something went wrong,
 * what. {@link Race#replay} of its {@link #schedule} runs it again, step for step. Its
 * {@code toString} is the readable step list shown to learners:
 *
 * <pre>
 * 1. ATM-A reads balance = 100
 * 2. ATM-B reads balance = 100
 * 3. ATM-A writes balance = 50
 * 4. ATM-B writes balance = 20
 * Problem: "no money is lost" broken at the end: balance = 20
 * </pre>
 *
 * @param steps    what each step did
 * @param problem  the broken rule, deadlock or exception, or null if the run passed
 * @param seed     the seed that chose this interleaving, or null if it was not chosen by a seed
 * @param schedule the process that moved at each step, e.g. {@code [ATM-A, ATM-B, ATM-A, ATM-B]}
 */
public record Interleaving(List<Step> steps, String problem, Long seed, List<String> schedule) {

    /** Whether every rule held and every process finished. */
    public boolean passed() {
        return problem == null;
    }

    /**
     * How long the run would take on unlimited hardware with one time unit per step: the length
     * of the longest chain of steps that had to happen one after another, because they belong to
     * the same process or touch the same shared object (a read waits for the last change of its
     * object, a change for every earlier step on it). {@code steps().size() / span()} is the
     * run's parallelism: ATMs on disjoint accounts run side by side, one global lock chains
     * them all.
     */
    public int span() {
        Map<String, Integer> process = new HashMap<>();
        Map<String, Integer> changed = new HashMap<>();
        Map<String, Integer> touched = new HashMap<>();
        int span = 0;
        for (Step step : steps) {
            int start = Math.max(process.getOrDefault(step.process(), 0),
                    (step.changes() ? touched : changed).getOrDefault(step.target(), 0));
            int end = start + 1;
            process.put(step.process(), end);
            touched.merge(step.target(), end, Math::max);
            if (step.changes()) {
                changed.put(step.target(), end);
            }
            span = Math.max(span, end);
        }
        return span;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (seed != null) {
            sb.append("Seed ").append(seed).append('\n');
        }
        for (int i = 0; i < steps.size(); i++) {
            sb.append(i + 1).append(". ").append(steps.get(i)).append('\n');
        }
        sb.append(passed() ? "All rules held." : "Problem: " + problem);
        return sb.toString();
    }
}
