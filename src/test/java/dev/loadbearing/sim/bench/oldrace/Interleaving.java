package dev.loadbearing.sim.bench.oldrace;

import java.util.List;

/**
 * One run of a {@link Race}: the steps in the order they happened and, if something went wrong,
 * what. Its {@code toString} is the readable step list shown to learners:
 *
 * <pre>
 * 1. ATM-A reads balance = 100
 * 2. ATM-B reads balance = 100
 * 3. ATM-A writes balance = 50
 * 4. ATM-B writes balance = 20
 * Problem: "no money is lost" broken at the end: balance = 20
 * </pre>
 *
 * @param steps   what each step did, e.g. {@code "ATM-A reads balance = 100"}
 * @param problem the broken rule, deadlock or exception, or null if the run passed
 * @param seed    the seed that chose this interleaving, or null for an exhaustive run
 * @param choices the index of the process picked at each point where several could move
 *                (among those able to move, in the order the processes were added)
 */
public record Interleaving(List<String> steps, String problem, Long seed, List<Integer> choices) {

    /** Whether every rule held and every process finished. */
    public boolean passed() {
        return problem == null;
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
