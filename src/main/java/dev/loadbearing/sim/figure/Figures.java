package dev.loadbearing.sim.figure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The figures a test attaches to its result. A test calls {@link #attach(Figure...)} on the
 * thread that runs it; the grading harness calls {@link #drain()} after each test and shows what
 * it got next to the test's verdict.
 *
 * <pre>{@code
 * LoadBalancerReport report = scenario.run(policy, workload, Time.seconds(60));
 * Figures.attach(report.figures());
 * }</pre>
 */
public final class Figures {
    private static final ThreadLocal<List<Figure>> ATTACHED = ThreadLocal.withInitial(ArrayList::new);

    private Figures() {
    }

    /**
     * Attaches figures to the result of the test running on this thread.
     *
     * @param figures the figures, in the order the page should show them
     */
    public static void attach(Figure... figures) {
        attach(Arrays.asList(figures));
    }

    /**
     * Attaches figures to the result of the test running on this thread.
     *
     * @param figures the figures, in the order the page should show them
     */
    public static void attach(List<? extends Figure> figures) {
        ATTACHED.get().addAll(figures);
    }

    /**
     * Returns the figures attached on this thread since the last call, and forgets them.
     *
     * @return the figures, oldest first
     */
    public static List<Figure> drain() {
        List<Figure> figures = List.copyOf(ATTACHED.get());
        ATTACHED.get().clear();
        return figures;
    }
}
