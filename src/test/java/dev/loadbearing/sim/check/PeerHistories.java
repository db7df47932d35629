package dev.loadbearing.sim.check;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a folder of published histories ({@code etcd-register/} logs and {@code kv/} map lines)
 * against its {@code verdicts.tsv}, timing each file.
 */
final class PeerHistories {

    /** The outcome of checking a whole folder. */
    record Summary(int checked, long totalMillis, String slowest, long slowestMillis, List<String> disagreements) {
        @Override
        public String toString() {
            return String.format("%d files, total %d ms, slowest %s in %d ms", checked, totalMillis, slowest, slowestMillis);
        }
    }

    private PeerHistories() {
    }

    static Summary checkAll(Path root) throws IOException {
        List<String> lines = Files.readAllLines(root.resolve("verdicts.tsv"));
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
            CheckResult result = check(root.resolve(cols[0]));
            long nanos = System.nanoTime() - start;
            totalNanos += nanos;
            checked++;
            if (nanos > slowestNanos) {
                slowestNanos = nanos;
                slowest = cols[0];
            }
            CheckResult.Verdict wanted = expected ? CheckResult.Verdict.LINEARIZABLE : CheckResult.Verdict.NOT_LINEARIZABLE;
            if (result.verdict() != wanted) {
                disagreements.add(cols[0] + ": published " + expected + ", checker says " + result.verdict()
                        + "\n" + result.explanation());
            }
        }
        return new Summary(checked, totalNanos / 1_000_000, slowest, slowestNanos / 1_000_000, disagreements);
    }

    static CheckResult check(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return switch (file.getParent().getFileName().toString()) {
            case "etcd-register" -> Linearizability.check(JepsenFormats.etcdLog(text), Models.casRegister());
            case "kv" -> Linearizability.check(JepsenFormats.keyValueMaps(text), Models.keyValue());
            default -> throw new IllegalArgumentException("unknown history folder for " + file);
        };
    }
}
