package dev.loadbearing.web;

import dev.loadbearing.course.Catalog;
import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For instructors running {@code serve --dev}: watches the course folder and, when a lesson
 * changes, re-reads it and tells every open page to reload (server-sent events on
 * {@link Paths#DEV_EVENTS}).
 */
public final class LiveReload implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveReload.class);
    /** Editors save in bursts (temp file, rename, chmod); one reload per burst is enough. */
    private static final long SETTLE_MILLIS = 80;
    private static final long HEARTBEAT_SECONDS = 10;

    private final Catalog catalog;
    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    private final WatchService watcher;
    private final Thread thread;
    private final ScheduledExecutorService heartbeat;
    private volatile boolean closing;

    public LiveReload(Catalog catalog) throws IOException {
        this.catalog = catalog;
        this.watcher = catalog.files().root().getFileSystem().newWatchService();
        for (Path dir : List.of(catalog.files().lessons(), catalog.files().quizzes(), catalog.files().staticFiles())) {
            if (Files.isDirectory(dir)) {
                dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
        }
        this.thread = new Thread(this::watch, "live-reload");
        thread.setDaemon(true);
        thread.start();
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "live-reload-heartbeat");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleWithFixedDelay(() -> List.copyOf(clients).forEach(c -> send(c, client -> client.sendComment("ping"))),
                HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * The SSE handler. The stream is kept open without holding a thread ({@link SseClient#keepAlive()});
     * a comment every few seconds finds pages that closed without saying so.
     */
    public void connect(SseClient client) {
        client.keepAlive();
        client.onClose(() -> clients.remove(client));
        if (closing) {
            client.close();
            return;
        }
        clients.add(client);
        send(client, c -> c.sendComment("connected"));
    }

    /**
     * Writes to one page's stream. A page that went away fails the write: it is dropped and its
     * stream closed, so nothing is ever written to a response the server has recycled.
     */
    private void send(SseClient client, java.util.function.Consumer<SseClient> write) {
        if (closing || client.terminated()) {
            drop(client);
            return;
        }
        try {
            write.accept(client);
        } catch (RuntimeException e) {
            LOG.debug("dropping a live-reload stream that failed a write: {}", e.toString());
            drop(client);
        }
        if (client.terminated()) {
            drop(client);
        }
    }

    private void drop(SseClient client) {
        if (clients.remove(client)) {
            try {
                client.close();
            } catch (RuntimeException e) {
                LOG.debug("closing a live-reload stream failed: {}", e.toString());
            }
        }
    }

    /** Open streams, for tests. */
    int openStreams() {
        return clients.size();
    }

    private void watch() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                Thread.sleep(SETTLE_MILLIS);
                boolean staticChanged = key.watchable() instanceof Path p && p.endsWith("static");
                key.pollEvents();
                key.reset();
                for (WatchKey more = watcher.poll(); more != null; more = watcher.poll()) {
                    staticChanged |= more.watchable() instanceof Path p && p.endsWith("static");
                    more.pollEvents();
                    more.reset();
                }
                if (catalog.reload() || staticChanged) {
                    LOG.info("course changed: reloading {} open page(s)", clients.size());
                    List.copyOf(clients).forEach(c -> send(c, client -> client.sendEvent("reload", "changed")));
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        closing = true;
        heartbeat.shutdownNow();
        watcher.close();
        thread.interrupt();
        try {
            heartbeat.awaitTermination(2, TimeUnit.SECONDS);
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List.copyOf(clients).forEach(this::drop);
    }
}
