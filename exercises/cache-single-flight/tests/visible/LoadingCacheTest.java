import dev.loadbearing.sim.engine.Time;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LoadingCacheTest {
    @Test
    @DisplayName("one hot key, about 1,000 concurrent misses at each expiry: at most one database load per expiry")
    void one_load_per_expiry() {
        Stampede run = new Stampede(1, "the hot key alone", 0, 1.0).run(Time.seconds(1.5));
        run.attachFigure();
        System.out.println(run);
        run.assertEveryCallerAnsweredOnce();
        run.assertOneLoadPerExpiry();
        run.assertCorrectValues();
    }

    @Test
    @DisplayName("a hot key among 30 others: every caller gets a value at most a TTL old, one load per key per expiry, bounded p99")
    void many_keys_each_their_own_flight() {
        Stampede run = new Stampede(2, "a hot key among 30 others", 30, 0.6).run(Time.seconds(1.5));
        run.attachFigure();
        System.out.println(run);
        run.assertAll();
    }

    @Test
    @DisplayName("the database goes down during a load: every waiter is answered, and after the restart the next miss loads again")
    void a_failed_load_answers_its_waiters() {
        Stampede run = new Stampede(3, "the database down for 200 ms", 10, 0.7)
                .outage(Time.ms(420), Time.ms(620)).run(Time.seconds(1.5));
        run.attachFigure();
        System.out.println(run);
        run.assertAll();
    }
}
