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
import java.util.concurrent.CountDownLatch;
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
    }

    /**
     * The SSE handler: holds the page's connection open until it goes away. A comment every few
     * seconds finds pages that closed without saying so (a failed write closes the client).
     */
    public void connect(SseClient client) {
        var closed = new CountDownLatch(1);
        clients.add(client);
        client.onClose(() -> {
            clients.remove(client);
            closed.countDown();
        });
        client.sendComment("connected");
        try {
            while (!client.terminated() && !closed.await(HEARTBEAT_SECONDS, TimeUnit.SECONDS)) {
                client.sendComment("ping");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            clients.remove(client);
        }
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
                    clients.forEach(c -> c.sendEvent("reload", "changed"));
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        watcher.close();
        thread.interrupt();
        clients.forEach(SseClient::close);
    }
}
