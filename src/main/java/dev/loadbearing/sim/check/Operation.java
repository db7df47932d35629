package dev.loadbearing.sim.check;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One operation of a {@link OperationHistory}: an invocation paired with its completion. This is what a
 * {@link Model} steps through.
 *
 * @param id          position among the history's operations, from 0
 * @param process     the process that performed it
 * @param f           the function, e.g. {@code "read"}
 * @param input       the invocation's argument (may be null)
 * @param output      the completion's result (null when there is none or it is unknown)
 * @param outcome     {@link OperationHistory.Type#OK}, {@link OperationHistory.Type#FAIL} or {@link OperationHistory.Type#INFO}
 * @param invokedAt   index of the invocation event in the history
 * @param completedAt index of the completion event, or -1 if it never completed
 */
public record Operation(int id, String process, String f, Object input, Object output,
                        OperationHistory.Type outcome, int invokedAt, int completedAt) {

    /** Whether the result is known; when false the operation may or may not have taken effect. */
    public boolean completed() {
        return outcome == OperationHistory.Type.OK;
    }

    /** E.g. {@code "p1 read → 3"}, {@code "p2 write 4 → ok"}, {@code "p3 cas [1 2] → ?"}. */
    @Override
    public String toString() {
        String args = input == null ? "" : " " + show(input);
        Object shown = output instanceof Keyed out && input instanceof Keyed in && out.key().equals(in.key())
                ? out.value() : output;
        String result = switch (outcome) {
            case OK -> output == null || output.equals(input) ? "ok" : show(shown);
            case FAIL -> "fail";
            default -> "? (outcome unknown)";
        };
        if (outcome == OperationHistory.Type.OK && output == null && f.equals("read")) {
            result = "nil";
        }
        return process + " " + f + args + " → " + result;
    }

    static String show(Object value) {
        if (value == null) {
            return "nil";
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Operation::show).collect(Collectors.joining(" ", "[", "]"));
        }
        if (value instanceof String s) {
            return '"' + s + '"';
        }
        return value.toString();
    }
}
