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
 */
public final class Cluster {
    /** What state a node is in. */
    public enum State {
        /** Running. */
        UP,
        /** Paused: messages and timers wait for the resume. */
        PAUSED,
        /** Crashed: messages are lost until the restart. */
        CRASHED
    }

    private final Sim sim;
    private final Network network;
    private final Map<String, Host> hosts = new LinkedHashMap<>();
    private final List<Fault> faults = new ArrayList<>();
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
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(factory, "factory");
        if (hosts.containsKey(id)) {
            throw new IllegalArgumentException("the cluster already has a node " + id);
        }
        Host host = new Host(id, factory, sim.random("node/" + id));
        hosts.put(id, host);
        boot(host);
        return this;
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
        if (host.state == State.CRASHED) {
            return;
        }
        endFault(host);
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
     * Returns a node's stable storage, to inspect or prepare it.
     *
     * @param id the node
     * @return the map that survives its crashes
     */
    public Map<String, Object> stableStorage(String id) {
        return host(id).storage;
    }

    /**
     * Returns the ids of every node.
     *
     * @return the ids, in the order they were added
     */
    public List<String> ids() {
        return List.copyOf(hosts.keySet());
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

        Host(String id, Supplier<? extends Node> factory, RandomStream random) {
            this.id = id;
            this.factory = factory;
            this.random = random;
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
            List<String> peers = new ArrayList<>(hosts.size() - 1);
            for (String other : hosts.keySet()) {
                if (!other.equals(id)) {
                    peers.add(other);
                }
            }
            return peers;
        }

        long now() {
            return sim.now();
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
