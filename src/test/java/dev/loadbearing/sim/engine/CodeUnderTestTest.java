package dev.loadbearing.sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CodeUnderTestTest {
    @Test
    void every_package_of_the_library_is_known_so_a_learner_error_names_the_learners_line() throws IOException {
        // A package missing here makes its frames look like learner code: "your route() threw ... at Gateway.java".
        try (Stream<Path> packages = Files.list(Path.of("src/main/java/dev/loadbearing/sim"))) {
            List<String> found = packages.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(found, CodeUnderTest.LIBRARY.stream().sorted().toList());
        }
    }
}
