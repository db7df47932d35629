package dev.loadbearing.sim;

import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.server.Server;
import dev.loadbearing.sim.workload.Workload;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Known answers from queueing theory, to show the server and workload models are right. */
class QueueingTheoryTest {

    @Test
    void mm1_queue_at_80_percent_load_waits_as_theory_predicts() {
        double lambda = 800;          // arrivals per second
        double mu = 1_000;            // services per second (mean service 1 ms)
        double rho = lambda / mu;
        double expectedWait = rho / (mu - lambda);        // Wq = 4 ms
        double expectedResponse = 1 / (mu - lambda);      // W = 5 ms

        Sim sim = new Sim(2024);
        Server server = new Server(sim, "mm1")
                .serviceTime(Distribution.exponential(Time.SECOND / mu));
        double[] sums = new double[2];
        long[] count = {0};
        Workload.openLoop(lambda).limit(1_000_000).start(sim, server::submit, request -> {
            sums[0] += Time.toSeconds(request.waited());
            sums[1] += Time.toSeconds(request.latency());
            count[0]++;
        });
        sim.run();

        assertEquals(1_000_000, count[0]);
        double meanWait = sums[0] / count[0];
        double meanResponse = sums[1] / count[0];
        assertEquals(expectedWait, meanWait, 0.05 * expectedWait,
                "mean wait " + meanWait * 1000 + " ms");
        assertEquals(expectedResponse, meanResponse, 0.05 * expectedResponse);
        assertEquals(rho, server.utilization(), 0.01);
    }
}
