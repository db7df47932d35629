package dev.loadbearing.sim.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.sim.engine.Time;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class DeliverySearchTest {
    /** A client's write. */
    record Put(String value) {
    }

    /** A replica passing a write on. */
    record Forward(long counter, String writer, String value) {
    }

    /** Applies each write locally and forwards it; a forward simply overwrites: the known bug. */
    static final class Overwrite extends Node {
        String value = "";

        @Override
        protected void onMessage(String from, Object message) {
            if (message instanceof Put put) {
                value = put.value();
                for (String peer : peers()) {
                    send(peer, new Forward(0, id(), put.value()));
                }
            } else if (message instanceof Forward forward) {
                value = forward.value();
            }
        }
    }

    /** The same, but every write carries (counter, writer) and a replica keeps the highest. */
    static final class Stamped extends Node {
        long counter;
        String writer = "";
        String value = "";

        @Override
        protected void onMessage(String from, Object message) {
            if (message instanceof Put put) {
                counter++;
                writer = id();
                value = put.value();
                for (String peer : peers()) {
                    send(peer, new Forward(counter, writer, value));
                }
            } else if (message instanceof Forward f
                    && (f.counter() > counter || f.counter() == counter && f.writer().compareTo(writer) > 0)) {
                counter = f.counter();
                writer = f.writer();
                value = f.value();
            }
        }
    }

    /** Two replicas, and two clients that each write once to a different replica. */
    record World(Cluster cluster, List<String> ids) {
        boolean quiet() {
            return cluster.network().held().isEmpty();
        }

        String value(String id) {
            Node node = cluster.node(id);
            return node instanceof Overwrite o ? o.value : ((Stamped) node).value;
        }

        boolean agree() {
            return ids.stream().map(this::value).distinct().count() == 1;
        }
    }

    private static DeliverySearch<World> twoWriters(java.util.function.Supplier<Node> replica) {
        return DeliverySearch.of(1, cluster -> {
            cluster.add("n1", replica).add("n2", replica);
            cluster.network().send("c1", "n1", new Put("1"));
            cluster.network().send("c2", "n2", new Put("2"));
            return new World(cluster, List.of("n1", "n2"));
        }).invariant(Invariant.of("replicas agree once nothing is in flight", w -> !w.quiet() || w.agree(),
                w -> "n1 holds " + w.value("n1") + ", n2 holds " + w.value("n2")));
    }

    @Test
    void a_naive_protocol_is_caught_with_the_shortest_order_that_breaks_it() {
        SearchResult<World> result = twoWriters(Overwrite::new).run();
        assertTrue(result.violated(), result::toString);
        assertEquals("replicas agree once nothing is in flight", result.invariant());
        assertEquals(4, result.trace().length(), result::toString);
        // Both writes land before either forward: each replica then takes the other's value.
        assertEquals(List.of(
                "deliver c1 -> n1: Put[value=1]",
                "deliver c2 -> n2: Put[value=2]",
                "deliver n1 -> n2: Forward[counter=0, writer=n1, value=1]",
                "deliver n2 -> n1: Forward[counter=0, writer=n2, value=2]"), sortedFirstTwo(result));
        assertEquals("n1 holds 2, n2 holds 1", result.problem());
        assertTrue(result.toString().startsWith("Invariant \"replicas agree once nothing is in flight\" broken after 4 steps"),
                result::toString);
        assertEquals(String.join("\n",
                "Invariant \"replicas agree once nothing is in flight\" broken after 4 steps (11 states explored; no shorter order breaks it):",
                "  1. deliver c1 -> n1: Put[value=1]",
                "  2. deliver c2 -> n2: Put[value=2]",
                "  3. deliver n1 -> n2: Forward[counter=0, writer=n1, value=1]",
                "  4. deliver n2 -> n1: Forward[counter=0, writer=n2, value=2]",
                "Then: n1 holds 2, n2 holds 1"), result.toString(), "the output docs/SIMULATION.md shows");
    }

    /** The first two steps are the two puts in some order, then the two forwards. */
    private static List<String> sortedFirstTwo(SearchResult<World> result) {
        List<String> steps = result.trace().choices().stream().map(Choice::toString).toList();
        List<String> firstTwo = steps.subList(0, 2).stream().sorted().toList();
        List<String> lastTwo = steps.subList(2, 4).stream().sorted().toList();
        return java.util.stream.Stream.concat(firstTwo.stream(), lastTwo.stream()).toList();
    }

    @Test
    void replaying_the_trace_reproduces_the_same_violation() {
        DeliverySearch<World> search = twoWriters(Overwrite::new);
        SearchResult<World> found = search.run();
        SearchResult<World> again = search.replay(found.trace());
        assertTrue(again.violated());
        assertEquals(found.invariant(), again.invariant());
        assertEquals(found.trace(), again.trace());
        assertEquals(found.problem(), again.problem());
        assertEquals("2", again.world().value("n1"));
        // A prefix breaks nothing yet.
        SearchResult<World> prefix = search.replay(new Trace(found.trace().choices().subList(0, 3)));
        assertEquals(SearchResult.Verdict.REPLAYED, prefix.verdict());
    }

    @Test
    void a_correct_protocol_exhausts_every_order_without_a_violation() {
        SearchResult<World> result = twoWriters(Stamped::new).run();
        assertEquals(SearchResult.Verdict.EXHAUSTED, result.verdict(), result::toString);
        assertTrue(result.passed());
        assertTrue(result.states() > 4, result::toString);
        assertEquals(4, result.depth(), "two puts and two forwards, however ordered");
    }

    @Test
    void losses_and_duplicates_are_choices_too() {
        // The stamped protocol converges under reordering, but not if a forward is lost.
        SearchResult<World> lossy = twoWriters(Stamped::new).drops(1).run();
        assertTrue(lossy.violated(), lossy::toString);
        assertTrue(lossy.trace().choices().stream().anyMatch(c -> c.kind() == Choice.Kind.DROP), lossy::toString);
        assertTrue(lossy.toString().contains("lose n"), lossy::toString);
        // Duplicates change nothing for it: keeping the highest stamp is idempotent.
        SearchResult<World> repeated = twoWriters(Stamped::new).duplicates(2).run();
        assertEquals(SearchResult.Verdict.EXHAUSTED, repeated.verdict(), repeated::toString);
    }

    /** Sends a ping, and again every 100 ms until answered. */
    static final class Pinger extends Node {
        boolean answered;
        int pings;

        @Override
        protected void onStart() {
            if (id().equals("a")) {
                send("b", "ping");
                setTimer(Time.ms(100), "retry");
            }
        }

        @Override
        protected void onMessage(String from, Object message) {
            if (message.equals("ping")) {
                pings++;
                send(from, "pong");
            } else {
                answered = true;
            }
        }

        @Override
        protected void onTimer(Object timer) {
            if (!answered) {
                send("b", "ping");
                setTimer(Time.ms(100), "retry");
            }
        }
    }

    @Test
    void time_passes_to_the_next_timer_as_a_choice_and_a_goal_stops_the_search() {
        DeliverySearch<Cluster> search = DeliverySearch.of(1, cluster -> {
            cluster.add("a", Pinger::new).add("b", Pinger::new);
            return cluster;
        }).drops(1).maxDepth(6).goal("a is answered and one of its two pings never arrives",
                c -> ((Pinger) c.node("a")).answered && ((Pinger) c.node("b")).pings == 1
                        && c.network().held().isEmpty() && c.network().stats().sent() >= 3);
        SearchResult<Cluster> result = search.run();
        assertEquals(SearchResult.Verdict.GOAL_REACHED, result.verdict(), result::toString);
        List<String> steps = result.trace().choices().stream().map(Choice::toString).toList();
        assertEquals(4, steps.size(), result::toString);
        assertTrue(steps.contains("lose a -> b: ping"), result::toString);
        assertTrue(steps.contains("time passes to 100.000 ms: timer a: a retry"), result::toString);
        assertTrue(steps.contains("deliver b -> a: pong"), result::toString);
        assertEquals(result.trace(), search.replay(result.trace()).trace());
    }

    @Test
    void without_timers_only_messages_move_and_a_bound_is_reported_as_a_bound() {
        DeliverySearch<Cluster> search = DeliverySearch.of(1, cluster -> {
            cluster.add("a", Pinger::new).add("b", Pinger::new);
            return cluster;
        });
        assertEquals(SearchResult.Verdict.EXHAUSTED, search.timers(false).run().verdict());
        // With timers and a lost ping allowed the retries go on for ever: the depth bound cuts them.
        SearchResult<Cluster> bounded = search.timers(true).drops(1).maxDepth(5).run();
        assertEquals(SearchResult.Verdict.DEPTH_LIMITED, bounded.verdict(), bounded::toString);
        assertTrue(bounded.passed());
        assertTrue(bounded.toString().contains("within 5 steps"), bounded::toString);
        SearchResult<Cluster> outOfBudget = search.maxStates(3).run();
        assertEquals(SearchResult.Verdict.OUT_OF_BUDGET, outOfBudget.verdict());
        assertFalse(outOfBudget.passed());
        assertTrue(outOfBudget.toString().startsWith("Not finished"), outOfBudget::toString);
    }

    @Test
    void a_node_that_throws_is_a_violation_with_its_line() {
        SearchResult<Cluster> result = DeliverySearch.of(1, cluster -> {
            cluster.add("a", () -> new Node() {
                @Override
                protected void onMessage(String from, Object message) {
                    throw new IllegalStateException("cannot handle " + message);
                }
            });
            cluster.network().send("c", "a", "hello");
            return cluster;
        }).run();
        assertTrue(result.violated(), result::toString);
        assertEquals("no node throws", result.invariant());
        assertTrue(Objects.requireNonNull(result.problem()).contains("cannot handle hello"), result::toString);
        assertEquals(1, result.trace().length());
    }

    @Test
    void a_trace_that_does_not_fit_the_set_up_is_refused() {
        SearchResult<World> found = twoWriters(Overwrite::new).run();
        DeliverySearch<Cluster> other = DeliverySearch.of(1, cluster -> {
            cluster.add("a", Pinger::new).add("b", Pinger::new);
            return cluster;
        });
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> other.replay(found.trace()));
        assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
    }

    @Test
    void states_reached_by_different_orders_are_explored_once() {
        // Four independent pings: 4! orders of delivery, but only 2^4 sets of delivered ones.
        SearchResult<Cluster> result = DeliverySearch.of(1, cluster -> {
            for (String id : List.of("a", "b", "c", "d")) {
                cluster.add(id, () -> new Node() {
                    int got;

                    @Override
                    protected void onMessage(String from, Object message) {
                        got++;
                    }
                });
                cluster.network().send("x", id, "ping");
            }
            return cluster;
        }).run();
        assertEquals(SearchResult.Verdict.EXHAUSTED, result.verdict());
        assertEquals(16, result.states());
    }
}
