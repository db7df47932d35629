package dev.loadbearing.sim.node;

import dev.loadbearing.sim.engine.Action;
import dev.loadbearing.sim.engine.Fault;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.net.Message;
import dev.loadbearing.sim.net.Network;
import dev.loadbearing.sim.net.Partition;
import dev.loadbearing.sim.figure.Band;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A set of {@link Node}s that talk over a {@link Network}, and the faults a test injects:
 * crashes, restarts, pauses and (through the network) partitions.
 *
 * <pre>{@code
 * Sim sim = new Sim(42);
 * Network net = new Network(sim);
 * net.defaults().latency(Distribution.uniform(Time.ms(1), Time.ms(10))).loss(0.2);
 * Cluster cluster = new Cluster(sim, net);
 * for (int i = 1; i <= 5; i++) {
 *     cluster.add("n" + i, Gossip::new);
 * }
 * cluster.crashAt(Time.seconds(1), "n3");
 * cluster.restartAt(Time.seconds(2), "n3");
 * sim.runFor(Time.seconds(5));
 * Gossip n1 = cluster.node("n1");
 * }</pre>
 *
 * <ul>
 *   <li><b>Crash</b>: the node's object is dropped with its fields, its timers will not fire, and
 *       messages to it are lost until it restarts. Its stable storage survives.</li>
 *   <li><b>Restart</b>: the factory makes a new object, which gets the same stable storage, and
 *       its {@code onStart} runs.</li>
 *   <li><b>Pause</b> (a long garbage collection, a frozen VM): nothing runs on the node;
 *       messages and timers that arrive wait, and are handled in order on resume.</li>
 * </ul>
 *
 * <p><b>Churn</b>, the coming and going of a peer-to-peer system's nodes, is three changes:
 * a node {@linkplain #join(String, Supplier, List) joins} during the run (knowing one or more
 * contacts), {@linkplain #leave(String) leaves} gracefully (its {@code onLeave} runs first, so it
 * can hand its data over), or fails: {@linkplain #crash(String) crashes} and never comes back.
 * {@link #changes()} lists every one; {@link Churn} schedules random ones.
 *
 * <p>What a node knows of the others is the cluster's {@link Membership}: by default
 * {@code peers()} lists everyone (as in Maelstrom); with {@link Membership#CONTACTS} a node knows
 * only the contacts it joined with, as a real peer knows only its bootstrap nodes.
 */
public final class Cluster {
    /** What state a node is in. */
    public enum State {
        /** Running. */
        UP,
        /** Paused: messages and timers wait for the resume. */
        PAUSED,
        /** Crashed: messages are lost until the restart. */
        CRASHED,
        /** Left the cluster for good: it is no one's peer any more, and messages to it are lost. */
        LEFT
    }

    /** What {@code peers()} tells a node about the others. */
    public enum Membership {
        /** Every other node that has not left (crashed ones too): the default. */
        EVERYONE,
        /** Only the contacts the node was added or joined with: others it must learn of by messages. */
        CONTACTS
    }

    /** A kind of change to the cluster's membership or health, for {@link #changes()}. */
    public enum ChangeKind {
        /** A node was added or joined. */
        JOIN,
        /** A node left gracefully, after its {@code onLeave}. */
        LEAVE,
        /** A node crashed (failed). */
        CRASH,
        /** A crashed node restarted. */
        RESTART
    }

    /**
     * One change to the cluster.
     *
     * @param time when, in nanoseconds
     * @param kind what happened
     * @param node to which node
     */
    public record Change(long time, ChangeKind kind, String node) {
        @Override
        public String toString() {
            return Time.format(time) + " " + kind.name().toLowerCase(java.util.Locale.ROOT) + " " + node;
        }
    }

    private final Sim sim;
    private final Network network;
    private final Map<String, Host> hosts = new LinkedHashMap<>();
    private final List<Fault> faults = new ArrayList<>();
    private final List<Change> changes = new ArrayList<>();
    private Membership membership = Membership.EVERYONE;
    private final Action<Host> start = this::start;
    private final Action<Pending> fire = this::fire;
    private final Action<Pending> replay = this::replay;

    /**
     * Creates an empty cluster.
     *
     * @param sim the simulation it runs in
     * @param network the network its nodes talk over
     */
    public Cluster(Sim sim, Network network) {
        this.sim = Objects.requireNonNull(sim, "sim");
        this.network = Objects.requireNonNull(network, "network");
    }

    /**
     * Adds a node, which starts (its {@code onStart} runs) as an event at the current time, so
     * that every node added before the run begins sees all its peers.
     *
     * @param id the node's id, unique in the cluster and on the network
     * @param factory makes the node's object, at the start and after every restart
     * @return this cluster
     */
    public Cluster add(String id, Supplier<? extends Node> factory) {
        return add(id, factory, List.of());
    }

    /**
     * Adds a node that knows the given contacts: with {@link Membership#CONTACTS} they are all
     * its {@code peers()}; with {@link Membership#EVERYONE} they are ignored.
     *
     * @param id the node's id, unique in the cluster and on the network, never reused
     * @param factory makes the node's object, at the start and after every restart
     * @param contacts the nodes it knows at start (its bootstrap nodes)
     * @return this cluster
     */
    public Cluster add(String id, Supplier<? extends Node> factory, List<String> contacts) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(factory, "factory");
        if (hosts.containsKey(id)) {
            throw new IllegalArgumentException("the cluster already has (or had) a node " + id);
        }
        Host host = new Host(id, factory, sim.random("node/" + id), List.copyOf(contacts));
        hosts.put(id, host);
        changes.add(new Change(sim.now(), ChangeKind.JOIN, id));
        boot(host);
        return this;
    }

    /**
     * Sets what {@code peers()} tells each node about the others, from now on.
     *
     * @param membership everyone (the default) or only a node's contacts
     * @return this cluster
     */
    public Cluster membership(Membership membership) {
        this.membership = Objects.requireNonNull(membership, "membership");
        return this;
    }

    /**
     * Returns what {@code peers()} tells each node.
     *
     * @return the membership
     */
    public Membership membership() {
        return membership;
    }

    /**
     * A node joins during the run: the same as {@link #add(String, Supplier, List)}, named for
     * churn.
     *
     * @param id the new node's id, never used before
     * @param factory makes its object
     * @param contacts the nodes it knows when it joins
     * @return this cluster
     */
    public Cluster join(String id, Supplier<? extends Node> factory, List<String> contacts) {
        return add(id, factory, contacts);
    }

    /**
     * A node joins at a given time.
     *
     * @param time nanoseconds since the start of the run
     * @param id the new node's id
     * @param factory makes its object
     * @param contacts the nodes it knows when it joins
     */
    public void joinAt(long time, String id, Supplier<? extends Node> factory, List<String> contacts) {
        List<String> known = List.copyOf(contacts);
        sim.at(time, "join " + id, () -> join(id, factory, known));
    }

    /**
     * A node leaves gracefully, now: its {@code onLeave} runs (what it sends there goes out),
     * then it is gone for good: dropped from every node's {@code peers()} (with
     * {@link Membership#EVERYONE}), its timers never fire and messages to it are lost. A paused
     * or crashed node just goes, running nothing.
     *
     * @param id the node
     */
    public void leave(String id) {
        Host host = host(id);
        if (host.state == State.LEFT) {
            return;
        }
        if (host.state == State.UP) {
            sim.during(host.id, "leaving");
            host.instance.onLeave();
        }
        endFault(host);
        host.state = State.LEFT;
        host.epoch++;
        host.instance = null;
        host.waiting.clear();
        network.unregister(id);
        changes.add(new Change(sim.now(), ChangeKind.LEAVE, id));
    }

    /**
     * A node leaves gracefully at a given time.
     *
     * @param time nanoseconds since the start of the run
     * @param id the node
     */
    public void leaveAt(long time, String id) {
        sim.at(time, "leave " + id, () -> leave(id));
    }

    private void boot(Host host) {
        host.instance = Objects.requireNonNull(host.factory.get(), "the factory made no node");
        host.instance.bind(host);
        host.state = State.UP;
        network.register(host.id, host.receive);
        sim.schedule(sim.now(), "start", start, host);
    }

    private void start(Host host) {
        if (host.state == State.UP) {
            sim.during(host.id, "started");
            host.instance.onStart();
        } else if (host.state == State.PAUSED) {
            host.waiting.add(new Pending(host, host.epoch, null, null, true));
        }
    }

    // ------------------------------------------------------------------------- faults

    /**
     * Crashes a node now: its fields and timers are lost, messages to it are dropped.
     *
     * @param id the node
     */
    public void crash(String id) {
        Host host = host(id);
        if (host.state == State.CRASHED || host.state == State.LEFT) {
            return;
        }
        endFault(host);
        changes.add(new Change(sim.now(), ChangeKind.CRASH, id));
        host.state = State.CRASHED;
        host.epoch++;
        host.instance = null;
        host.waiting.clear();
        network.unregister(id);
        host.fault = new Fault(id + " crashed", sim.now(), -1);
        faults.add(host.fault);
    }

    /**
     * Restarts a crashed node: a new object from the factory, the same stable storage, and
     * {@code onStart} again. Does nothing to a node that is not crashed.
     *
     * @param id the node
     */
    public void restart(String id) {
        Host host = host(id);
        if (host.state != State.CRASHED) {
            return;
        }
        endFault(host);
        changes.add(new Change(sim.now(), ChangeKind.RESTART, id));
        boot(host);
    }

    /**
     * Pauses a node now: it handles nothing until {@link #resume(String)}; messages and timers
     * that arrive meanwhile wait.
     *
     * @param id the node
     */
    public void pause(String id) {
        Host host = host(id);
        if (host.state != State.UP) {
            return;
        }
        host.state = State.PAUSED;
        host.fault = new Fault(id + " paused", sim.now(), -1);
        faults.add(host.fault);
    }

    /**
     * Resumes a paused node: what arrived while it was paused is handled now, in arrival order,
     * each as its own event.
     *
     * @param id the node
     */
    public void resume(String id) {
        Host host = host(id);
        if (host.state != State.PAUSED) {
            return;
        }
        endFault(host);
        host.state = State.UP;
        for (Pending pending : host.waiting) {
            sim.schedule(sim.now(), "resumed " + id + ":", replay, pending);
        }
        host.waiting.clear();
    }

    private void endFault(Host host) {
        if (host.fault != null) {
            faults.set(faults.indexOf(host.fault), host.fault.endedAt(sim.now()));
            host.fault = null;
        }
    }

    /**
     * Crashes a node at a given time.
     *
     * @param time nanoseconds since the start of the run
     * @param id the node
     */
    public void crashAt(long time, String id) {
        sim.at(time, "crash " + id, () -> crash(id));
    }

    /**
     * Restarts a node at a given time.
     *
     * @param time nanoseconds since the start of the run
     * @param id the node
     */
    public void restartAt(long time, String id) {
        sim.at(time, "restart " + id, () -> restart(id));
    }

    /**
     * Pauses a node at a given time.
     *
     * @param time nanoseconds since the start of the run
     * @param id the node
     */
    public void pauseAt(long time, String id) {
        sim.at(time, "pause " + id, () -> pause(id));
    }

    /**
     * Resumes a node at a given time.
     *
     * @param time nanoseconds since the start of the run
     * @param id the node
     */
    public void resumeAt(long time, String id) {
        sim.at(time, "resume " + id, () -> resume(id));
    }

    // ------------------------------------------------------------------------- observing

    /**
     * Returns a node's current object, to inspect its state.
     *
     * @param id the node
     * @param <N> the node's class
     * @return the object, or {@code null} while the node is crashed
     */
    @SuppressWarnings("unchecked")
    public <N extends Node> N node(String id) {
        return (N) host(id).instance;
    }

    /**
     * Returns a node's state.
     *
     * @param id the node
     * @return up, paused or crashed
     */
    public State state(String id) {
        return host(id).state;
    }

    /**
     * Returns a node's wall clock, to give it a skew, a drift or a step (see {@link NodeClock});
     * the node reads it with {@link Node#wallTime()}. Until configured it reads the true time.
     * The clock belongs to the node's machine, so it survives crashes and restarts.
     *
     * <pre>{@code
     * cluster.add("n2", Replica::new);
     * cluster.clock("n2").offset(-Time.ms(300)).drift(50);
     * }</pre>
     *
     * @param id the node
     * @return its clock, to configure
     */
    public NodeClock clock(String id) {
        return host(id).clock;
    }

    /**
     * Returns a node's stable storage, to inspect or prepare it.
     *
     * @param id the node
     * @return the map that survives its crashes
     */
    public Map<String, Object> stableStorage(String id) {
        return host(id).storage;
    }

    /**
     * Returns the ids of every node ever added, those that left included.
     *
     * @return the ids, in the order they were added
     */
    public List<String> ids() {
        return List.copyOf(hosts.keySet());
    }

    /**
     * Returns the nodes that have not left: up, paused or crashed.
     *
     * @return the ids, in the order they joined
     */
    public List<String> members() {
        List<String> members = new ArrayList<>();
        for (Host host : hosts.values()) {
            if (host.state != State.LEFT) {
                members.add(host.id);
            }
        }
        return members;
    }

    /**
     * Returns the nodes that are up right now (not paused, crashed or gone).
     *
     * @return the ids, in the order they joined
     */
    public List<String> live() {
        List<String> live = new ArrayList<>();
        for (Host host : hosts.values()) {
            if (host.state == State.UP) {
                live.add(host.id);
            }
        }
        return live;
    }

    /**
     * Returns every join, leave, crash and restart so far, oldest first (nodes added before the
     * run count as joins at time 0).
     *
     * @return the changes
     */
    public List<Change> changes() {
        return List.copyOf(changes);
    }

    /**
     * Returns the simulation the cluster runs in.
     *
     * @return the simulation
     */
    public Sim sim() {
        return sim;
    }

    /**
     * Returns the network the nodes talk over (for partitions and message counts).
     *
     * @return the network
     */
    public Network network() {
        return network;
    }

    /**
     * Returns every crash and pause so far, oldest first.
     *
     * @return the faults
     */
    public List<Fault> faults() {
        return List.copyOf(faults);
    }

    /**
     * Returns every crash, pause and network partition so far as bands for a chart.
     *
     * @return the bands, crashes and pauses first, then partitions
     */
    public List<Band> bands() {
        List<Band> bands = new ArrayList<>(Fault.bands(faults, sim.now()));
        for (Partition partition : network.partitions()) {
            long end = partition.isActive() ? sim.now() : partition.end();
            bands.add(new Band(Time.toSeconds(partition.start()), Time.toSeconds(end),
                    partition.toString()));
        }
        return bands;
    }

    private Host host(String id) {
        Host host = hosts.get(id);
        if (host == null) {
            throw new IllegalArgumentException("no node " + id + " in the cluster " + ids());
        }
        return host;
    }

    // ------------------------------------------------------------------------- delivery

    private void fire(Pending timer) {
        Host host = timer.host;
        if (timer.epoch != host.epoch) {
            return;
        }
        if (host.state == State.PAUSED) {
            host.waiting.add(timer);
        } else {
            sim.during(host.id, "handled timer " + timer.payload);
            host.instance.onTimer(timer.payload);
        }
    }

    private void replay(Pending pending) {
        Host host = pending.host;
        if (pending.epoch != host.epoch || host.state != State.UP) {
            if (host.state == State.PAUSED && pending.epoch == host.epoch) {
                host.waiting.add(pending);
            }
            return;
        }
        if (pending.start) {
            host.instance.onStart();
        } else if (pending.from == null) {
            host.instance.onTimer(pending.payload);
        } else {
            host.instance.onMessage(pending.from, pending.payload);
        }
    }

    /** One node's place in the cluster: its identity, storage and current object. */
    final class Host {
        final String id;
        final Supplier<? extends Node> factory;
        final RandomStream random;
        final Map<String, Object> storage = new LinkedHashMap<>();
        final List<Pending> waiting = new ArrayList<>();
        final java.util.function.Consumer<Message> receive = this::receive;
        Node instance;
        State state = State.UP;
        int epoch;
        Fault fault;

        final List<String> contacts;
        final NodeClock clock;

        Host(String id, Supplier<? extends Node> factory, RandomStream random, List<String> contacts) {
            this.id = id;
            this.clock = new NodeClock(id);
            this.factory = factory;
            this.random = random;
            this.contacts = contacts;
        }

        private void receive(Message message) {
            if (state == State.PAUSED) {
                waiting.add(new Pending(this, epoch, message.from(), message.body(), false));
            } else if (state == State.UP) {
                sim.during(id, "handled a message from " + message.from());
                instance.onMessage(message.from(), message.body());
            }
        }

        void send(Node sender, String to, Object message) {
            if (sender == instance && state == State.UP) {
                network.send(id, to, message);
            }
        }

        long setTimer(Node owner, long delay, Object timer) {
            if (owner != instance || state == State.CRASHED) {
                return -1;
            }
            if (delay < 0) {
                throw new IllegalArgumentException("timer delay must not be negative");
            }
            return sim.schedule(sim.now() + delay, "timer " + id + ":", fire,
                    new Pending(this, epoch, null, timer, false));
        }

        void cancelTimer(long timerId) {
            if (timerId >= 0) {
                sim.cancel(timerId);
            }
        }

        List<String> peers() {
            if (membership == Membership.CONTACTS) {
                return contacts;
            }
            List<String> peers = new ArrayList<>(hosts.size() - 1);
            for (Host other : hosts.values()) {
                if (other != this && other.state != State.LEFT) {
                    peers.add(other.id);
                }
            }
            return peers;
        }

        long now() {
            return sim.now();
        }

        long wallTime() {
            return clock.read(sim.now());
        }

        @Override
        public String toString() {
            return id;
        }
    }

    /** A timer, or a message or start held while the node was paused. */
    private record Pending(Host host, int epoch, String from, Object payload, boolean start) {
        @Override
        public String toString() {
            return start ? host + " starts" : from == null ? host + " " + payload
                    : from + "->" + host + " " + payload;
        }
    }
}
