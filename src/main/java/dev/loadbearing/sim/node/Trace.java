package dev.loadbearing.sim.node;

import java.util.List;
import java.util.Objects;

/**
 * The choices a {@link DeliverySearch} made, in order: a run that
 * {@link DeliverySearch#replay(Trace)} repeats exactly, and a readable list of which message went
 * from whom to whom at each step.
 *
 * @param choices the steps, first first
 */
public record Trace(List<Choice> choices) {
    /**
     * Copies the steps.
     *
     * @param choices the steps
     */
    public Trace {
        choices = List.copyOf(Objects.requireNonNull(choices, "choices"));
    }

    /**
     * Returns the number of steps.
     *
     * @return how many choices
     */
    public int length() {
        return choices.size();
    }

    /**
     * Returns a numbered step per line, {@code "  1. deliver c1 -> n1: put x=1 (#1)"}.
     *
     * @return the lines joined by newlines; "(no steps)" for an empty trace
     */
    @Override
    public String toString() {
        if (choices.isEmpty()) {
            return "  (no steps: the starting state)";
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < choices.size(); i++) {
            if (i > 0) {
                text.append('\n');
            }
            text.append(String.format("%3d. ", i + 1)).append(choices.get(i));
        }
        return text.toString();
    }
}
