package dev.loadbearing.sim.check;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a peer-data history by its folder: {@code etcd-register/} logs or {@code kv/} map lines. */
final class PeerHistories {

    private PeerHistories() {
    }

    static CheckResult check(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return check(file.getParent().getFileName().toString(), text);
    }

    static CheckResult check(String folder, String text) {
        return switch (folder) {
            case "etcd-register" -> Linearizability.check(JepsenFormats.etcdLog(text), Models.casRegister());
            case "kv" -> Linearizability.check(JepsenFormats.keyValueMaps(text), Models.keyValue());
            default -> throw new IllegalArgumentException("unknown history folder " + folder);
        };
    }
}
