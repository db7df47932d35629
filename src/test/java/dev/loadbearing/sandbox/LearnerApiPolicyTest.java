package dev.loadbearing.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Learner classes may use exactly the simulation's learner API: each model internal that exists
 * is refused with its line and what to use instead, and the learner API itself passes. The
 * classes are compiled and checked as the worker does (one real grading of these lives in
 * {@code grading.LearnerApiGradingTest}).
 */
class LearnerApiPolicyTest {

    /** A learner class {@code Learner} whose one method, starting on line 12, is {@code body}. */
    private static String learner(String body) {
        return """
                import dev.loadbearing.sim.engine.*;
                import dev.loadbearing.sim.server.*;
                import dev.loadbearing.sim.store.*;
                import dev.loadbearing.sim.node.*;
                import dev.loadbearing.sim.race.*;
                import dev.loadbearing.sim.metrics.*;
                import java.util.List;

                public final class Learner {
                    @SuppressWarnings("unchecked")
                    void run(Request request, List<Backend> backends, Sim sim, Cache<String, String> cache, Datastore<Integer> db) {
                        %s
                    }
                }
                """.formatted(body);
    }

    private static List<BytecodePolicy.Violation> check(String source) {
        InMemoryCompiler.Output out = new InMemoryCompiler().compile(Map.of("Learner.java", source), Map.of());
        assertEquals(List.of(), out.errors(), "the learner source must compile");
        var own = new java.util.HashMap<String, byte[]>();
        out.classes().forEach((name, bytes) -> own.put(name.replace('.', '/'), bytes));
        BytecodePolicy policy = new BytecodePolicy(own, Map.of("Learner.java", source));
        out.classes().values().forEach(policy::check);
        return policy.violations();
    }

    private static void assertRefused(String body, String... phrases) {
        List<BytecodePolicy.Violation> found = check(learner(body));
        BytecodePolicy.Violation v = found.stream().filter(f -> f.message().contains(phrases[0])).findFirst()
                .orElseThrow(() -> new AssertionError("no refusal says '" + phrases[0] + "': " + found));
        assertEquals("Learner.java", v.file());
        assertEquals(12, v.line(), v::toString);
        for (String phrase : phrases) {
            assertTrue(v.message().contains(phrase), () -> "'" + phrase + "' missing from: " + v);
        }
    }

    @Test
    void the_learner_api_passes() {
        assertEquals(List.of(), check(learner("""
                Backend b = backends.get(Math.floorMod((int) request.id(), backends.size())); if (b.healthy() && b.active() < b.weight() * 10 && b.recentLatencyMs() >= 0) { System.out.println(b.name() + b.index() + request.clientIp() + request.path() + request.key() + Time.format(sim.now())); } RandomStream r = sim.random("lb"); r.nextInt(3); r.nextInt(1, 5); Distribution.exponential(Time.ms(1)).sampleNanos(r); cache.get("k", reply -> { if (reply.isOk() && reply.value() != null && reply.status() == Reply.Status.OK) { } }); db.read("k", reply -> reply.value().version()); Outcome o = Outcome.OK; o.description(); b.toString(); request.client().ip();
                """)));
    }

    @Test
    void completing_a_request_does_not_compile() {
        InMemoryCompiler.Output out = new InMemoryCompiler().compile(Map.of("Learner.java",
                learner("request.complete(request.createdAt(), Outcome.OK);")), Map.of());
        assertEquals(1, out.errors().size(), out.errors()::toString);
        assertEquals(12, out.errors().get(0).line());
        assertTrue(out.errors().get(0).message().contains("complete"), out.errors()::toString);
    }

    @Test
    void replacing_a_requests_completion_listener_is_refused() {
        assertRefused("request.onComplete(r -> { });", "Request.onComplete is not available", "Backend.recentLatencyMs()");
    }

    @Test
    void peeking_the_database_is_refused() {
        assertRefused("db.peek(\"k\");", "Datastore.peek is not available", "read(key, reply)");
    }

    @Test
    void subscribing_to_the_change_stream_is_refused() {
        assertRefused("db.changeStream();", "Datastore.changeStream is not available", "your code is handed its events");
    }

    @Test
    void loading_the_database_is_refused() {
        assertRefused("db.load(\"k\", 1);", "Datastore.load is not available", "write(key, value, reply)");
    }

    @Test
    void peeking_the_cache_is_refused() {
        assertRefused("cache.peek(\"k\");", "Cache.peek is not available", "get(key, reply)");
    }

    @Test
    void crashing_a_cache_is_refused() {
        assertRefused("cache.crash();", "Cache.crash is not available", "DOWN or CRASHED reply");
    }

    @Test
    void scheduling_a_raw_event_is_refused() {
        assertRefused("sim.schedule(0L, \"x\", (Action<Object>) s -> { }, null);", "Sim.schedule is not available", "setTimer(delay, timer)");
    }

    @Test
    void scheduling_at_a_time_is_refused() {
        assertRefused("sim.at(0L, \"x\", () -> { });", "Sim.at is not available", "setTimer(delay, timer)");
    }

    @Test
    void scheduling_after_a_delay_is_refused() {
        assertRefused("sim.after(5L, \"x\", () -> { });", "Sim.after is not available", "setTimer(delay, timer)");
    }

    @Test
    void running_the_simulation_is_refused() {
        assertRefused("sim.runFor(5L);", "Sim.runFor is not available", "the test runs the simulation");
    }

    @Test
    void making_a_backend_is_refused() {
        assertRefused("new Backend(null, 0);", "new dev.loadbearing.sim.server.Backend(...) is not available", "return one of them");
    }

    @Test
    void starting_race_threads_is_refused() {
        assertRefused("Race.of(shared -> shared).process(\"a\", w -> { }).exploreAll();",
                "dev.loadbearing.sim.race.Race is not available", "author API");
    }

    @Test
    void recording_a_measurement_is_refused() {
        assertRefused("new Metrics(sim).record(request);", "dev.loadbearing.sim.metrics.Metrics is not available", "author API");
    }
}
