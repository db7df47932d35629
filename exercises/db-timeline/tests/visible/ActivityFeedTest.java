import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ActivityFeedTest {

    @Test
    @DisplayName("ordinary accounts only: every read shows the newest entries, from one query (the starter passes this one)")
    void ordinary_timelines_are_exact() {
        TimelineTraffic run = new TimelineTraffic(ActivityFeed::new, 1, 0, 1_500);
        run.showFigures();
        run.assertAll();
    }

    @Test
    @DisplayName("a celebrity's timeline: no partition is asked for more writes a second than its limit, and no entry is lost")
    void a_celebrity_stays_under_the_write_limit() {
        TimelineTraffic run = new TimelineTraffic(ActivityFeed::new, 2, 1, 1_500);
        run.showFigures();
        run.assertUnderWriteLimit();
        run.assertNothingLost();
    }

    @Test
    @DisplayName("with a celebrity: each read is one query of one partition, pages are right, p99 under 10 ms")
    void a_celebrity_is_read_from_one_partition() {
        TimelineTraffic run = new TimelineTraffic(ActivityFeed::new, 3, 1, 1_500);
        run.showFigures();
        run.assertAll();
    }
}
