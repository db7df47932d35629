package dev.loadbearing.course;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the course lives: a folder an instructor edits ({@code --course DIR}), or the copy
 * bundled inside the jar. Both are read through {@link Path}s, so the catalog does not care which.
 *
 * @param root     the folder holding {@code lessons/}, {@code exercises/} and {@code static/}
 * @param editable whether files can change while the server runs (false for the bundled copy)
 */
public record CourseFiles(Path root, boolean editable) {

    /** The classpath folder the build copies the bundled course into. */
    public static final String BUNDLED = "course";

    /** A course folder on disk; fails with a clear message when it is not one. */
    public static CourseFiles directory(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("lessons"))) {
            throw new IllegalArgumentException(root + " is not a course folder: it has no lessons/ folder");
        }
        return new CourseFiles(root, true);
    }

    /** The course bundled with the server (inside the jar, or under target/classes in a build). */
    public static CourseFiles bundled() {
        URL marker = CourseFiles.class.getClassLoader().getResource(BUNDLED + "/lessons");
        if (marker == null) {
            throw new IllegalStateException("the bundled course is missing from the classpath (no " + BUNDLED + "/lessons)");
        }
        try {
            URI uri = marker.toURI();
            if (uri.getScheme().equals("jar")) {
                FileSystem jar;
                try {
                    jar = FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    jar = FileSystems.getFileSystem(uri);
                }
                return new CourseFiles(jar.getPath("/" + BUNDLED), false);
            }
            return new CourseFiles(Path.of(uri).getParent(), false);
        } catch (URISyntaxException | IOException e) {
            throw new UncheckedIOException(new IOException("cannot open the bundled course at " + marker, e));
        }
    }

    public Path lessons() {
        return root.resolve("lessons");
    }

    /** Quiz files, one per quiz: {@code lessons/quizzes/ID.yaml}. */
    public Path quizzes() {
        return lessons().resolve("quizzes");
    }

    public Path exercises() {
        return root.resolve("exercises");
    }

    /** Live simulations for lessons, one folder each: {@code simulations/ID/simulation.yaml}. */
    public Path simulations() {
        return root.resolve("simulations");
    }

    public Path staticFiles() {
        return root.resolve("static");
    }

    /** The path an author sees in messages: relative to the course folder, with forward slashes. */
    public String display(Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }
}
