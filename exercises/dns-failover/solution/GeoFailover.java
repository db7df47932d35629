import dev.loadbearing.sim.dns.Dns;
import dev.loadbearing.sim.dns.DnsRecord;
import dev.loadbearing.sim.engine.Time;
import java.util.ArrayList;
import java.util.List;

/**
 * Geo DNS with failover: a healthy address in the resolver's region first, a healthy address of
 * another region second (clients try it when the first fails), and a TTL short enough to move
 * clients within a minute but long enough that the resolvers' refreshes stay few.
 */
public final class GeoFailover implements Dns.Policy {
    /** Clients move within 5 s (the health check) + 20 s, and each resolver asks only every 20 s. */
    private static final long TTL = Time.seconds(20);
    private int turn;

    @Override
    public List<String> answer(Dns.Query query, List<DnsRecord> records) {
        List<String> local = new ArrayList<>();
        List<String> elsewhere = new ArrayList<>();
        for (DnsRecord record : records) {
            if (record.healthy()) {
                (record.region().equals(query.region()) ? local : elsewhere).add(record.address());
            }
        }
        if (local.isEmpty() && elsewhere.isEmpty()) {
            // Nothing passes its health check: the check may be what is broken, so fail open.
            return records.stream().map(DnsRecord::address).toList();
        }
        turn++;
        List<String> answer = new ArrayList<>();
        if (!local.isEmpty()) {
            answer.add(local.get(Math.floorMod(turn, local.size())));
        }
        if (!elsewhere.isEmpty()) {
            answer.add(elsewhere.get(Math.floorMod(turn, elsewhere.size())));
        }
        if (local.isEmpty() && elsewhere.size() > 1) {
            answer.add(elsewhere.get(Math.floorMod(turn + 1, elsewhere.size())));
        }
        return answer;
    }

    @Override
    public long ttl(Dns.Query query, long configured) {
        return TTL;
    }
}
