package dev.loadbearing.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What the learner sees of a stack trace: their own frames only. */
@Tag("fast")
class FailuresTest {
    @Test
    void a_printed_stack_trace_keeps_only_the_learners_frames() {
        String printed = """
                java.lang.RuntimeException: look
                \tat learner//RoundRobin.pick(RoundRobin.java:10)
                \tat tests//Rotation.lambda$new$1(Rotation.java:36)
                \tat app//dev.loadbearing.sim.LoadBalancerScenario.dispatch(LoadBalancerScenario.java:120)
                \tat java.base/java.util.ArrayList.forEach(ArrayList.java:1511)
                \tat tests//RoundRobinHiddenTest.random_pool_sizes_get_equal_shares_in_turns(RoundRobinHiddenTest.java:19)
                Caused by: java.lang.IllegalStateException: inner
                \tat learner//RoundRobin$Helper.help(RoundRobin.java:30)
                \t... 42 more
                after""";
        assertEquals("""
                java.lang.RuntimeException: look
                \tat RoundRobin.pick(RoundRobin.java:10)
                \t... (frames of the tests and the grader are not shown)
                Caused by: java.lang.IllegalStateException: inner
                \tat RoundRobin$Helper.help(RoundRobin.java:30)
                \t... (frames of the tests and the grader are not shown)
                after""", Failures.hideFrames(printed, Set.of("RoundRobin", "RoundRobin$Helper")));
        assertEquals("no frames at all", Failures.hideFrames("no frames at all", Set.of()));
    }
}
