package dev.loadbearing.sim.bench;

import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.scenario.LoadBalancerReport;
import dev.loadbearing.sim.scenario.LoadBalancerScenario;
import dev.loadbearing.sim.workload.Workload;
import dev.loadbearing.sim.reference.LeastConnections;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One million requests through a least-connections policy into 10 servers of 4 workers at 80%
 * load, measured end to end: workload, policy, servers, metrics and the report with its figures.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(1)
public class LoadBalancerScenarioBenchmark {

    @Benchmark
    public LoadBalancerReport millionRequestsTenServers() {
        LoadBalancerScenario scenario = new LoadBalancerScenario(1);
        scenario.addServers(10, s -> s.workers(4).queueCapacity(1_000)
                .serviceTime(Distribution.exponential(Time.ms(10))));
        return scenario.run(new LeastConnections(scenario.sim().random("lb")),
                Workload.openLoop(3_200).limit(1_000_000));
    }
}
