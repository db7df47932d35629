package dev.loadbearing.grading;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The worker's small class path, as one jar: the simulation library, the sandbox harness, JUnit,
 * ASM and HdrHistogram, copied out of wherever the server runs from (the shaded jar, or build
 * folders and Maven jars in a development build). None of the server's own libraries (web server,
 * database, Jackson) reach the worker. The jar's name carries a hash of its content, so an
 * unchanged build reuses it (and keeps any class-data archive made for it valid).
 */
final class WorkerJar {
    /** What the worker may load, by path prefix inside jars and class folders. */
    private static final List<String> INCLUDE = List.of("dev/loadbearing/sim/", "dev/loadbearing/sandbox/",
            "org/junit/", "org/opentest4j/", "org/apiguardian/", "org/jspecify/", "org/objectweb/asm/",
            "org/HdrHistogram/", "META-INF/services/org.junit.");
    /** A class from each library the worker needs, to find where it is loaded from. */
    private static final List<String> MARKERS = List.of("dev.loadbearing.sandbox.WorkerMain",
            "dev.loadbearing.sim.engine.Sim", "org.junit.jupiter.engine.JupiterTestEngine", "org.junit.jupiter.api.Test",
            "org.junit.jupiter.params.ParameterizedTest", "org.junit.platform.launcher.Launcher",
            "org.junit.platform.launcher.core.LauncherFactory", "org.junit.platform.engine.TestEngine",
            "org.junit.platform.commons.util.ReflectionUtils", "org.opentest4j.AssertionFailedError",
            "org.apiguardian.api.API", "org.jspecify.annotations.Nullable", "org.objectweb.asm.ClassReader",
            "org.HdrHistogram.Histogram");

    private WorkerJar() {
    }

    /** Writes the worker jar into {@code dir} (once per content) and returns its path. */
    static Path build(Path dir) {
        try {
            var entries = new TreeMap<String, byte[]>();
            for (Path source : sources()) {
                collect(source, entries);
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            entries.forEach((name, bytes) -> {
                sha.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update(bytes);
            });
            String hash = HexFormat.of().formatHex(sha.digest()).substring(0, 16);
            Files.createDirectories(dir);
            Path jar = dir.resolve("worker-" + hash + ".jar");
            if (!Files.exists(jar)) {
                Path tmp = Files.createTempFile(dir, "worker-", ".tmp");
                try (var out = new JarOutputStream(Files.newOutputStream(tmp))) {
                    for (var e : entries.entrySet()) {
                        JarEntry entry = new JarEntry(e.getKey());
                        entry.setTime(0);
                        out.putNextEntry(entry);
                        out.write(e.getValue());
                        out.closeEntry();
                    }
                }
                readableByAll(tmp);
                Files.move(tmp, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the grading worker's jar in " + dir, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void readableByAll(Path path) {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
        } catch (IOException | UnsupportedOperationException e) {
            // Not a POSIX file system: nothing to widen.
        }
    }

    private static Set<Path> sources() {
        var paths = new LinkedHashSet<Path>();
        for (String marker : MARKERS) {
            try {
                Class<?> type = Class.forName(marker, false, WorkerJar.class.getClassLoader());
                var location = type.getProtectionDomain().getCodeSource().getLocation();
                paths.add(Path.of(location.toURI()));
            } catch (ClassNotFoundException e) {
                if (!marker.startsWith("org.jspecify") && !marker.startsWith("org.apiguardian")) {
                    throw new IllegalStateException("the grading worker needs " + marker + ", which is not on the class path", e);
                }
            } catch (URISyntaxException | NullPointerException e) {
                throw new IllegalStateException("cannot tell where " + marker + " is loaded from", e);
            }
        }
        return paths;
    }

    private static void collect(Path source, Map<String, byte[]> entries) throws IOException {
        if (Files.isDirectory(source)) {
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    String name = source.relativize(file).toString().replace('\\', '/');
                    if (included(name)) {
                        entries.put(name, Files.readAllBytes(file));
                    }
                }
            }
            return;
        }
        try (var jar = new JarFile(source.toFile())) {
            var list = jar.entries();
            while (list.hasMoreElements()) {
                JarEntry entry = list.nextElement();
                if (!entry.isDirectory() && included(entry.getName())) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        var bytes = new ByteArrayOutputStream();
                        in.transferTo(bytes);
                        entries.putIfAbsent(entry.getName(), bytes.toByteArray());
                    }
                }
            }
        }
    }

    private static boolean included(String name) {
        if (name.startsWith("META-INF/versions/")) {
            return false;
        }
        for (String prefix : INCLUDE) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
