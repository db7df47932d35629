import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ReadYourWritesTest {

    @Test
    @DisplayName("no spike: page views are fast and come from the replicas (the starter passes this one)")
    void quiet_reads_are_fast() {
        ProfileTraffic run = new ProfileTraffic(1, 300, 1, 1000).run();
        run.showFigures();
        run.assertEveryReadAnsweredOnce();
        run.assertReadsFast();
    }

    @Test
    @DisplayName("a 10\u00d7 write spike: every writer sees their own write")
    void writers_see_their_writes() {
        ProfileTraffic run = new ProfileTraffic(2, 1000, 10, 1000).run();
        run.showFigures();
        run.assertEveryReadAnsweredOnce();
        run.assertReadYourWrites();
    }

    @Test
    @DisplayName("a 10\u00d7 write spike: writers see their writes, read p99 under 150 ms, at most 5% of reads on the primary")
    void fresh_and_fast() {
        ProfileTraffic run = new ProfileTraffic(3, 1000, 10, 1000).run();
        run.showFigures();
        run.assertEveryReadAnsweredOnce();
        run.assertReadYourWrites();
        run.assertReadsFast();
    }
}
