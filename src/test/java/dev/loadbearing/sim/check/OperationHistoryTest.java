package dev.loadbearing.sim.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Recording histories and reading Jepsen's formats. */
class OperationHistoryTest {

    @Test
    void operations_pair_each_invocation_with_its_own_process_completion() {
        OperationHistory h = OperationHistory.builder()
                .invoke("a", "write", 1)
                .invoke("b", "read", null)
                .ok("b", 0)
                .info("a")
                .invoke("c", "read", null)
                .build();

        List<Operation> ops = h.operations();

        assertEquals(List.of("a write 1 → ? (outcome unknown)", "b read → 0", "c read → ? (outcome unknown)"),
                ops.stream().map(Operation::toString).toList());
        assertEquals(3, ops.get(0).completedAt());
        assertEquals(-1, ops.get(2).completedAt());
    }

    @Test
    void a_process_cannot_start_a_second_operation_while_one_is_in_flight() {
        OperationHistory.Builder b = OperationHistory.builder().invoke("a", "read", null);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.invoke("a", "write", 1));
        assertEquals("process a invoked write while its read is still in flight", e.getMessage());
        assertThrows(IllegalStateException.class, () -> b.ok("z"));
    }

    @Test
    void events_carry_the_time_of_the_clock_they_were_recorded_with() {
        long[] now = {100};
        OperationHistory.Builder b = OperationHistory.builder(() -> now[0]).invoke("a", "read", null);
        now[0] = 250;
        OperationHistory h = b.ok("a", null).build();

        assertEquals(List.of(100L, 250L), h.events().stream().map(OperationHistory.Event::time).toList());
    }

    @Test
    void an_etcd_log_becomes_register_operations_with_fail_and_info_outcomes() {
        OperationHistory h = JepsenFormats.etcdLog(String.join("\n",
                "INFO  jepsen.util - 0\t:invoke\t:cas\t[3 0]",
                "INFO  jepsen.util - 1\t:invoke\t:write\t4",
                "some other log output",
                "INFO  jepsen.util - 0\t:fail\t:cas\t[3 0]",
                "INFO  jepsen.util - 1\t:info\t:write\t:timed-out",
                "INFO  jepsen.util - 2\t:invoke\t:read\tnil",
                "INFO  jepsen.util - 2\t:ok\t:read\tnil"));

        assertEquals(List.of("0 cas [3 0] → fail", "1 write 4 → ? (outcome unknown)", "2 read → nil"),
                h.operations().stream().map(Operation::toString).toList());
        assertEquals(List.of(3L, 0L), h.operations().get(0).input());
    }

    @Test
    void key_value_map_lines_become_keyed_operations() {
        OperationHistory h = JepsenFormats.keyValueMaps(String.join("\n",
                "{:process 0, :type :invoke, :f :get, :key \"5\", :value nil}",
                "{:process 0, :type :ok, :f :get, :key \"5\", :value \"x 0 1 y\"}"));

        Operation get = h.operations().get(0);
        assertEquals(Keyed.of("5", null), get.input());
        assertEquals(Keyed.of("5", "x 0 1 y"), get.output());
    }

    @Test
    void an_inconsistent_log_line_is_reported_with_its_line_number() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JepsenFormats.etcdLog("INFO  jepsen.util - 0\t:ok\t:read\t3"));

        assertEquals("line 1: process 0 completed an operation it never invoked", e.getMessage());
    }
}
