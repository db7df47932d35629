import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ActivityFeedHiddenTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13})
    @DisplayName("one or two celebrities, random limits, page sizes and follower counts: every check holds")
    void random_worlds(long seed) {
        TimelineTraffic run = new TimelineTraffic(ActivityFeed::new, seed, 1 + (int) (seed % 2), 1_200);
        run.showFigures();
        run.assertAll();
    }

    @Test
    @DisplayName("three celebrities at 1,500 reads a second: every check holds")
    void three_celebrities() {
        TimelineTraffic run = new TimelineTraffic(ActivityFeed::new, 21, 3, 1_500);
        run.showFigures();
        run.assertAll();
    }
}
