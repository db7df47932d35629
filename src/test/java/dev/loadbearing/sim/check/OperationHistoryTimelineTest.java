package dev.loadbearing.sim.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loadbearing.sim.figure.Band;
import dev.loadbearing.sim.figure.Timeline;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperationHistoryTimelineTest {

    @Test
    void each_operation_is_a_bar_on_its_process_lane_coloured_by_outcome() {
        long[] clock = {0};
        OperationHistory.Builder h = OperationHistory.builder(() -> clock[0]);
        h.invoke("a", "write", 1);
        clock[0] = 1_000_000_000L;
        h.invoke("b", "write", 2);
        clock[0] = 2_000_000_000L;
        h.ok("a");
        h.fail("b");
        clock[0] = 3_000_000_000L;
        h.invoke("b", "read", null);
        clock[0] = 5_000_000_000L;
        h.invoke("c", "read", null).info("c");
        List<Band> bands = List.of(new Band(2.5, 4, "partition [a] | [b]"));

        Timeline timeline = h.build().timeline("register", bands);

        assertEquals(List.of("a", "b", "c"), timeline.lanes());
        assertEquals(List.of(
                new Timeline.Span("a", 0, 2, "write 1 → ok", "ok"),
                new Timeline.Span("b", 1, 2, "write 2 → fail", "fail"),
                new Timeline.Span("b", 3, 5, "read → ? (outcome unknown)", "info"),
                new Timeline.Span("c", 5, 5, "read → ? (outcome unknown)", "info")),
                timeline.spans());
        assertEquals(bands, timeline.bands());
    }
}
