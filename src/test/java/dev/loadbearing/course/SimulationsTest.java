package dev.loadbearing.course;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading, checking and running live simulations. */
class SimulationsTest {
    private static final String YAML = """
            title: Demo
            question: Does it work?
            parameters:
              - name: count
                label: Count
                type: int
                min: 1
                max: 10
                default: 3
              - name: mode
                label: Mode
                type: choice
                default: a
                options: [a, b]
            """;

    private static final String GOOD = """
            import dev.loadbearing.sim.figure.BarChart;
            import dev.loadbearing.sim.live.*;
            import java.util.List;
            public final class Scenario implements LiveScenario {
                public LiveRun run(LiveParameters p) {
                    double value = p.integer("count") * (p.choice("mode").equals("a") ? 1 : 2) + p.seed();
                    return new LiveRun("value " + value, List.of(new BarChart("v", "x", "y", List.of("v"), List.of(value))));
                }
            }
            """;

    private static CourseFiles course(Path dir, String yaml, String java) throws Exception {
        Files.createDirectories(dir.resolve("lessons"));
        Path sim = Files.createDirectories(dir.resolve("simulations/demo"));
        Files.writeString(sim.resolve("simulation.yaml"), yaml);
        Files.writeString(sim.resolve("Scenario.java"), java);
        return CourseFiles.directory(dir);
    }

    @Test
    void a_scenario_runs_with_checked_parameters_and_repeats_come_from_the_cache(@TempDir Path dir) throws Exception {
        try (Simulations simulations = Simulations.load(course(dir, YAML, GOOD))) {
            assertEquals(java.util.List.of(), simulations.problems());
            Simulations.Result run = simulations.run("demo", Map.of("count", "4", "mode", "b", "seed", "1"));
            assertEquals("value 9.0", run.summary());
            assertEquals(1, run.seed());
            assertSame(run, simulations.run("demo", Map.of("count", "4", "mode", "b", "seed", "1")), "answered from the cache");
            assertEquals("value 4.0", simulations.run("demo", Map.of("seed", "1")).summary(), "defaults fill what is not sent");

            var tooMany = assertThrows(Simulations.BadParameter.class, () -> simulations.run("demo", Map.of("count", "11")));
            assertEquals("count", tooMany.parameter());
            assertTrue(tooMany.getMessage().contains("between 1 and 10"), tooMany.getMessage());
            assertEquals("mode", assertThrows(Simulations.BadParameter.class, () -> simulations.run("demo", Map.of("mode", "c"))).parameter());
            assertEquals("speed", assertThrows(Simulations.BadParameter.class, () -> simulations.run("demo", Map.of("speed", "1"))).parameter());
            assertEquals("count", assertThrows(Simulations.BadParameter.class, () -> simulations.run("demo", Map.of("count", "2.5"))).parameter());
        }
    }

    @Test
    void a_compile_error_is_reported_with_file_and_line(@TempDir Path dir) throws Exception {
        String broken = GOOD.replace("double value =", "doubel value =");
        try (Simulations simulations = Simulations.load(course(dir, YAML, broken))) {
            var problem = simulations.problems().get(0);
            assertEquals("simulations/demo/Scenario.java", problem.file());
            assertEquals(6, problem.line());
            assertTrue(simulations.simulation("demo").isEmpty());
        }
    }

    @Test
    void a_scenario_that_throws_at_a_corner_of_its_ranges_is_reported_with_the_corner(@TempDir Path dir) throws Exception {
        String corner = GOOD.replace("    double value =", "    if (p.integer(\"count\") == 10) throw new IllegalStateException(\"too many\");\n        double value =");
        try (Simulations simulations = Simulations.load(course(dir, YAML, corner))) {
            var problem = simulations.problems().get(0);
            assertEquals("simulations/demo/Scenario.java", problem.file());
            assertEquals(6, problem.line());
            assertTrue(problem.message().contains("count=10") && problem.message().contains("too many"), problem.message());
        }
    }

    @Test
    void a_bad_declaration_names_the_parameter(@TempDir Path dir) throws Exception {
        try (Simulations simulations = Simulations.load(course(dir, YAML.replace("default: 3", "default: 30"), GOOD))) {
            var problem = simulations.problems().get(0);
            assertEquals("simulations/demo/simulation.yaml", problem.file());
            assertTrue(problem.message().contains("'count'"), problem.message());
        }
    }
}
