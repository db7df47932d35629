/**
 * The one answer a command gets.
 *
 * @param kind what happened
 * @param reason for a rejection, the rule it broke; otherwise empty
 */
public record Outcome(Kind kind, String reason) {

    /** What happened to a command. */
    public enum Kind {
        /** It took effect: the order was changed and stored. */
        ACCEPTED,
        /** The order's rules refused it; nothing changed. */
        REJECTED,
        /** Other commands kept changing the order first, every attempt; nothing changed, the caller may try again. */
        CONFLICT
    }

    public static Outcome accepted() {
        return new Outcome(Kind.ACCEPTED, "");
    }

    public static Outcome rejected(String reason) {
        return new Outcome(Kind.REJECTED, reason);
    }

    public static Outcome conflict() {
        return new Outcome(Kind.CONFLICT, "");
    }
}
