package dev.loadbearing.sim.net;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Counts the hops of routed operations: every message sent that belongs to an operation (a
 * lookup forwarded from node to node, a request relayed through a gateway) is one hop, and the
 * nodes it passed through are its path. Which operation a message belongs to is the test's
 * function of the message; messages it maps to {@code null} are not counted.
 *
 * <pre>{@code
 * HopCounter hops = net.observe(new HopCounter(
 *         message -> message.body() instanceof Lookup lookup ? lookup.id() : null));
 * sim.run();
 * hops.hops(7L);          // messages sent for lookup 7
 * hops.path(7L);          // [client, n12, n40, n3]: the first sender, then each receiver
 * hops.mean();            // over every operation seen
 * }</pre>
 *
 * <p>It counts what was sent, so a hop the network lost still counts: the sender paid for it.
 * It is an author API (tests count; nodes cannot see it), so nodes cannot report fewer hops
 * than they took, as long as the operation's messages are recognisable to the function.
 */
public final class HopCounter implements Network.Observer {
    private final Function<Message, Object> operationOf;
    private final Map<Object, List<String>> paths = new LinkedHashMap<>();

    /**
     * Creates a counter; add it with {@link Network#observe(Network.Observer)}.
     *
     * @param operationOf the operation a message belongs to, or {@code null} for none
     */
    public HopCounter(Function<Message, Object> operationOf) {
        this.operationOf = Objects.requireNonNull(operationOf, "operationOf");
    }

    @Override
    public void sent(Message message) {
        Object operation = operationOf.apply(message);
        if (operation == null) {
            return;
        }
        List<String> path = paths.computeIfAbsent(operation, k -> new ArrayList<>());
        if (path.isEmpty()) {
            path.add(message.from());
        }
        path.add(message.to());
    }

    /**
     * Returns the hops an operation has taken so far.
     *
     * @param operation the operation, as the function names it
     * @return messages sent for it; zero for one never seen
     */
    public int hops(Object operation) {
        List<String> path = paths.get(operation);
        return path == null ? 0 : path.size() - 1;
    }

    /**
     * Returns where an operation's messages went: the first sender, then the receiver of each
     * message in the order sent.
     *
     * @param operation the operation
     * @return the path; empty for one never seen
     */
    public List<String> path(Object operation) {
        List<String> path = paths.get(operation);
        return path == null ? List.of() : List.copyOf(path);
    }

    /**
     * Returns every operation seen and its hops.
     *
     * @return operation to hops, in the order first seen
     */
    public Map<Object, Integer> counts() {
        Map<Object, Integer> counts = new LinkedHashMap<>();
        paths.forEach((operation, path) -> counts.put(operation, path.size() - 1));
        return counts;
    }

    /**
     * Returns how many operations took each number of hops, for a histogram.
     *
     * @return hops to operations, by hops ascending
     */
    public Map<Integer, Integer> distribution() {
        Map<Integer, Integer> distribution = new TreeMap<>();
        paths.values().forEach(path -> distribution.merge(path.size() - 1, 1, Integer::sum));
        return distribution;
    }

    /**
     * Returns how many operations have been seen.
     *
     * @return the count
     */
    public int operations() {
        return paths.size();
    }

    /**
     * Returns the mean hops over every operation seen.
     *
     * @return the mean, 0 if none
     */
    public double mean() {
        if (paths.isEmpty()) {
            return 0;
        }
        long total = 0;
        for (List<String> path : paths.values()) {
            total += path.size() - 1;
        }
        return total / (double) paths.size();
    }

    /**
     * Returns the most hops any operation took.
     *
     * @return the maximum, 0 if none
     */
    public int max() {
        int max = 0;
        for (List<String> path : paths.values()) {
            max = Math.max(max, path.size() - 1);
        }
        return max;
    }
}
