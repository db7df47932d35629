package dev.loadbearing.submission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** A learner's attempts at one exercise: the list, the best score, one attempt's code, and diffs. */
public final class History {
    private static final int CONTEXT_LINES = 3;
    private final SubmissionDao submissions;
    private final ObjectMapper json = new ObjectMapper();

    public History(SubmissionDao submissions) {
        this.submissions = submissions;
    }

    /**
     * The attempts, newest first, and the best Submit.
     *
     * @param attempts  newest first
     * @param bestScore the best score of a Submit, or -1 when the learner has not submitted
     * @param maxScore  the points that Submit could earn
     */
    public record Summary(List<StoredSubmission> attempts, int bestScore, int maxScore) {
        public boolean submitted() {
            return bestScore >= 0;
        }
    }

    public Summary summary(String learner, String exerciseId) {
        List<StoredSubmission> attempts = learner == null ? List.of() : submissions.attempts(learner, exerciseId);
        int best = -1;
        int max = 0;
        for (StoredSubmission s : attempts) {
            if (s.submit() && !s.status().equals(StoredSubmission.PENDING) && s.score() > best) {
                best = s.score();
                max = s.maxScore();
            }
        }
        return new Summary(attempts, best, max);
    }

    /** One attempt, if it is this learner's (nobody reads another's code here). */
    public Optional<StoredSubmission> attempt(String learner, String exerciseId, long id) {
        return submissions.find(id).filter(s -> s.learner().equals(learner) && s.exerciseId().equals(exerciseId));
    }

    /** The files of an attempt, name to source. */
    public Map<String, String> files(StoredSubmission submission) {
        try {
            return json.readValue(submission.files(), new TypeReference<LinkedHashMap<String, String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("submission " + submission.id() + " has unreadable files", e);
        }
    }

    /** A line of a diff: {@code add}, {@code remove}, {@code context} or {@code hunk} (an {@code @@} header). */
    public record DiffLine(String kind, String text) {}

    /** The changes of one file from an older attempt to a newer one. */
    public record FileDiff(String name, List<DiffLine> lines) {
        public boolean unchanged() {
            return lines.isEmpty();
        }
    }

    /** Unified diffs of every file, from {@code older} to {@code newer}. */
    public List<FileDiff> diff(StoredSubmission older, StoredSubmission newer) {
        Map<String, String> before = files(older);
        Map<String, String> after = files(newer);
        var names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        var diffs = new ArrayList<FileDiff>();
        for (String name : names) {
            List<String> a = before.getOrDefault(name, "").lines().toList();
            List<String> b = after.getOrDefault(name, "").lines().toList();
            List<String> unified = UnifiedDiffUtils.generateUnifiedDiff(name, name, a, DiffUtils.diff(a, b), CONTEXT_LINES);
            var lines = new ArrayList<DiffLine>();
            for (String line : unified.subList(Math.min(2, unified.size()), unified.size())) { // skip the ---/+++ header
                if (line.startsWith("@@")) {
                    lines.add(new DiffLine("hunk", line));
                } else if (line.startsWith("+")) {
                    lines.add(new DiffLine("add", line.substring(1)));
                } else if (line.startsWith("-")) {
                    lines.add(new DiffLine("remove", line.substring(1)));
                } else {
                    lines.add(new DiffLine("context", line.isEmpty() ? "" : line.substring(1)));
                }
            }
            diffs.add(new FileDiff(name, lines));
        }
        return diffs;
    }
}
