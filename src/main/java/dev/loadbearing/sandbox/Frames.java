package dev.loadbearing.sandbox;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The worker's only way to talk to the server: length-prefixed JSON frames on the process's
 * real standard output, each carrying the job's nonce. Learner code never gets this stream
 * ({@code System.out} is redirected into capped per-test buffers before any learner class loads),
 * and the nonce is new for every job, so printed text cannot pass for a frame.
 */
public final class Frames {
    /** The largest frame the server accepts. */
    public static final int MAX_FRAME_BYTES = 1 << 20;

    private final DataOutputStream out;
    private volatile String nonce = "";

    Frames(OutputStream realStdout) {
        this.out = new DataOutputStream(new java.io.BufferedOutputStream(realStdout, 1 << 16));
    }

    void nonce(String value) {
        nonce = value;
    }

    /** Starts a frame of a type; add fields with {@link Map#put} and send it. */
    static Map<String, Object> frame(String type) {
        var frame = new LinkedHashMap<String, Object>();
        frame.put("type", type);
        return frame;
    }

    synchronized void send(Map<String, Object> frame) {
        var withNonce = new LinkedHashMap<String, Object>();
        withNonce.put("nonce", nonce);
        withNonce.putAll(frame);
        byte[] bytes = Json.write(withNonce).getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_FRAME_BYTES) {
            // Only figures can grow this big; drop them rather than the verdict.
            withNonce.remove("figures");
            withNonce.put("figures_dropped", true);
            bytes = Json.write(withNonce).getBytes(StandardCharsets.UTF_8);
        }
        try {
            out.writeInt(bytes.length);
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            // The server is gone; nothing left to do.
            Runtime.getRuntime().halt(4);
        }
    }
}
