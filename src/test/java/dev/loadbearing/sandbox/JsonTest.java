package dev.loadbearing.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loadbearing.sim.figure.BarChart;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The worker's JSON writer: what the server's parser must read back exactly. */
@Tag("fast")
class JsonTest {
    private enum Kind { BAR }

    private record Point(int x, String label) {}

    @Test
    void writes_values_the_server_reads_back() throws Exception {
        var map = new LinkedHashMap<String, Object>();
        map.put("s", "quote \" backslash \\ newline \n tab \t cr \r bell \u0007 ls \u2028");
        map.put("i", 42);
        map.put("l", 1L << 40);
        map.put("d", 2.5);
        map.put("whole", 3.0);
        map.put("nan", Double.NaN);
        map.put("inf", Float.POSITIVE_INFINITY);
        map.put("b", true);
        map.put("n", null);
        map.put("list", Arrays.asList(1, null, "x"));
        map.put("e", Kind.BAR);
        map.put("r", new Point(1, "a"));
        String json = Json.write(map);
        assertEquals("{\"s\":\"quote \\\" backslash \\\\ newline \\n tab \\t cr \\r bell \\u0007 ls \\u2028\",\"i\":42,\"l\":1099511627776,"
                + "\"d\":2.5,\"whole\":3,\"nan\":null,\"inf\":null,\"b\":true,\"n\":null,\"list\":[1,null,\"x\"],\"e\":\"BAR\","
                + "\"r\":{\"x\":1,\"label\":\"a\"}}", json);
        var parsed = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        assertEquals(map.get("s"), parsed.path("s").asText());
        assertEquals(1L << 40, parsed.path("l").asLong());
    }

    @Test
    void counts_a_figures_points_as_its_longest_list() {
        var chart = new BarChart("t", "x", "y", List.of("a", "b", "c"), List.of(1.0, 2.0, 3.0));
        assertEquals(3, Json.longestList(chart));
        assertEquals(4, Json.longestList(List.of(List.of(1, 2, 3, 4), List.of(1))));
        assertEquals(0, Json.longestList("text"));
    }
}
