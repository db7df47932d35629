package dev.loadbearing.sim.node;

import dev.loadbearing.sim.engine.Action;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.SimulationException;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.net.Message;
import dev.loadbearing.sim.net.Network;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A search over the orders in which a small cluster's messages arrive, as DSLabs' search tests
 * do: from a set-up (nodes, clients and their first requests), it tries every choice of which
 * message in flight arrives next (and, optionally, which is lost or arrives twice, and when time
 * passes to the next timer), breadth first, checking named {@link Invariant}s in every state it
 * reaches. A violation comes back as the shortest {@link Trace} that causes it, which
 * {@link #replay(Trace)} runs again exactly.
 *
 * <pre>{@code
 * DeliverySearch<World> search = DeliverySearch.of(1, cluster -> new World(cluster))   // adds nodes, sends requests
 *         .invariant("replicas agree once nothing is in flight", w -> w.quiet() && w.agree() || !w.quiet())
 *         .maxDepth(12);
 * SearchResult<World> result = search.run();
 * if (result.violated()) {
 *     System.out.println(result);                      // the steps, one line each
 *     search.replay(result.trace());                   // the same run again
 * }
 * }</pre>
 *
 * <p><b>The model.</b> The search holds every message the network carries
 * ({@link Network#holdMessages(boolean)}): links have no latency, loss or duplication of their own, and
 * a message arrives only when the search delivers it, at the current time, so any message can
 * be delayed past any other. Time stands still while messages arrive; a <em>wait</em> moves it to
 * the next pending event (a node's timer, a client's timeout, an event the set-up scheduled) and
 * runs everything due then. Partitions the set-up makes still cut messages.
 *
 * <p><b>States and replay.</b> Each state is reached by replaying its trace from a fresh
 * set-up, which is always correct when the set-up and the nodes are deterministic (they must be:
 * randomness only from {@code random()}, no wall clock, no static state carried between runs).
 * Two states are the same when their fingerprints are: every node's fields (rendered by
 * reflection: records by component, hash-ordered collections sorted), the messages in flight
 * (as a multiset), the pending events, the time and whatever {@link #state(Function)} adds. The
 * fingerprint must cover what the invariants read (a client's history, say), or states that
 * differ there are merged. States are kept as 128-bit hashes of their fingerprints.
 *
 * An invariant that needs "nothing is in flight" asks {@code cluster.network().held().isEmpty()}.
 *
 * <p><b>Bounds.</b> The space grows quickly: keep the case small (2–3 nodes, 1–2 requests each)
 * and bound it with {@link #maxDepth(int)}, {@link #maxStates(int)} and
 * {@link #timeLimit(Duration)}. A search that stops at a bound says so
 * ({@link SearchResult.Verdict#DEPTH_LIMITED}, {@link SearchResult.Verdict#OUT_OF_BUDGET}).
 *
 * @param <W> the world the set-up builds: what invariants read (nodes, clients, a history)
 */
public final class DeliverySearch<W> {
    private static final Pattern TRACE_LINE = Pattern.compile("^.*? #\\d+ (.*)$");

    private final long seed;
    private final Function<Cluster, W> setup;
    private final List<Invariant<W>> invariants = new ArrayList<>();
    private final List<Invariant<W>> goals = new ArrayList<>();
    private final List<Predicate<? super W>> prunes = new ArrayList<>();
    private Function<? super W, ?> extraState = w -> null;
    private Predicate<? super Message> faulty = m -> true;
    private boolean timers = true;
    private int drops;
    private int duplicates;
    private int maxDepth = 20;
    private int maxStates = 50_000;
    private Duration timeLimit = Duration.ofSeconds(5);

    private DeliverySearch(long seed, Function<Cluster, W> setup) {
        this.seed = seed;
        this.setup = Objects.requireNonNull(setup, "setup");
    }

    /**
     * Starts a search. The set-up gets a fresh cluster (on a fresh simulation and a network that
     * holds every message) for every state the search replays; it adds the nodes and the clients,
     * starts the first requests (or schedules them) and returns the world the invariants read.
     *
     * @param seed the seed of every replay's simulation (nodes' {@code random()} draws from it)
     * @param setup builds the case on the cluster it is given
     * @param <W> the world
     * @return the search, to configure
     */
    public static <W> DeliverySearch<W> of(long seed, Function<Cluster, W> setup) {
        return new DeliverySearch<>(seed, setup);
    }

    /**
     * Adds an invariant, checked in every state.
     *
     * @param invariant the rule
     * @return this search
     */
    public DeliverySearch<W> invariant(Invariant<W> invariant) {
        invariants.add(Objects.requireNonNull(invariant, "invariant"));
        return this;
    }

    /**
     * Adds an invariant, checked in every state.
     *
     * @param name what must stay true, in words
     * @param holds whether it holds
     * @return this search
     */
    public DeliverySearch<W> invariant(String name, Predicate<? super W> holds) {
        return invariant(Invariant.of(name, holds));
    }

    /**
     * Adds a goal: the search stops at the first (shallowest) state where it holds and returns
     * the trace to it ({@link SearchResult.Verdict#GOAL_REACHED}), to show a state is reachable.
     *
     * @param name the goal, in words
     * @param reached whether a state reaches it
     * @return this search
     */
    public DeliverySearch<W> goal(String name, Predicate<? super W> reached) {
        goals.add(Invariant.of(name, reached));
        return this;
    }

    /**
     * Stops exploring past states where a condition holds (they are still checked), such as
     * "every client has its answer".
     *
     * @param condition when not to go on
     * @return this search
     */
    public DeliverySearch<W> prune(Predicate<? super W> condition) {
        prunes.add(Objects.requireNonNull(condition, "condition"));
        return this;
    }

    /**
     * Adds to each state's fingerprint what the invariants read beyond the nodes' fields: a
     * client history, a monitor's counts. Its rendering must not depend on object identities.
     *
     * @param state what else a state consists of
     * @return this search
     */
    public DeliverySearch<W> state(Function<? super W, ?> state) {
        this.extraState = Objects.requireNonNull(state, "state");
        return this;
    }

    /**
     * Sets whether time may pass to the next pending event (timers, timeouts) as a choice; with
     * {@code false} only messages move, and timers never fire. The default is {@code true}.
     *
     * @param allowed whether waits are choices
     * @return this search
     */
    public DeliverySearch<W> timers(boolean allowed) {
        this.timers = allowed;
        return this;
    }

    /**
     * Lets the network lose up to this many messages in a run (the default is 0).
     *
     * @param most losses per trace
     * @return this search
     */
    public DeliverySearch<W> drops(int most) {
        this.drops = nonNegative(most, "drops");
        return this;
    }

    /**
     * Lets the network deliver up to this many messages twice in a run (the default is 0).
     *
     * @param most duplicates per trace
     * @return this search
     */
    public DeliverySearch<W> duplicates(int most) {
        this.duplicates = nonNegative(most, "duplicates");
        return this;
    }

    /**
     * Limits losses and duplicates to some messages, such as those between nodes (a client's
     * request repeated by the network is another question). The default is every message.
     *
     * @param messages which messages may be lost or delivered twice
     * @return this search
     */
    public DeliverySearch<W> faulty(Predicate<? super Message> messages) {
        this.faulty = Objects.requireNonNull(messages, "messages");
        return this;
    }

    /**
     * Bounds the length of the traces explored (the default is 20 steps).
     *
     * @param steps at least 1
     * @return this search
     */
    public DeliverySearch<W> maxDepth(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1, was " + steps);
        }
        this.maxDepth = steps;
        return this;
    }

    /**
     * Bounds how many distinct states are explored (the default is 50,000).
     *
     * @param states at least 1
     * @return this search
     */
    public DeliverySearch<W> maxStates(int states) {
        if (states < 1) {
            throw new IllegalArgumentException("maxStates must be at least 1, was " + states);
        }
        this.maxStates = states;
        return this;
    }

    /**
     * Bounds the search's wall-clock time (the default is 5 s).
     *
     * @param limit how long at most
     * @return this search
     */
    public DeliverySearch<W> timeLimit(Duration limit) {
        this.timeLimit = Objects.requireNonNull(limit, "limit");
        return this;
    }

    private static int nonNegative(int n, String what) {
        if (n < 0) {
            throw new IllegalArgumentException(what + " must not be negative, was " + n);
        }
        return n;
    }

    // ------------------------------------------------------------------------- searching

    /** A state in the queue: its trace as a chain back to the start. */
    private record Path(Path parent, Choice choice, int depth) {
        List<Choice> choices() {
            Choice[] out = new Choice[depth];
            Path p = this;
            for (int i = depth - 1; i >= 0; i--) {
                out[i] = p.choice;
                p = p.parent;
            }
            return List.of(out);
        }
    }

    private record Hash(long a, long b) {
        static Hash of(String text) {
            long a = 0xcbf29ce484222325L;
            long b = 1125899906842597L;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                a = (a ^ c) * 0x100000001b3L;
                b = 31 * b + c;
            }
            return new Hash(a, b ^ ((long) text.length() << 48));
        }
    }

    /**
     * Explores every delivery order breadth first, within the bounds, and returns the first
     * (shortest) violation, the first goal reached, or that none was found.
     *
     * @return what the search found
     */
    public SearchResult<W> run() {
        long deadline = System.nanoTime() + timeLimit.toNanos();
        Execution start = new Execution();
        SearchResult<W> found = check(start, List.of(), 1);
        if (found != null) {
            return found;
        }
        Set<Hash> seen = new HashSet<>();
        seen.add(Hash.of(start.fingerprint()));
        ArrayDeque<Path> queue = new ArrayDeque<>();
        if (!pruned(start)) {
            queue.add(new Path(null, null, 0));
        }
        boolean cut = false;
        int deepest = 0;
        while (!queue.isEmpty()) {
            Path path = queue.poll();
            List<Choice> prefix = path.choices();
            Execution at = replayed(prefix);
            List<Choice> choices = at.enabled();
            for (int i = 0; i < choices.size(); i++) {
                if (System.nanoTime() > deadline || seen.size() >= maxStates) {
                    return new SearchResult<>(SearchResult.Verdict.OUT_OF_BUDGET, null, null, new Trace(List.of()),
                            seen.size(), deepest, null);
                }
                Execution child = i == 0 ? at : replayed(prefix);
                Choice made = child.apply(choices.get(i));
                Path next = new Path(path, made, path.depth + 1);
                deepest = Math.max(deepest, next.depth);
                if (!seen.add(Hash.of(child.fingerprint())) && child.thrown == null) {
                    continue;
                }
                found = check(child, next.choices(), seen.size());
                if (found != null) {
                    return found;
                }
                if (pruned(child)) {
                    continue;
                }
                if (next.depth >= maxDepth) {
                    if (!child.enabled().isEmpty()) {
                        cut = true;
                    }
                    continue;
                }
                queue.add(next);
            }
        }
        return new SearchResult<>(cut ? SearchResult.Verdict.DEPTH_LIMITED : SearchResult.Verdict.EXHAUSTED, null,
                null, new Trace(List.of()), seen.size(), deepest, null);
    }

    /**
     * Tries random delivery orders instead of all of them, for cases too large to search
     * exhaustively (DSLabs' random depth-first probes): each walk starts from a fresh set-up and
     * takes a random enabled choice at every step, checking the invariants, until nothing can
     * happen, the depth bound ({@link #maxDepth(int)}) or a {@link #prune} condition. Odd walks
     * choose uniformly; even walks give each message a random priority when it is sent and always
     * deliver (or lose, or repeat) the one of highest priority, so a message can be held back
     * while many others overtake it (PCT-style), which uniform choices almost never do.
     * Walk {@code i} draws from seed {@code firstSeed + i}, so the walks repeat exactly; a
     * violation's trace is replayable like a breadth-first one, though not the shortest.
     *
     * @param firstSeed the first walk's seed
     * @param walks how many walks, at least 1
     * @return the first violation, or {@link SearchResult.Verdict#SAMPLED} when none broke an
     *     invariant (or {@link SearchResult.Verdict#OUT_OF_BUDGET} if the time limit came first)
     */
    public SearchResult<W> randomWalks(long firstSeed, int walks) {
        if (walks < 1) {
            throw new IllegalArgumentException("walks must be at least 1, was " + walks);
        }
        long deadline = System.nanoTime() + timeLimit.toNanos();
        long steps = 0;
        int deepest = 0;
        for (int walk = 0; walk < walks; walk++) {
            if (System.nanoTime() > deadline) {
                return new SearchResult<>(SearchResult.Verdict.OUT_OF_BUDGET, null, null, new Trace(List.of()),
                        walk, deepest, null);
            }
            java.util.SplittableRandom random = new java.util.SplittableRandom(firstSeed + walk);
            java.util.Map<Long, Double> priority = walk % 2 == 0 ? new java.util.HashMap<>() : null;
            Execution e = new Execution();
            List<Choice> done = new ArrayList<>();
            SearchResult<W> found = check(e, done, walk + 1);
            if (found != null) {
                return walked(found, walk + 1);
            }
            while (done.size() < maxDepth && !pruned(e)) {
                List<Choice> choices = e.enabled();
                if (choices.isEmpty()) {
                    break;
                }
                done.add(e.apply(pick(choices, random, priority)));
                steps++;
                found = check(e, done, walk + 1);
                if (found != null) {
                    return walked(found, walk + 1);
                }
            }
            deepest = Math.max(deepest, done.size());
        }
        return new SearchResult<>(SearchResult.Verdict.SAMPLED, null, null, new Trace(List.of()), walks, deepest,
                null);
    }

    /**
     * Odd walks ({@code priority == null}) pick uniformly. Even walks give every message a random
     * priority the first time they see it and always take a choice about the message of highest
     * priority (a wait draws a new one each time), so some messages are held back for long, as in
     * PCT-style testing: that finds bugs that need one message to be overtaken by many others,
     * which uniform walks almost never do.
     */
    private static Choice pick(List<Choice> choices, java.util.SplittableRandom random,
            java.util.Map<Long, Double> priority) {
        if (priority == null) {
            return choices.get(random.nextInt(choices.size()));
        }
        List<Choice> best = new ArrayList<>();
        double top = -1;
        for (Choice c : choices) {
            double p = c.kind() == Choice.Kind.WAIT ? random.nextDouble()
                    : priority.computeIfAbsent(c.message(), k -> random.nextDouble());
            if (p > top) {
                top = p;
                best.clear();
            }
            if (p == top) {
                best.add(c);
            }
        }
        return best.get(random.nextInt(best.size()));
    }

    private SearchResult<W> walked(SearchResult<W> found, int walks) {
        return new SearchResult<>(found.verdict(), found.invariant(), found.problem(), found.trace(), walks,
                found.depth(), found.world(), true);
    }

    private Execution replayed(List<Choice> prefix) {
        Execution e = new Execution();
        e.replay(prefix);
        return e;
    }

    private boolean pruned(Execution e) {
        for (Predicate<? super W> prune : prunes) {
            if (prune.test(e.world)) {
                return true;
            }
        }
        return false;
    }

    private SearchResult<W> check(Execution e, List<Choice> trace, long states) {
        String broken = e.broken();
        if (broken != null) {
            return new SearchResult<>(SearchResult.Verdict.VIOLATED, broken, e.problem, new Trace(trace), states,
                    trace.size(), e.world);
        }
        for (Invariant<W> goal : goals) {
            if (goal.holds().test(e.world)) {
                return new SearchResult<>(SearchResult.Verdict.GOAL_REACHED, goal.name(), null, new Trace(trace),
                        states, trace.size(), e.world);
            }
        }
        return null;
    }

    /**
     * Runs a trace again from a fresh set-up, checking the invariants after every step, and
     * stops at the first that breaks. The same trace gives the same steps and the same
     * violation every time.
     *
     * @param trace what a search returned (or a prefix of it)
     * @return {@link SearchResult.Verdict#VIOLATED} with the steps up to the break, or
     *     {@link SearchResult.Verdict#REPLAYED}; {@code world()} is the world at the end
     * @throws IllegalArgumentException if the trace does not fit the set-up (a step names a
     *     message that is not in flight), which means the set-up or the nodes are not deterministic
     */
    public SearchResult<W> replay(Trace trace) {
        Execution e = new Execution();
        List<Choice> done = new ArrayList<>();
        SearchResult<W> found = check(e, done, 1);
        if (found != null && found.violated()) {
            return found;
        }
        for (Choice choice : trace.choices()) {
            done.add(e.apply(choice));
            String broken = e.broken();
            if (broken != null) {
                return new SearchResult<>(SearchResult.Verdict.VIOLATED, broken, e.problem, new Trace(done),
                        done.size(), done.size(), e.world);
            }
        }
        return new SearchResult<>(SearchResult.Verdict.REPLAYED, null, null, new Trace(done), done.size(),
                done.size(), e.world);
    }

    // ------------------------------------------------------------------------- one run

    /** One replay: a fresh simulation, network, cluster and world, and the messages in flight. */
    private final class Execution {
        final Sim sim = new Sim(seed);
        final Network network = new Network(sim);
        final Action<Message> arrive = network::deliverNow;
        final Cluster cluster;
        final W world;
        int dropped;
        int duplicated;
        /** A node threw: what, and the trace is over. */
        String problem;
        String thrown;

        Execution() {
            network.holdMessages(true);
            cluster = new Cluster(sim, network);
            world = setup.apply(cluster);
            settle();
        }

        private void settle() {
            try {
                sim.runFor(0);
            } catch (SimulationException e) {
                thrown = firstLine(e.getMessage());
            }
        }

        void replay(List<Choice> choices) {
            for (Choice choice : choices) {
                apply(choice);
            }
        }

        List<Choice> enabled() {
            List<Choice> choices = new ArrayList<>();
            if (thrown != null) {
                return choices;
            }
            List<Message> held = network.held();
            // Described when applied: a message's text is only needed for the steps taken.
            for (Message m : held) {
                choices.add(new Choice(Choice.Kind.DELIVER, m.id(), ""));
            }
            if (duplicated < duplicates) {
                for (Message m : held) {
                    if (faulty.test(m)) {
                        choices.add(new Choice(Choice.Kind.DUPLICATE, m.id(), ""));
                    }
                }
            }
            if (dropped < drops) {
                for (Message m : held) {
                    if (faulty.test(m)) {
                        choices.add(new Choice(Choice.Kind.DROP, m.id(), ""));
                    }
                }
            }
            if (timers) {
                long next = sim.nextEventTime();
                if (next >= 0) {
                    choices.add(new Choice(Choice.Kind.WAIT, next, ""));
                }
            }
            return choices;
        }

        /** Applies a choice and returns it as it happened (a wait with the events that ran). */
        Choice apply(Choice choice) {
            if (choice.kind() == Choice.Kind.WAIT) {
                long next = sim.nextEventTime();
                if (next != choice.message()) {
                    throw new IllegalArgumentException("the trace does not fit: its step \"" + choice
                            + "\" waits until " + Time.format(choice.message()) + ", but the next pending event is "
                            + (next < 0 ? "none" : "at " + Time.format(next))
                            + "; the set-up and the nodes must be deterministic");
                }
                List<String> ran = new ArrayList<>();
                sim.trace(line -> {
                    Matcher m = TRACE_LINE.matcher(line);
                    ran.add(m.matches() ? m.group(1) : line);
                });
                try {
                    sim.runFor(next - sim.now());
                } catch (SimulationException e) {
                    thrown = firstLine(e.getMessage());
                } finally {
                    sim.trace(null);
                }
                return new Choice(Choice.Kind.WAIT, next, String.join("; ", ran));
            }
            Message message = null;
            if (choice.kind() == Choice.Kind.DUPLICATE) {
                for (Message m : network.held()) {
                    if (m.id() == choice.message()) {
                        message = m;
                    }
                }
            } else {
                message = network.takeHeld(choice.message());
            }
            if (message == null) {
                throw new IllegalArgumentException("the trace does not fit: its step \"" + choice
                        + "\" names message #" + choice.message() + ", which is not in flight (in flight: "
                        + network.held()
                        + "); the set-up and the nodes must be deterministic");
            }
            Choice made = new Choice(choice.kind(), message.id(), describe(message));
            switch (choice.kind()) {
                case DROP -> dropped++;
                case DUPLICATE -> {
                    duplicated++;
                    deliver(message);
                }
                default -> deliver(message);
            }
            return made;
        }

        private void deliver(Message message) {
            sim.schedule(sim.now(), "deliver", arrive, message);
            settle();
        }

        String broken() {
            if (thrown != null) {
                problem = thrown;
                return "no node throws";
            }
            for (Invariant<W> invariant : invariants) {
                boolean holds;
                try {
                    holds = invariant.holds().test(world);
                } catch (RuntimeException e) {
                    problem = "checking it threw " + e;
                    return invariant.name();
                }
                if (!holds) {
                    problem = invariant.explain(world);
                    return invariant.name();
                }
            }
            return null;
        }

        String fingerprint() {
            StringBuilder text = new StringBuilder();
            text.append(sim.now()).append('|').append(dropped).append('|').append(duplicated).append('\n');
            for (String id : cluster.ids()) {
                text.append(id).append(':').append(cluster.state(id)).append(':')
                        .append(StateFingerprint.of(cluster.node(id))).append(':')
                        .append(StateFingerprint.of(cluster.stableStorage(id))).append('\n');
            }
            List<Message> held = network.held();
            List<String> inFlight = new ArrayList<>(held.size());
            for (Message m : held) {
                inFlight.add(m.from() + '>' + m.to() + ':' + StateFingerprint.of(m.body()));
            }
            inFlight.sort(null);
            text.append(inFlight).append('\n').append(sim.pendingEvents()).append('\n')
                    .append(StateFingerprint.of(extraState.apply(world)));
            return text.toString();
        }
    }

    private static String describe(Message m) {
        return m.from() + " -> " + m.to() + ": " + m.body();
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
