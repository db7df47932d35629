package dev.loadbearing.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadbearing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live simulation API a script sweeps parameters with. */
class SimulationApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN = "/api/simulations/lb-algorithms/run";
    @TempDir
    static Path data;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(data);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode json(String path, int status) throws Exception {
        var response = server.get(path, "application/json");
        assertEquals(status, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    @Test
    void the_declaration_lists_the_parameters() throws Exception {
        JsonNode declaration = json("/api/simulations/lb-algorithms", 200);
        assertEquals("slowSpeed", declaration.at("/parameters/3/name").asText());
        assertEquals(0.2, declaration.at("/parameters/3/min").asDouble());
        assertEquals(404, server.get("/api/simulations/nope", "application/json").statusCode());
    }

    @Test
    void bad_parameters_get_a_400_naming_the_parameter() throws Exception {
        assertEquals("slowSpeed", json(RUN + "?slowSpeed=3", 400).path("parameter").asText());
        assertEquals("servers", json(RUN + "?servers=many", 400).path("parameter").asText());
        assertEquals("algorithm", json(RUN + "?algorithm=random", 400).path("parameter").asText());
        JsonNode unknown = json(RUN + "?speed=1", 400);
        assertEquals("speed", unknown.path("parameter").asText());
        assertTrue(unknown.path("error").asText().contains("slowSpeed"), "the error lists what is allowed");
        assertEquals("seed", json(RUN + "?seed=x", 400).path("parameter").asText());
    }

    @Test
    void the_same_parameters_give_the_same_figures_from_the_cache_and_the_seed_is_in_the_answer() throws Exception {
        JsonNode first = json(RUN + "?slowSpeed=0.5&seed=11", 200);
        JsonNode again = json(RUN + "?seed=11&slowSpeed=0.5", 200);
        assertEquals(first.path("figures"), again.path("figures"));
        assertEquals(first.path("runMillis"), again.path("runMillis"), "the second answer is the cached run");
        assertEquals(11, first.path("seed").asLong());
        assertTrue(first.at("/figures/0/title").asText().contains("seed 11"), "the figure names its seed");
        JsonNode faster = json(RUN + "?slowSpeed=0.9&seed=11", 200);
        assertNotEquals(first.at("/figures/0/values/0"), faster.at("/figures/0/values/0"), "a faster slow server has a different p99");
    }
}
