import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loadbearing.sim.engine.Time;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TtlCacheTest {
    static final String SHOP = "shop.example";

    @Test
    @DisplayName("a lookup within the TTL is answered from the cache; one at the TTL asks again")
    void a_lookup_within_the_ttl_is_answered_from_the_cache() {
        Lookups run = Lookups.run(new TtlCache(), new Lookups.Plan(1).name(SHOP, Time.seconds(30))
                .lookup(0, SHOP).lookup(Time.seconds(10), SHOP).lookup(Time.seconds(30) - 1, SHOP)
                .lookup(Time.seconds(30), SHOP).lookup(Time.seconds(45), SHOP));
        List<Boolean> cached = run.of(SHOP).stream().map(s -> s.answer().cached()).toList();
        assertEquals(List.of(false, true, true, false, true), cached,
                "seed 1: lookups at 0, 10, 29.999 999 999, 30 and 45 s of a name with a 30 s TTL: the first asks the server, "
                        + "the next two come from the cache, the one at 30 s asks again (the answer ran out), the last comes from "
                        + "that new answer. Which lookups came from your cache: " + cached);
        run.assertHonest();
    }

    @Test
    @DisplayName("the TTL handed out is the time left, not the TTL the answer came with")
    void the_ttl_left_shrinks_as_the_answer_ages() {
        Lookups run = Lookups.run(new TtlCache(), new Lookups.Plan(2).name(SHOP, Time.seconds(30))
                .lookup(0, SHOP).lookup(Time.seconds(10), SHOP).lookup(Time.seconds(25), SHOP));
        run.assertHonest();
        List<Long> ttls = run.of(SHOP).stream().map(s -> s.answer().ttl() / Time.seconds(1)).toList();
        assertEquals(List.of(30L, 20L, 5L), ttls, "seed 2: an answer with a 30 s TTL fetched at 0 s has 20 s left at 10 s and 5 s "
                + "left at 25 s; the TTLs your cache gave, in seconds: " + ttls);
    }

    @Test
    @DisplayName("a name that moves to a new address reaches clients within one TTL")
    void a_changed_address_reaches_clients_within_one_ttl() {
        Lookups run = Lookups.run(new TtlCache(), new Lookups.Plan(3).name(SHOP, Time.seconds(20))
                .every(Time.seconds(1), Time.seconds(60), SHOP).move(Time.ms(4_500), SHOP));
        run.assertHonest();
        String before = run.of(SHOP).get(0).answer().first();
        for (Lookups.Seen s : run.of(SHOP)) {
            if (s.at() >= Time.ms(4_500) + Time.seconds(20) && before.equals(s.answer().first())) {
                throw new AssertionError("seed 3: the name moved at 4.5 s and its TTL is 20 s, but at " + Lookups.when(s.at())
                        + " a client still got the old address " + before);
            }
        }
        run.showQueries();
        run.assertAsksNoMoreThanNeeded();
    }

    @Test
    @DisplayName("an answer with a TTL of 0 is never kept")
    void an_answer_with_ttl_0_is_never_kept() {
        Lookups run = Lookups.run(new TtlCache(), new Lookups.Plan(4).name(SHOP, 0).every(Time.ms(100), Time.seconds(1), SHOP));
        run.assertHonest();
        assertEquals(run.plan.lookups.size(), run.queriesFor(SHOP), "seed 4: a TTL of 0 means nobody may keep the answer, "
                + "so each of the " + run.plan.lookups.size() + " lookups asks the server; your cache answered some itself");
    }
}
