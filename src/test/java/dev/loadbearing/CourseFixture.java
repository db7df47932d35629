package dev.loadbearing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

/** A course folder on disk that tests write lessons into. */
public final class CourseFixture {
    /** A two-question quiz: one answer right in the first, two in the second. */
    public static final String QUIZ = """
            title: Load balancing check
            questions:
              - id: slow-server
                prompt: One server gets **twice as slow**. Which algorithm notices?
                choices:
                  - text: Round robin
                    explanation: It never looks at how long requests take.
                  - text: Least connections
                    correct: true
                    explanation: Slow requests stay open, so it sends fewer there.
              - id: stateless
                prompt: Which make servers interchangeable?
                choices:
                  - text: Sessions in a shared store
                    correct: true
                    explanation: Any server can read them.
                  - text: Files on local disk
                    explanation: Only one server has them.
                  - text: "`Cache-Control: no-store`"
                    correct: true
                    explanation: Not stored anywhere, so nothing is tied to one server.
            """;

    private final Path root;

    public CourseFixture(Path root) {
        this.root = root;
        try {
            Files.createDirectories(root.resolve("lessons"));
            Files.createDirectories(root.resolve("exercises"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path root() {
        return root;
    }

    /** Writes a valid lesson {@code NN-id.md} with the given body. */
    public Path lesson(int order, String id, String title, String body, String... prerequisites) {
        String text = """
                ---
                id: %s
                title: %s
                summary: All about %s.
                order: %d
                estimated_minutes: 10
                prerequisites: [%s]
                ---
                %s
                """.formatted(id, title, title.toLowerCase(), order, String.join(", ", List.of(prerequisites)), body);
        return write(String.format("lessons/%02d-%s.md", order, id), text);
    }

    /** Writes any file under the course folder, bumping its modification time so a change is always seen. */
    public Path write(String relative, String text) {
        Path file = root.resolve(relative);
        try {
            Files.createDirectories(file.getParent());
            FileTime before = Files.exists(file) ? Files.getLastModifiedTime(file) : null;
            Files.writeString(file, text);
            if (before != null && !Files.getLastModifiedTime(file).toInstant().isAfter(before.toInstant())) {
                Files.setLastModifiedTime(file, FileTime.from(before.toInstant().plusMillis(10)));
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void delete(String relative) {
        try {
            Files.deleteIfExists(root.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
