package dev.loadbearing.sim;

import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.scenario.LoadBalancerReport;
import dev.loadbearing.sim.scenario.LoadBalancerScenario;
import dev.loadbearing.sim.server.LoadBalancer;
import dev.loadbearing.sim.workload.Workload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadbearing.sim.figure.Band;
import dev.loadbearing.sim.figure.BarChart;
import dev.loadbearing.sim.figure.Figure;
import dev.loadbearing.sim.figure.Figures;
import dev.loadbearing.sim.figure.TimeSeriesChart;
import dev.loadbearing.sim.figure.Timeline;
import java.util.List;
import org.junit.jupiter.api.Test;

class FiguresTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void a_bar_chart_serialises_to_plain_json() throws Exception {
        BarChart chart = new BarChart("Requests per server", "server", "requests",
                List.of("server-0", "server-1"), List.of(10.0, 12.0));
        assertEquals("{\"type\":\"bar\",\"title\":\"Requests per server\",\"xLabel\":\"server\","
                + "\"yLabel\":\"requests\",\"labels\":[\"server-0\",\"server-1\"],"
                + "\"values\":[10.0,12.0]}", json.writeValueAsString(chart));
    }

    @Test
    void a_scenario_report_and_its_figures_serialise_with_every_kind_of_chart() throws Exception {
        LoadBalancerScenario scenario = new LoadBalancerScenario(3);
        scenario.addServers(3, s -> s.workers(2).serviceTime(Distribution.exponential(Time.ms(5))));
        scenario.server(2).crashAt(Time.seconds(2));
        scenario.server(2).restartAt(Time.seconds(3));
        scenario.server(0).slowDownAt(Time.seconds(1), 4);
        LoadBalancerReport report = scenario.run(LoadBalancer.random(scenario.sim().random("lb")),
                Workload.openLoop(500), Time.seconds(5));

        JsonNode tree = json.readTree(json.writeValueAsString(report));
        assertEquals(3, tree.get("seed").asLong());
        assertEquals(List.of("bar", "histogram", "timeseries", "timeseries", "timeline"),
                tree.get("figures").findValuesAsText("type"));
        JsonNode timeline = tree.get("figures").get(4);
        assertEquals("server-0", timeline.get("lanes").get(0).asText());
        JsonNode bands = timeline.get("bands");
        assertEquals(2, bands.size());
        assertEquals("server-0 slow down 4.0x", bands.get(0).get("label").asText());
        assertEquals(2.0, bands.get(1).get("start").asDouble());
        assertEquals(3.0, bands.get(1).get("end").asDouble());
        JsonNode load = tree.get("figures").get(2).get("series").get(0);
        assertEquals(load.get("seconds").size(), load.get("values").size());
        assertTrue(tree.get("latency").get("p99Ms").asDouble() > 0);
    }

    @Test
    void figures_attached_by_a_test_are_drained_once() {
        Figure band = new TimeSeriesChart("t", "y", List.of(), List.of(new Band(0, 1, "cut")));
        Figures.attach(band);
        Figures.attach(List.of(new Timeline("t", List.of("a"), List.of(), List.of())));
        assertEquals(2, Figures.drain().size());
        assertEquals(List.of(), Figures.drain());
    }

    @Test
    void a_chart_with_mismatched_data_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> new BarChart("t", "x", "y",
                List.of("a"), List.of(1.0, 2.0)));
        assertThrows(IllegalArgumentException.class, () -> new TimeSeriesChart.Series("s",
                List.of(1.0), List.of()));
    }
}
