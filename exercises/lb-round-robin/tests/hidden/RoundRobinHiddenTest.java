import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loadbearing.sim.engine.Time;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RoundRobinHiddenTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 23, 37, 41, 59})
    @DisplayName("pools of 2 to 9 servers: equal shares, in turns")
    void random_pool_sizes_get_equal_shares_in_turns(long seed) {
        int servers = 2 + new Random(seed).nextInt(8);
        Rotation run = Rotation.run(new RoundRobin(), seed, servers, 500 * servers);
        run.assertEvenShares();
        run.assertTakesTurns(0, run.all(), "");
    }

    @Test
    @DisplayName("a restarted server rejoins the rotation")
    void a_restarted_server_rejoins_the_rotation() {
        long crash = Time.seconds(1);
        long restart = Time.seconds(2);
        Rotation run = Rotation.run(new RoundRobin(), 71, 5, 5_000, scenario -> {
            scenario.server(0).crashAt(crash);
            scenario.server(0).restartAt(restart);
        });
        int back = run.firstAt(restart);
        run.assertTakesTurns(run.firstAt(crash), back, List.of(1, 2, 3, 4), " after server-0 went down");
        run.assertTakesTurns(back, run.all(), " after server-0 came back");
        run.assertNoRequestSentToADownServer("");
    }

    @Test
    @DisplayName("when every server is down, requests fail fast with no backend")
    void every_server_down_means_no_backend() {
        Rotation run = Rotation.run(new RoundRobin(), 83, 3, 600, scenario -> {
            for (int i = 0; i < 3; i++) {
                scenario.server(i).crashAt(Time.ms(500));
            }
        });
        int after = run.firstAt(Time.ms(500));
        for (int k = after; k < run.picks.size(); k++) {
            assertEquals(-1, run.picks.get(k), "seed 83: request " + (k + 1)
                    + " was sent to server-" + run.picks.get(k) + " although every server was down; return null instead");
        }
        Map<String, Long> errors = run.report.errors();
        assertEquals(null, errors.get("refused: server down"),
                "seed 83: requests were sent to servers that were down: " + errors);
        assertEquals((long) (run.picks.size() - after), errors.get("no backend available"),
                "seed 83: with every server down, every request should fail with 'no backend available': " + errors);
    }
}
