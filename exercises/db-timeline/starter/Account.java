/**
 * An account whose activity timeline (the replies and mentions addressed to it) the app stores.
 * Each follower writes to it about once every 1,000 seconds, so an account's timeline takes about
 * {@code followers / 1,000} writes a second: 3 for an ordinary account with 3,000 followers,
 * 2,500 for a celebrity with 2.5 million.
 *
 * @param name the account's name, such as {@code "@ada"}
 * @param followers how many accounts follow it
 */
public record Account(String name, long followers) {
    /** Writes to an account's timeline per follower per second, on average. */
    public static final double WRITES_PER_FOLLOWER_PER_SECOND = 0.001;

    /** @return the writes a second this account's timeline takes on average (they arrive at random) */
    public double expectedWritesPerSecond() {
        return followers * WRITES_PER_FOLLOWER_PER_SECOND;
    }
}
