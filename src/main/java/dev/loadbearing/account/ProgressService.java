package dev.loadbearing.account;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.function.Predicate;
import java.util.ArrayList;
import java.util.List;

/**
 * What a signed-in learner has done and the code they are writing, kept on the server so it
 * follows them to any browser. Guests keep the same things in their browser until they sign up.
 */
public final class ProgressService {
    /** The page's progress keys: {@code quiz:QUIZ/QUESTION} and {@code exercise:ID}. */
    static final Pattern ITEM = Pattern.compile("quiz:[A-Za-z0-9_-]{1,80}/[A-Za-z0-9_-]{1,80}|exercise:[A-Za-z0-9_-]{1,80}");
    public static final int MAX_ITEMS = 2000;
    /**
     * The most items one account keeps. Only real items of the course are stored, so this is far
     * above what any learner reaches; it bounds what one account can store if a course grows huge.
     */
    public static final int MAX_ITEMS_PER_LEARNER = 5000;
    private final ProgressDao progress;
    private final Predicate<String> courseItems;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    /** @param courseItems whether a key names a quiz question or an exercise of the course as it is now */
    public ProgressService(ProgressDao progress, Predicate<String> courseItems, Clock clock) {
        this.progress = progress;
        this.courseItems = courseItems;
        this.clock = clock;
    }

    /** What a merge did: how many items it kept, and the keys it left out because the course has no such item. */
    public record Recorded(int added, List<String> unknown) {}

    /** A draft: the files as the learner left them, for one version of the exercise. */
    public record Draft(String version, Map<String, String> files, Instant updatedAt) {}

    /** Every item done, with when it was first done (ISO-8601, as the page's scripts keep it). */
    public Map<String, String> progress(User user) {
        var done = new LinkedHashMap<String, String>();
        progress.items(user.id()).forEach(item -> done.put(item.item(), item.doneAt().toString()));
        return done;
    }

    /**
     * Records items as done. A time that is missing, unreadable or in the future becomes now. A
     * well-formed key that names nothing in the course (a quiz since removed, or made up) is left
     * out and reported, so a guest's old browser progress still merges at sign-up.
     *
     * @throws IllegalArgumentException naming the first item that is not a progress key, or when
     *                                  the account would hold more than {@link #MAX_ITEMS_PER_LEARNER}
     */
    public Recorded record(User user, Map<String, String> done) {
        if (done.size() > MAX_ITEMS) {
            throw new IllegalArgumentException("send at most " + MAX_ITEMS + " items at once");
        }
        for (String item : done.keySet()) {
            if (!ITEM.matcher(item).matches()) {
                throw new IllegalArgumentException("'" + item + "' is not a progress item like quiz:ID/QUESTION or exercise:ID");
            }
        }
        var unknown = new ArrayList<String>();
        var known = new LinkedHashMap<String, String>();
        done.forEach((item, when) -> {
            if (courseItems.test(item)) {
                known.put(item, when);
            } else {
                unknown.add(item);
            }
        });
        if (!known.isEmpty() && progress.count(user.id()) + known.size() > MAX_ITEMS_PER_LEARNER
                && progress.count(user.id()) + newItems(user, known) > MAX_ITEMS_PER_LEARNER) {
            throw new IllegalArgumentException("an account keeps at most " + MAX_ITEMS_PER_LEARNER + " progress items");
        }
        Instant now = clock.instant();
        int added = 0;
        for (var entry : known.entrySet()) {
            try {
                added += progress.insertIfAbsent(user.id(), entry.getKey(), time(entry.getValue(), now));
            } catch (RuntimeException raced) {
                // The same item arrived twice at once; the first one stays.
            }
        }
        return new Recorded(added, unknown);
    }

    private int newItems(User user, Map<String, String> items) {
        var stored = new java.util.HashSet<String>();
        progress.items(user.id()).forEach(item -> stored.add(item.item()));
        return (int) items.keySet().stream().filter(item -> !stored.contains(item)).count();
    }

    public Optional<Draft> draft(User user, String exercise) {
        return progress.draft(user.id(), exercise).map(d -> new Draft(d.version(), read(d.files()), d.updatedAt()));
    }

    public void saveDraft(User user, String exercise, String version, Map<String, String> files) {
        String text = write(files);
        Instant now = clock.instant();
        if (progress.updateDraft(user.id(), exercise, version, text, now) == 0) {
            try {
                progress.insertDraft(user.id(), exercise, version, text, now);
            } catch (RuntimeException raced) {
                progress.updateDraft(user.id(), exercise, version, text, now);
            }
        }
    }

    public void deleteDraft(User user, String exercise) {
        progress.deleteDraft(user.id(), exercise);
    }

    private static Instant time(String text, Instant now) {
        try {
            Instant when = text == null ? now : Instant.parse(text);
            return when.isAfter(now) ? now : when;
        } catch (DateTimeParseException e) {
            return now;
        }
    }

    private String write(Map<String, String> files) {
        try {
            return json.writeValueAsString(files);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store a draft", e);
        }
    }

    private Map<String, String> read(String files) {
        try {
            return json.readValue(files, new TypeReference<LinkedHashMap<String, String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored draft is not JSON", e);
        }
    }
}
