import dev.loadbearing.sim.dns.Answer;
import dev.loadbearing.sim.dns.AnswerCache;
import java.util.HashMap;
import java.util.Map;

/**
 * The cache of a DNS resolver: each answer is kept for exactly its TTL, counted from when it
 * arrived, and given back with the TTL that is left.
 */
public final class TtlCache implements AnswerCache {
    private record Kept(Answer answer, long expiresAt) {}

    private final Map<String, Kept> kept = new HashMap<>();

    @Override
    public Answer get(String name, long now) {
        Kept entry = kept.get(name);
        if (entry == null) {
            return null;
        }
        if (now >= entry.expiresAt()) {
            kept.remove(name); // expired: forget it, so the map holds only live answers
            return null;
        }
        return new Answer(name, entry.answer().addresses(), entry.expiresAt() - now, true);
    }

    @Override
    public void put(Answer answer, long now) {
        if (answer.ttl() > 0) {
            kept.put(answer.name(), new Kept(answer, now + answer.ttl()));
        } else {
            kept.remove(answer.name()); // TTL 0: the owner asked that nobody keep it
        }
    }
}
