package dev.loadbearing.sim.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checker agrees with the published verdicts on real histories: Porcupine's test data (Jepsen
 * etcd logs and key-value histories, MIT licence), bundled in the test resources under
 * {@code peer-data/linearizability} with their licence and source.
 */
class PeerDataVerdictsTest {

    @Test
    void every_published_verdict_on_the_real_histories_is_reproduced() throws Exception {
        PeerHistories.Summary summary = PeerHistories.checkAll(peerData());
        System.out.println("linearizability peer data: " + summary);
        assertEquals(List.of(), summary.disagreements());
        assertTrue(summary.checked() >= 100, "verdicts.tsv listed only " + summary.checked() + " files");
    }

    private static Path peerData() throws URISyntaxException {
        return Path.of(PeerDataVerdictsTest.class.getResource("/peer-data/linearizability/verdicts.tsv").toURI())
                .getParent();
    }
}
