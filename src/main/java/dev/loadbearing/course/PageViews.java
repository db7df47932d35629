package dev.loadbearing.course;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts lesson page reads in memory and adds them to the {@code page_view} table in the
 * background, every {@link #FLUSH_EVERY} and when the server stops. Writing per request made every
 * reader of a lesson wait for the previous reader's commit on that lesson's row.
 *
 * <p>A graceful stop ({@link #close()}) writes every count. A crash loses at most the reads of the
 * last {@link #FLUSH_EVERY}; a failed write keeps its counts for the next try.
 */
public final class PageViews implements AutoCloseable {
    /** How much counting a crash may lose; short enough that the table looks live. */
    public static final Duration FLUSH_EVERY = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(PageViews.class);
    private final PageViewDao dao;
    private final Map<String, LongAdder> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "page-views");
        thread.setDaemon(true);
        return thread;
    });

    public PageViews(PageViewDao dao) {
        this.dao = dao;
        long every = FLUSH_EVERY.toMillis();
        flusher.scheduleWithFixedDelay(this::flushQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /** One read of a lesson page; no database work. */
    public void record(String lessonId) {
        pending.computeIfAbsent(lessonId, id -> new LongAdder()).increment();
    }

    /** Writes the counts gathered so far. */
    public synchronized void flush() {
        for (var entry : pending.entrySet()) {
            long count = entry.getValue().sumThenReset();
            if (count == 0) {
                continue;
            }
            try {
                dao.add(entry.getKey(), count);
            } catch (RuntimeException e) {
                entry.getValue().add(count); // kept for the next flush
                throw e;
            }
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("page views not written yet, will retry: {}", e.toString());
        }
    }

    /** Stops the background writes and writes what is left; call before the database closes. */
    @Override
    public void close() {
        flusher.shutdown();
        try {
            flusher.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}
