package dev.loadbearing.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.SimulationException;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.scenario.LoadBalancerScenario;
import dev.loadbearing.sim.server.Backend;
import dev.loadbearing.sim.server.LoadBalancer;
import dev.loadbearing.sim.server.Request;
import dev.loadbearing.sim.workload.Workload;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An exception from code under test inside an event names that code's file and line and what was happening. */
class LearnerErrorsTest {

    /** Indexes one past the end on the 500th request. */
    static final class OffByOne implements LoadBalancer {
        private int next;

        @Override
        public Backend pick(Request request, List<Backend> backends) {
            next++;
            return backends.get(next == 500 ? backends.size() : next % backends.size()); // line 28
        }
    }

    @Test
    void a_policy_that_throws_is_reported_at_its_own_line_with_the_request_time_and_seed() {
        LoadBalancerScenario scenario = new LoadBalancerScenario(7);
        scenario.addServers(3, server -> server.workers(2).serviceTime(Distribution.exponential(Time.ms(5))));
        SimulationException e = assertThrows(SimulationException.class,
                () -> scenario.run(new OffByOne(), Workload.openLoop(400).limit(1_000)));
        String first = e.getMessage().lines().findFirst().orElseThrow();
        assertEquals("your pick() threw ArrayIndexOutOfBoundsException (Index 3 out of bounds for length 3) "
                + "at LearnerErrorsTest.java:28 while request #500 from client-941 arrived at t=1.207 s (seed 7)", first);
        assertEquals(ArrayIndexOutOfBoundsException.class, e.getCause().getClass());
    }

    @Test
    void a_lambda_policy_is_named_by_its_file_and_line() {
        LoadBalancerScenario scenario = new LoadBalancerScenario(8);
        scenario.addServers(2, server -> { });
        LoadBalancer broken = (request, backends) -> {
            throw new IllegalStateException("no idea"); // line 49
        };
        SimulationException e = assertThrows(SimulationException.class,
                () -> scenario.run(broken, Workload.openLoop(10).limit(5)));
        assertTrue(e.getMessage().startsWith("your code threw IllegalStateException (no idea) at LearnerErrorsTest.java:49 "
                + "while request #1 from client-259 arrived at t=179.871 ms (seed 8)"), e.getMessage());
    }
}
