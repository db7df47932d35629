package dev.loadbearing.sim.dns;

import dev.loadbearing.sim.engine.LearnerApi;
/**
 * An address (A) record of the authoritative {@link Dns}: one server's address for a name.
 *
 * @param name the domain name, such as {@code shop.example}
 * @param address the server's address, such as {@code 10.0.0.1}
 * @param weight its share in weighted answers, at least zero
 * @param region where the server is, for answers that prefer the asker's region ({@code ""} if
 *     unknown)
 * @param healthy whether the last health check found the server up
 */
@LearnerApi(allMembers = true)
public record DnsRecord(String name, String address, int weight, String region, boolean healthy) {
}
