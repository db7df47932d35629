package dev.loadbearing.sim.dns;

import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DnsTest {
    private static final String SHOP = "shop.example";
    private final Sim sim = new Sim(11);
    private final Dns dns = new Dns(sim, "dns")
            .add(SHOP, "10.0.0.1").add(SHOP, "10.0.0.2").add(SHOP, "10.0.0.3")
            .ttl(SHOP, Time.seconds(30));

    private List<String> ask() {
        return dns.query(new Dns.Query(SHOP, "test", "")).addresses();
    }

    @Test
    void round_robin_rotates_the_first_address_on_every_query() {
        assertEquals(List.of("10.0.0.1", "10.0.0.2", "10.0.0.3"), ask());
        assertEquals(List.of("10.0.0.2", "10.0.0.3", "10.0.0.1"), ask());
        assertEquals(List.of("10.0.0.3", "10.0.0.1", "10.0.0.2"), ask());
        assertEquals(Time.seconds(30), dns.query(new Dns.Query(SHOP, "test", "")).ttl());
    }

    @Test
    void weighted_answers_put_an_address_first_in_proportion_to_its_weight() {
        Dns weighted = new Dns(sim, "weighted").order(Dns.Order.WEIGHTED)
                .add(SHOP, "big", 3, "").add(SHOP, "small", 1, "");
        int bigFirst = 0;
        for (int i = 0; i < 10_000; i++) {
            List<String> answer = weighted.query(new Dns.Query(SHOP, "r", "")).addresses();
            assertEquals(2, answer.size());
            bigFirst += answer.get(0).equals("big") ? 1 : 0;
        }
        assertEquals(0.75, bigFirst / 10_000.0, 0.015);
    }

    @Test
    void an_unhealthy_address_leaves_the_answers_until_it_recovers() {
        dns.setHealthy("10.0.0.2", false);
        for (int i = 0; i < 4; i++) {
            assertFalse(ask().contains("10.0.0.2"));
        }
        dns.setHealthy("10.0.0.2", true);
        assertTrue(ask().contains("10.0.0.2"));
        assertEquals(1, dns.faults().size());
    }

    @Test
    void when_every_address_is_unhealthy_the_answer_holds_them_all() {
        for (String address : dns.addresses()) {
            dns.setHealthy(address, false);
        }
        assertEquals(3, ask().size());
    }

    @Test
    void a_resolver_caches_an_answer_for_exactly_its_ttl() {
        Resolver resolver = new Resolver(dns, "isp");
        List<Answer> answers = new ArrayList<>();
        sim.at(0, "first", () -> answers.add(resolver.resolve(SHOP)));
        sim.at(Time.seconds(30) - 1, "just before expiry", () -> answers.add(resolver.resolve(SHOP)));
        sim.at(Time.seconds(30), "at expiry", () -> answers.add(resolver.resolve(SHOP)));
        sim.run();

        assertFalse(answers.get(0).cached());
        assertTrue(answers.get(1).cached());
        assertEquals(1, answers.get(1).ttl());
        assertFalse(answers.get(2).cached());
        assertEquals(2, dns.queries());
        assertEquals("10.0.0.2", answers.get(2).first(), "the second query got the rotated order");
    }

    @Test
    void a_resolver_that_ignores_ttl_keeps_its_answer_longer() {
        Resolver stubborn = new Resolver(dns, "stubborn").ignoreTtl(Time.minutes(10));
        stubborn.resolve(SHOP);
        sim.runFor(Time.minutes(9));
        assertTrue(stubborn.resolve(SHOP).cached());
        sim.runFor(Time.minutes(1));
        assertFalse(stubborn.resolve(SHOP).cached());
        assertEquals(2, dns.queries());
    }

    @Test
    void a_policy_chooses_the_answer_for_the_resolvers_region() {
        Dns geo = new Dns(sim, "geo")
                .add(SHOP, "eu-1", 1, "eu").add(SHOP, "us-1", 1, "us")
                .policy((query, records) -> records.stream()
                        .filter(record -> record.region().equals(query.region()))
                        .map(DnsRecord::address).toList());

        assertEquals(List.of("eu-1"), new Resolver(geo, "paris").region("eu").resolve(SHOP).addresses());
        assertEquals(List.of("us-1"), new Resolver(geo, "ohio").region("us").resolve(SHOP).addresses());
    }

    /**
     * 300 clients behind 30 resolvers (10 of which keep answers for 10 minutes) look the name up
     * every second and connect to the first address. 10.0.0.2 dies at 75 s; a health check every
     * 5 s removes it from the answers, so no honest cache holds it after 75 + 5 + 30 s.
     */
    @Test
    void after_a_server_dies_honest_resolvers_stop_sending_clients_to_it_within_the_ttl() {
        Set<String> dead = new HashSet<>();
        dns.healthCheck(Time.seconds(5), address -> !dead.contains(address));
        List<Resolver> resolvers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Resolver resolver = new Resolver(dns, "isp-" + i);
            resolvers.add(i < 10 ? resolver.ignoreTtl(Time.minutes(10)) : resolver);
        }
        int seconds = 200;
        int[][] toDead = new int[2][seconds];      // [honest, ignoring][second]
        int[][] total = new int[2][seconds];
        sim.every(Time.seconds(1), "clients connect", () -> {
            int second = (int) (sim.now() / Time.SECOND) - 1;
            for (int client = 0; client < 300; client++) {
                Resolver resolver = resolvers.get(client % resolvers.size());
                int kind = resolver.ignoresTtl() ? 1 : 0;
                total[kind][second]++;
                if (resolver.resolve(SHOP).first().equals("10.0.0.2")) {
                    toDead[kind][second]++;
                }
            }
        });
        sim.at(Time.seconds(75), "10.0.0.2 dies", () -> dead.add("10.0.0.2"));
        sim.runFor(Time.seconds(seconds));

        double honestBefore = share(toDead[0], total[0], 10, 75);
        assertEquals(1 / 3.0, honestBefore, 0.1, "before the death a third of clients use it");
        assertTrue(share(toDead[0], total[0], 75, 80) > 0.2, "stale caches still send clients to it");
        assertEquals(0, share(toDead[0], total[0], 110, seconds));
        assertTrue(share(toDead[1], total[1], 110, seconds) > 0.2,
                "resolvers ignoring the TTL keep sending clients to the dead server");
        assertEquals(0, dns.records(SHOP).stream().filter(DnsRecord::healthy)
                .filter(r -> r.address().equals("10.0.0.2")).count());
        assertTrue(dns.peakQueriesPerSecond() <= 30, "at most one query per resolver per second");
    }

    private static double share(int[] hits, int[] totals, int from, int to) {
        long h = 0;
        long t = 0;
        for (int s = from; s < to; s++) {
            h += hits[s];
            t += totals[s];
        }
        return (double) h / t;
    }

    @Test
    void a_resolver_with_its_own_cache_asks_it_first_and_hands_it_every_fresh_answer() {
        List<String> calls = new ArrayList<>();
        AnswerCache once = new AnswerCache() {
            private Answer kept;

            @Override
            public Answer get(String name, long now) {
                calls.add("get " + name + " at " + now);
                return kept == null ? null : new Answer(name, kept.addresses(), Time.seconds(1), false);
            }

            @Override
            public void put(Answer answer, long now) {
                calls.add("put " + answer.name() + " ttl " + answer.ttl());
                kept = answer;
            }
        };
        Resolver resolver = new Resolver(dns, "isp-3", once);
        Answer fresh = resolver.resolve(SHOP);
        assertFalse(fresh.cached());
        Answer again = resolver.resolve(SHOP);
        assertTrue(again.cached(), "an answer from the cache is marked cached whatever the cache said");
        assertEquals(Time.seconds(1), again.ttl(), "the cache decides the TTL left");
        assertEquals(1, dns.queries());
        assertEquals(List.of("get shop.example at 0", "put shop.example ttl " + Time.seconds(30), "get shop.example at 0"), calls);
        assertEquals(2, resolver.lookups());
        assertEquals(1, resolver.misses());
    }

    @Test
    void a_cache_answering_for_another_name_is_caught() {
        AnswerCache wrong = new AnswerCache() {
            @Override
            public Answer get(String name, long now) {
                return new Answer("other.example", List.of("10.9.9.9"), 5, true);
            }

            @Override
            public void put(Answer answer, long now) {
            }
        };
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> new Resolver(dns, "isp-3", wrong).resolve(SHOP));
        assertTrue(e.getMessage().contains("asked for \"shop.example\""), e.getMessage());
    }

    @Test
    void a_policy_chooses_the_ttl_of_its_answers_and_a_negative_one_is_refused() {
        dns.policy(new Dns.Policy() {
            @Override
            public List<String> answer(Dns.Query query, List<DnsRecord> records) {
                return List.of(records.get(0).address());
            }

            @Override
            public long ttl(Dns.Query query, long configured) {
                return query.region().equals("eu") ? Time.seconds(5) : configured;
            }
        });
        assertEquals(Time.seconds(5), dns.query(new Dns.Query(SHOP, "r", "eu")).ttl());
        assertEquals(Time.seconds(30), dns.query(new Dns.Query(SHOP, "r", "us")).ttl(), "the configured TTL by default");

        dns.policy(new Dns.Policy() {
            @Override
            public List<String> answer(Dns.Query query, List<DnsRecord> records) {
                return List.of();
            }

            @Override
            public long ttl(Dns.Query query, long configured) {
                return -1;
            }
        });
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> dns.query(new Dns.Query(SHOP, "r", "")));
        assertTrue(e.getMessage().contains("a TTL is 0 (do not cache) or more"), e.getMessage());
    }
}
