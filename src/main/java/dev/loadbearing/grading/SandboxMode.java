package dev.loadbearing.grading;

/** Whether grading workers must run inside bubblewrap. */
public enum SandboxMode {
    /** Refuse to grade without bubblewrap: for servers that grade strangers' code. */
    REQUIRE,
    /** Use bubblewrap when installed; otherwise warn loudly once and rely on the JVM-level checks. */
    AUTO;

    /** Parses {@code require} or {@code auto}. */
    public static SandboxMode parse(String text) {
        return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "require" -> REQUIRE;
            case "auto" -> AUTO;
            default -> throw new IllegalArgumentException("--sandbox must be 'require' or 'auto', not '" + text + "'");
        };
    }
}
