package dev.loadbearing.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.engine.JupiterTestEngine;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherFactory;

/** The worker's cache of compiled test classes, run in this JVM (no sandbox needed to check it). */
class TestClassCacheTest {
    private static final String BASE = """
            public class Base {
                public int size = 7;
            }
            """;
    private static final String COUNTER = """
            public class Counter extends Base {
                private int next;

                public int next() {
                    return ++next;
                }
            }
            """;
    private static final String TEST = """
            import static org.junit.jupiter.api.Assertions.assertEquals;

            import org.junit.jupiter.api.Test;

            class CounterTest {
                static int runs;

                @Test
                void fresh_statics() {
                    runs++;
                    assertEquals(1, runs, "test statics survived an earlier job");
                    assertEquals(1, new Counter().next());
                }

                @Test
                void inherited_field() {
                    assertEquals(7, new Counter().size);
                }
            }
            """;

    private final InMemoryCompiler compiler = new InMemoryCompiler();
    private final Launcher launcher = LauncherFactory.create(LauncherConfig.builder().enableTestEngineAutoRegistration(false)
            .addTestEngines(new JupiterTestEngine()).build());

    @Test
    void a_second_job_reuses_the_compiled_tests_and_still_sees_fresh_test_statics() throws IOException {
        List<JsonNode> first = run(COUNTER);
        List<JsonNode> second = run(COUNTER.replace("++next", "next += 1"));
        assertFalse(done(first).path("cached_tests").asBoolean(), first::toString);
        assertTrue(done(second).path("cached_tests").asBoolean(), second::toString);
        for (List<JsonNode> frames : List.of(first, second)) {
            assertEquals(List.of("passed", "passed"), statuses(frames), frames::toString);
        }
        assertEquals(1, compiler.testCache().hits());
    }

    @Test
    void cached_test_classes_are_the_bytes_a_full_compilation_makes() {
        Map<String, String> learner = Map.of("Base.java", BASE, "Counter.java", COUNTER);
        Map<String, String> tests = Map.of("CounterTest.java", TEST);
        compiler.compileJob(learner, tests);
        InMemoryCompiler.Output cached = compiler.compileJob(learner, tests);
        InMemoryCompiler.Output full = compiler.compile(learner, tests);
        assertTrue(cached.cachedTests());
        assertEquals(full.classes().keySet(), cached.classes().keySet());
        full.classes().forEach((name, bytes) -> assertArrayEquals(bytes, cached.classes().get(name), name));
        assertEquals(full.origin(), cached.origin());
    }

    @Test
    void a_learner_class_with_another_interface_compiles_the_tests_again() throws IOException {
        run(COUNTER);
        List<JsonNode> changed = run(COUNTER.replace("public int next()", "public int peek() {\n return next;\n }\n public int next()"));
        assertFalse(done(changed).path("cached_tests").asBoolean(), changed::toString);
        assertEquals(List.of("passed", "passed"), statuses(changed), changed::toString);
    }

    @Test
    void a_private_field_that_hides_one_the_tests_use_is_a_compile_error_as_without_the_cache() throws IOException {
        run(COUNTER);
        // Same interface as far as the key goes (private members are left out), but javac would
        // now find Counter's private field where the tests use the inherited one.
        List<JsonNode> hiding = run(COUNTER.replace("private int next;", "private int next;\n    private int size;"));
        assertEquals("compile_error", done(hiding).path("status").asText(), hiding::toString);
        assertTrue(done(hiding).path("errors").get(0).path("message").asText().contains("private access"), hiding::toString);
        assertEquals(0, compiler.testCache().hits());
    }

    @Test
    void a_learner_file_that_only_compiles_with_the_tests_reads_as_before() throws IOException {
        run(COUNTER);
        List<JsonNode> broken = run(COUNTER.replace("return ++next;", "return ++next"));
        assertEquals("compile_error", done(broken).path("status").asText(), broken::toString);
        assertEquals("Counter.java", done(broken).path("errors").get(0).path("file").asText());
    }

    private List<JsonNode> run(String counter) throws IOException {
        var out = new ByteArrayOutputStream();
        Frames frames = new Frames(out);
        Job job = new Job(UUID.randomUUID().toString(), Map.of("Base.java", BASE, "Counter.java", counter),
                Map.of("CounterTest.java", TEST), new Job.Limits(5_000, 20_000, 8192, 65536));
        frames.nonce(job.nonce());
        new JobRunner(job, frames, new OutputRouter(), launcher, compiler).run();
        var in = new DataInputStream(new ByteArrayInputStream(out.toByteArray()));
        var list = new ArrayList<JsonNode>();
        ObjectMapper json = new ObjectMapper();
        while (in.available() > 0) {
            list.add(json.readTree(in.readNBytes(in.readInt())));
        }
        return list;
    }

    private static JsonNode done(List<JsonNode> frames) {
        return frames.stream().filter(f -> f.path("type").asText().equals("done")).findFirst().orElseThrow();
    }

    private static List<String> statuses(List<JsonNode> frames) {
        return frames.stream().filter(f -> f.path("type").asText().equals("test")).map(f -> f.path("status").asText()).sorted().toList();
    }
}
