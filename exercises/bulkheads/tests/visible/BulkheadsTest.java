import dev.loadbearing.sim.engine.Time;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BulkheadsTest {

    private static Map<String, Double> rates(Object... pairs) {
        Map<String, Double> rates = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            rates.put((String) pairs[i], ((Number) pairs[i + 1]).doubleValue());
        }
        return rates;
    }

    @Test
    @DisplayName("Every dependency healthy (24 workers, 3 endpoints, 300 requests/s): each endpoint ≥ 99% success, p99 ≤ 450 ms")
    void every_endpoint_works_when_all_is_well() {
        BulkheadRun run = new BulkheadRun(1, 24, rates("inventory", 110, "pricing", 90, "reviews", 100), null, 0, 0, 0,
                Time.seconds(8)).run();
        run.attachFigures();
        run.assertAnswersAreReal();
        run.assertAllServed(0.99, Time.ms(450));
    }

    @Test
    @DisplayName("pricing hangs (90% of calls, 2-5 s) for 4 s: GetInventory and GetReviews do not notice (≥ 99% success, p99 ≤ 450 ms)")
    void one_slow_dependency_does_not_take_every_worker() {
        BulkheadRun run = new BulkheadRun(2, 24, rates("inventory", 100, "pricing", 110, "reviews", 90), "pricing",
                Time.seconds(3), Time.seconds(4), 0.9, Time.seconds(10)).run();
        run.attachFigures();
        run.assertAnswersAreReal();
        run.assertHealthyUnaffected(0.99, Time.ms(450));
    }

    @Test
    @DisplayName("shipping hangs for 4 s and recovers: A hears from GetShipping within 450 ms (p99), and from 1.5 s after it recovers ≥ 97% succeed")
    void the_slow_endpoint_degrades_alone_and_comes_back() {
        BulkheadRun run = new BulkheadRun(3, 28, rates("shipping", 100, "reviews", 100), "shipping",
                Time.seconds(3), Time.seconds(4), 0.95, Time.seconds(10)).run();
        run.attachFigures();
        run.assertAnswersAreReal();
        run.assertSlowBounded(Time.ms(450));
        run.assertSlowRecovers(Time.ms(1500), 0.97);
    }

    @Test
    @DisplayName("inventory crawls (every call 200-340 ms, no errors) for 5 s: GetPricing does not notice (≥ 99% success, p99 ≤ 450 ms)")
    void a_slow_but_working_dependency_keeps_to_its_compartment() {
        BulkheadRun run = new BulkheadRun(4, 24, rates("inventory", 115, "pricing", 100), "inventory",
                Time.seconds(2), Time.seconds(5), 1, Time.seconds(9)).crawling().run();
        run.attachFigures();
        run.assertAnswersAreReal();
        run.assertHealthyUnaffected(0.99, Time.ms(450));
    }
}
