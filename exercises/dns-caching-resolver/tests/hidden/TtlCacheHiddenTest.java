import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loadbearing.sim.engine.Time;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TtlCacheHiddenTest {
    static final long[] TTLS = {0, Time.seconds(1), Time.seconds(5), Time.seconds(30), Time.seconds(60), Time.seconds(300)};

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {101, 202, 303, 404, 505})
    @DisplayName("ten minutes of clients over many names: no stale answer, honest TTLs, no query more than needed")
    void many_clients_and_names(long seed) {
        Random random = new Random(seed);
        Lookups.Plan plan = new Lookups.Plan(seed);
        int names = 5 + random.nextInt(56);
        for (int i = 0; i < names; i++) {
            plan.name("site-" + i + ".example", TTLS[random.nextInt(TTLS.length)] + random.nextInt(1000) * Time.ms(1));
        }
        for (int i = 0; i < 3 * names; i++) {
            String name = "site-" + random.nextInt(names) + ".example";
            long at = Time.seconds(random.nextInt(600));
            if (random.nextInt(3) == 0) {
                plan.retime(at, name, TTLS[random.nextInt(TTLS.length)]);
            } else {
                plan.move(at, name);
            }
        }
        plan.random(10 + random.nextInt(40), Time.minutes(10), 0.6 + random.nextDouble() * 0.6);
        Lookups run = Lookups.run(new TtlCache(), plan);
        if (seed == 101) {
            run.showQueries();
        }
        run.assertHonest();
        run.assertAsksNoMoreThanNeeded();
    }

    @Test
    @DisplayName("each name keeps its own TTL: 2 s and 120 s side by side")
    void each_name_keeps_its_own_ttl() {
        Lookups run = Lookups.run(new TtlCache(), new Lookups.Plan(7).name("fast.example", Time.seconds(2)).name("slow.example", Time.seconds(120))
                .every(Time.ms(500), Time.minutes(4) - 1, "fast.example").every(Time.ms(500), Time.minutes(4) - 1, "slow.example"));
        run.assertHonest();
        assertEquals(2, run.queriesFor("slow.example"), "seed 7: a name with a 120 s TTL looked up for 4 minutes needs 2 queries, "
                + "your resolver sent " + run.queriesFor("slow.example"));
        assertEquals(120, run.queriesFor("fast.example"), "seed 7: a name with a 2 s TTL looked up every 0.5 s for 4 minutes needs "
                + "120 queries, your resolver sent " + run.queriesFor("fast.example"));
    }

    @Test
    @DisplayName("when a name's owner shortens its TTL, the next answer's TTL counts")
    void a_shorter_ttl_counts_from_the_next_answer() {
        Lookups run = Lookups.run(new TtlCache(), new Lookups.Plan(8).name("shop.example", Time.seconds(60))
                .every(Time.seconds(1), Time.minutes(5), "shop.example").retime(Time.seconds(100), "shop.example", Time.seconds(5))
                .move(Time.seconds(200), "shop.example"));
        run.assertHonest();
        run.assertAsksNoMoreThanNeeded();
        // 0 and 60 s with a 60 s TTL, then the answer fetched at 120 s has a 5 s TTL: every 5 s from there.
        assertEquals(2 + 37, run.queriesFor("shop.example"), "seed 8: queries before and after the TTL went from 60 s to 5 s");
    }
}
