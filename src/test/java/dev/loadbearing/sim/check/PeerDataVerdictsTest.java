package dev.loadbearing.sim.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checker agrees with every published verdict in {@code ../shared/peer-data/linearizability}
 * (Porcupine's test data: Jepsen etcd logs and key-value histories), each within seconds.
 */
class PeerDataVerdictsTest {

    static final Path PEER_DATA = Path.of("..", "shared", "peer-data", "linearizability");

    @Test
    void every_published_verdict_is_reproduced_within_seconds() throws IOException {
        if (!Files.isDirectory(PEER_DATA)) {
            fail("The published histories are missing: expected " + PEER_DATA.toAbsolutePath().normalize()
                    + " (the shared/ folder beside the project checkout, with peer-data/linearizability/verdicts.tsv)");
        }
        List<String> lines = Files.readAllLines(PEER_DATA.resolve("verdicts.tsv"));
        List<String> disagreements = new ArrayList<>();
        String slowest = null;
        long slowestNanos = -1;
        long totalNanos = 0;
        int checked = 0;
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cols = line.split("\t");
            boolean expected = Boolean.parseBoolean(cols[1].strip());
            long start = System.nanoTime();
            CheckResult result = PeerHistories.check(PEER_DATA.resolve(cols[0]));
            long nanos = System.nanoTime() - start;
            totalNanos += nanos;
            checked++;
            if (nanos > slowestNanos) {
                slowestNanos = nanos;
                slowest = cols[0];
            }
            if (result.verdict() != (expected ? CheckResult.Verdict.LINEARIZABLE : CheckResult.Verdict.NOT_LINEARIZABLE)) {
                disagreements.add(cols[0] + ": published " + expected + ", checker says " + result.verdict()
                        + "\n" + result.explanation());
            }
        }
        System.out.printf("linearizability peer data: %d files, total %d ms, slowest %s in %d ms%n",
                checked, totalNanos / 1_000_000, slowest, slowestNanos / 1_000_000);
        assertEquals(List.of(), disagreements);
        assertTrue(checked >= 100, "verdicts.tsv listed only " + checked + " files");
        assertTrue(slowestNanos < 5_000_000_000L, slowest + " took " + slowestNanos / 1_000_000 + " ms");
    }
}
