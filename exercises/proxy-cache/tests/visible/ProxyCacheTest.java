import dev.loadbearing.sim.engine.Time;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ProxyCacheTest {
    @Test
    @DisplayName("public pages: a fresh copy answers every request until its max-age (or s-maxage) runs out")
    void fresh_copies_answer_the_requests() {
        CacheRun run = new CacheRun(1, 120, 40);
        run.traffic(250, 0, Time.seconds(20));
        run.run();
        run.attachFigure(Time.seconds(20));
        run.assertOnlyOriginContent();
        run.assertFreshCopiesAreReused(0.01);
        run.assertNothingTooStale();
        run.assertNoPrivateLeaks();
        run.assertNoForbiddenReuse();
    }

    @Test
    @DisplayName("private pages and answers to logged-in users without 'public' never reach another user, nor come from the cache")
    void personal_pages_are_never_shared() {
        CacheRun run = new CacheRun(2, 60, 25);
        run.traffic(200, 0, Time.seconds(20));
        run.run();
        run.attachFigure(Time.seconds(20));
        run.assertOnlyOriginContent();
        run.assertNoPrivateLeaks();
        run.assertFreshCopiesAreReused(0.01);
    }

    @Test
    @DisplayName("no-store, no-cache, pages without Cache-Control and every POST go to the origin")
    void what_the_origin_forbids_is_not_reused() {
        CacheRun run = new CacheRun(3, 80, 30);
        run.traffic(200, 0, Time.seconds(20));
        run.run();
        run.attachFigure(Time.seconds(20));
        run.assertOnlyOriginContent();
        run.assertNoForbiddenReuse();
        run.assertNoPrivateLeaks();
        run.assertFreshCopiesAreReused(0.01);
    }

    @Test
    @DisplayName("the origin is down from 15 s to 35 s: stale copies within stale-if-error keep pages up, the rest get 502 at once")
    void stale_if_error_rides_out_an_outage() {
        CacheRun run = new CacheRun(4, 100, 40);
        run.crash(Time.seconds(15), Time.seconds(35));
        run.traffic(200, 0, Time.seconds(45));
        run.run();
        run.attachFigure(Time.seconds(45));
        run.assertOnlyOriginContent();
        run.assertNothingTooStale();
        run.assertStaleIfErrorKeepsPagesUp();
        run.assertNoPrivateLeaks();
        run.assertNoForbiddenReuse();
        run.assertFreshCopiesAreReused(0.01);
    }
}
