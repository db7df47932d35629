import dev.loadbearing.sim.dns.Answer;
import dev.loadbearing.sim.dns.AnswerCache;

/**
 * The cache of a DNS resolver. The resolver calls get() on every lookup; when it returns null,
 * the resolver asks the authoritative server and hands the fresh answer to put().
 *
 * Keep each answer for exactly its TTL, counted from when it arrived, and give it back with the
 * TTL that is left. Times are nanoseconds of simulated time.
 */
public final class TtlCache implements AnswerCache {

    @Override
    public Answer get(String name, long now) {
        // Nothing is kept yet, so every lookup goes to the authoritative server.
        return null;
    }

    @Override
    public void put(Answer answer, long now) {
        // Remember the answer and when it expires: now + answer.ttl().
    }
}
