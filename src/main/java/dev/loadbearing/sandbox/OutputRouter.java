package dev.loadbearing.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What {@code System.out} and {@code System.err} write to inside the worker: the buffer of the
 * test running now, capped. Bytes past the cap are counted and dropped, so an output flood costs
 * nothing but the time it spends printing.
 */
final class OutputRouter extends OutputStream {
    private volatile Capture current = new Capture(0);

    /** Starts capturing into a fresh buffer of at most {@code limit} bytes and returns it. */
    Capture begin(int limit) {
        Capture capture = new Capture(limit);
        current = capture;
        return capture;
    }

    /** Stops capturing: output is dropped until the next {@link #begin}. */
    void discard() {
        current = new Capture(0);
    }

    @Override
    public void write(int b) {
        current.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        current.write(bytes, offset, length);
    }

    /** One test's output. */
    static final class Capture {
        private final int limit;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private long dropped;

        Capture(int limit) {
            this.limit = limit;
        }

        synchronized void write(int b) {
            if (kept.size() < limit) {
                kept.write(b);
            } else {
                dropped++;
            }
        }

        synchronized void write(byte[] bytes, int offset, int length) {
            int room = Math.max(0, Math.min(length, limit - kept.size()));
            kept.write(bytes, offset, room);
            dropped += length - room;
        }

        /** The text kept, with a note of how much was cut. */
        synchronized String text() {
            String text = kept.toString(StandardCharsets.UTF_8);
            return dropped == 0 ? text : text + "\n[output cut: " + dropped + " more bytes; the limit is " + limit + " bytes per test]";
        }
    }
}
