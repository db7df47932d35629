package dev.loadbearing.sim.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checker agrees with the published verdicts on real histories (Porcupine's test data: Jepsen
 * etcd logs and key-value histories): all of {@code ../shared/peer-data/linearizability}, and the
 * small baseline copied into the test resources.
 */
class PeerDataVerdictsTest {

    static final Path PEER_DATA = Path.of("..", "shared", "peer-data", "linearizability");

    @Test
    void every_published_verdict_in_the_shared_peer_data_is_reproduced_within_seconds() throws Exception {
        if (!Files.isRegularFile(PEER_DATA.resolve("verdicts.tsv"))) {
            fail("The published histories are missing: expected " + PEER_DATA.toAbsolutePath().normalize()
                    + "/verdicts.tsv (the shared/ folder must sit beside the project checkout)");
        }
        PeerHistories.Summary summary = PeerHistories.checkAll(PEER_DATA);
        System.out.println("linearizability peer data: " + summary);
        assertEquals(List.of(), summary.disagreements());
        assertTrue(summary.checked() >= 100, "verdicts.tsv listed only " + summary.checked() + " files");
        assertTrue(summary.slowestMillis() < 5_000, summary.toString());
    }

    @Test
    void the_bundled_baseline_histories_get_their_published_verdicts() throws Exception {
        PeerHistories.Summary summary = PeerHistories.checkAll(baseline());
        System.out.println("linearizability baseline: " + summary);
        assertEquals(List.of(), summary.disagreements());
        assertEquals(10, summary.checked());
    }

    private static Path baseline() throws URISyntaxException {
        return Path.of(PeerDataVerdictsTest.class.getResource("/linearizability/verdicts.tsv").toURI()).getParent();
    }
}
