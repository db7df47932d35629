import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReadYourWritesHiddenTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {17, 29, 43})
    @DisplayName("other seeds: write rates, spikes, page views and which replica is fast drawn from the seed")
    void other_seeds(long seed) {
        Random r = new Random(seed);
        ProfileTraffic run = new ProfileTraffic(seed, 700 + r.nextInt(400), 5 + r.nextInt(5), 800 + r.nextInt(700)).run();
        run.showFigures();
        run.assertEveryReadAnsweredOnce();
        run.assertReadYourWrites();
        run.assertReadsFast();
    }
}
