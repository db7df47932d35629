import dev.loadbearing.sim.dns.Dns;
import dev.loadbearing.sim.dns.DnsRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The authoritative DNS server's answers for a name served from data centres in several regions.
 * Each record has an address, a region and whether the last health check found it up.
 *
 * Send clients to a healthy data centre in their own region, move them elsewhere quickly when it
 * dies, and choose a TTL that spares the DNS server.
 */
public final class GeoFailover implements Dns.Policy {

    @Override
    public List<String> answer(Dns.Query query, List<DnsRecord> records) {
        // Every address, in the order the records were added, healthy or not.
        List<String> addresses = new ArrayList<>();
        for (DnsRecord record : records) {
            addresses.add(record.address());
        }
        return addresses;
    }

    @Override
    public long ttl(Dns.Query query, long configured) {
        // The name's configured TTL (60 s). Is that right for failing over?
        return configured;
    }
}
