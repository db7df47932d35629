package dev.loadbearing.sim.net;

import dev.loadbearing.sim.engine.Action;
import dev.loadbearing.sim.engine.Fault;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A simulated network between named nodes. Each message takes a latency drawn for its link (plus
 * its size over the link's bandwidth, when the link has one, waiting for the messages sent before
 * it in the same direction) and may be lost, duplicated or held back (reordered); partitions cut links between groups of nodes
 * until healed. Every decision draws from the simulation's named streams, so a run repeats
 * exactly under the same seed.
 *
 * <pre>{@code
 * Network net = new Network(sim);
 * net.defaults().latency(Distribution.uniform(Time.ms(1), Time.ms(5))).loss(0.01);
 * net.register("b", message -> System.out.println("b got " + message.body()));
 * net.send("a", "b", "ping");
 * Partition cut = net.partition("a", "b");   // a and b can no longer talk
 * cut.heal();
 * }</pre>
 *
 * <p>A message whose link is cut when it is sent, or when it would arrive, is dropped; so is a
 * message to a node with no registered receiver.
 */
public final class Network {
    private final Sim sim;
    private final Link defaults = Link.root();
    private final Link userDefaults = new Link(defaults);
    private final Map<String, Link> links = new HashMap<>();
    private final Map<String, Consumer<Message>> receivers = new HashMap<>();
    /** Per direction of a link with limited bandwidth: when its wire is free again. */
    private final Map<String, long[]> wireFreeAt = new HashMap<>();
    private final List<Partition> active = new ArrayList<>();
    private final List<Partition> history = new ArrayList<>();
    private final RandomStream latencyRandom;
    private final RandomStream lossRandom;
    private final RandomStream duplicateRandom;
    private final RandomStream reorderRandom;
    private final Action<Message> deliver = this::deliver;
    private final List<Observer> observers = new ArrayList<>();
    private List<Message> held;

    private long nextId = 1;
    private long sent;
    private long delivered;
    private long duplicated;
    private long lost;
    private long partitioned;
    private long undeliverable;
    private long bytesSent;

    /**
     * Creates a network whose links default to a constant 1 ms latency with no loss.
     *
     * @param sim the simulation it runs in
     */
    public Network(Sim sim) {
        this.sim = Objects.requireNonNull(sim, "sim");
        this.latencyRandom = sim.random("network/latency");
        this.lossRandom = sim.random("network/loss");
        this.duplicateRandom = sim.random("network/duplicate");
        this.reorderRandom = sim.random("network/reorder");
    }

    /**
     * Returns the settings every link uses unless it has its own.
     *
     * @return the default link, to configure
     */
    public Link defaults() {
        return userDefaults;
    }

    /**
     * Returns the link between two nodes, to give it its own settings; it applies to both
     * directions.
     *
     * @param a one node
     * @param b another node
     * @return the link, created on first use with every setting inherited from the defaults
     */
    public Link link(String a, String b) {
        return links.computeIfAbsent(key(a, b), k -> new Link(userDefaults));
    }

    /**
     * Registers the receiver of a node's messages, replacing any earlier one.
     *
     * @param node the node's name
     * @param receiver called with each message that arrives for the node
     */
    public void register(String node, Consumer<Message> receiver) {
        receivers.put(Objects.requireNonNull(node, "node"), Objects.requireNonNull(receiver));
    }

    /**
     * Removes a node's receiver: messages that arrive for it from now on are dropped.
     *
     * @param node the node's name
     */
    public void unregister(String node) {
        receivers.remove(node);
    }

    /**
     * Sends a message of unknown size (counted as zero bytes).
     *
     * @param from the sending node
     * @param to the receiving node
     * @param body what to carry
     * @return the message's id
     */
    public long send(String from, String to, Object body) {
        return send(from, to, body, 0);
    }

    /**
     * Sends a message.
     *
     * @param from the sending node
     * @param to the receiving node
     * @param body what to carry
     * @param bytes its size, for byte counts
     * @return the message's id
     */
    public long send(String from, String to, Object body, int bytes) {
        Message message = new Message(nextId++, from, to, body, bytes, sim.now());
        sent++;
        bytesSent += bytes;
        for (Observer observer : observers) {
            observer.sent(message);
        }
        if (isCut(from, to)) {
            partitioned++;
            return message.id();
        }
        if (held != null) {
            held.add(message);
            return message.id();
        }
        Link link = linkOrDefaults(from, to);
        if (link.loss() > 0 && lossRandom.chance(link.loss())) {
            lost++;
            return message.id();
        }
        schedule(message, link);
        if (link.duplicate() > 0 && duplicateRandom.chance(link.duplicate())) {
            duplicated++;
            schedule(message, link);
        }
        return message.id();
    }

    private void schedule(Message message, Link link) {
        long delay = link.latency().sampleNanos(latencyRandom);
        long transmit = link.transmissionNanos(message.bytes());
        if (transmit > 0) {
            long[] free = wireFreeAt.computeIfAbsent(message.from() + '\u0001' + message.to(), k -> new long[1]);
            long start = Math.max(sim.now(), free[0]);
            free[0] = start + transmit;
            delay += free[0] - sim.now();
        }
        if (link.reorder() > 0 && reorderRandom.chance(link.reorder())) {
            delay += link.reorderDelay().sampleNanos(reorderRandom);
        }
        sim.schedule(sim.now() + delay, "deliver", deliver, message);
    }

    /**
     * Holds every message sent from now on in the network instead of putting it on its link: no
     * latency, loss, duplication or reordering is applied (a partition still drops a message when
     * it is sent), and nothing arrives until someone calls {@link #deliverNow(Message)}. A search
     * over delivery orders ({@code DeliverySearch}, in the node package) holds messages this way
     * and decides which arrives next, which twice and which never. {@code false} puts messages
     * sent later on their links again; those already held stay held.
     *
     * @param hold whether to hold messages
     */
    public void holdMessages(boolean hold) {
        if (hold && held == null) {
            held = new ArrayList<>();
        } else if (!hold && held != null && held.isEmpty()) {
            held = null;
        }
    }

    /**
     * Returns the messages held in flight ({@link #holdMessages(boolean)}), oldest first: an
     * invariant that needs "nothing is in flight" asks whether this is empty.
     *
     * @return a copy; empty when nothing is held
     */
    public List<Message> held() {
        return held == null ? List.of() : List.copyOf(held);
    }

    /**
     * Removes a held message from the network, without delivering it: it is then lost, or about
     * to be delivered with {@link #deliverNow(Message)}.
     *
     * @param id the message's id
     * @return the message, or {@code null} if no held message has that id
     */
    public Message takeHeld(long id) {
        if (held != null) {
            for (int i = 0; i < held.size(); i++) {
                if (held.get(i).id() == id) {
                    return held.remove(i);
                }
            }
        }
        return null;
    }

    /**
     * Delivers a message now, as if it had just arrived: it is dropped if a partition cuts its
     * link or its receiver is gone, otherwise observers see it and the receiver runs. For
     * messages held with {@link #holdMessages(boolean)}: take one with {@link #takeHeld(long)}
     * first, or deliver one still held to make a duplicate.
     *
     * @param message a message this network carried
     */
    public void deliverNow(Message message) {
        deliver(Objects.requireNonNull(message, "message"));
    }

    private void deliver(Message message) {
        if (isCut(message.from(), message.to())) {
            partitioned++;
            return;
        }
        Consumer<Message> receiver = receivers.get(message.to());
        if (receiver == null) {
            undeliverable++;
            return;
        }
        delivered++;
        for (Observer observer : observers) {
            observer.delivered(message);
        }
        receiver.accept(message);
    }

    /**
     * Something that watches every message: tests use it to count hops, trace what a node could
     * have learnt from whom, or draw traffic. Observers see a message when it is sent (before the
     * network decides whether to lose it) and each time it is delivered (a duplicate twice),
     * just before its receiver runs. They must not send messages themselves.
     */
    public interface Observer {
        /**
         * A message was sent; it may still be lost or cut.
         *
         * @param message the message
         */
        default void sent(Message message) {
        }

        /**
         * A message is about to be handed to its receiver.
         *
         * @param message the message
         */
        default void delivered(Message message) {
        }
    }

    /**
     * Adds an observer of every message sent and delivered from now on, after those already
     * added.
     *
     * @param observer the observer
     * @return the observer, for chaining
     * @param <O> its type
     */
    public <O extends Observer> O observe(O observer) {
        observers.add(Objects.requireNonNull(observer, "observer"));
        return observer;
    }

    /**
     * Cuts the link between two nodes, both directions.
     *
     * @param a one node
     * @param b another node
     * @return the partition, to heal on its own
     */
    public Partition partition(String a, String b) {
        return add(new Partition(this, List.of(List.of(a), List.of(b)), false, sim.now()));
    }

    /**
     * Splits nodes into groups that cannot reach each other; nodes in no group are unaffected.
     *
     * @param groups two or more disjoint groups of nodes
     * @return the partition, to heal on its own
     */
    public Partition partition(List<? extends Collection<String>> groups) {
        if (groups.size() < 2) {
            throw new IllegalArgumentException("a partition needs at least two groups");
        }
        return add(new Partition(this, groups, false, sim.now()));
    }

    /**
     * Cuts one node off from every other node.
     *
     * @param node the node to isolate
     * @return the partition, to heal on its own
     */
    public Partition isolate(String node) {
        return add(new Partition(this, List.of(List.of(node)), true, sim.now()));
    }

    /** Heals every active partition. */
    public void heal() {
        for (Partition partition : List.copyOf(active)) {
            partition.heal();
        }
    }

    /**
     * Returns whether a message from one node to another would currently cross (ignoring
     * random loss).
     *
     * @param from the sender
     * @param to the receiver
     * @return {@code false} if an active partition cuts the link
     */
    public boolean connected(String from, String to) {
        return !isCut(from, to);
    }

    /**
     * Returns every partition made so far, active or healed, oldest first; timelines draw them
     * as fault bands.
     *
     * @return the partitions
     */
    public List<Partition> partitions() {
        return List.copyOf(history);
    }

    /**
     * Returns every partition as a fault, labelled as it prints ({@code "partition [a] | [b]"}),
     * for bands.
     *
     * @return the faults, oldest first; a partition not yet healed ends at -1
     */
    public List<Fault> faults() {
        List<Fault> faults = new ArrayList<>(history.size());
        for (Partition partition : history) {
            faults.add(new Fault(partition.toString(), partition.start(), partition.end()));
        }
        return faults;
    }

    /**
     * Returns the counts of messages and bytes so far.
     *
     * @return a snapshot of the counters
     */
    public NetworkStats stats() {
        return new NetworkStats(sent, delivered, duplicated, lost, partitioned, undeliverable,
                bytesSent);
    }

    long now() {
        return sim.now();
    }

    void removePartition(Partition partition) {
        active.remove(partition);
    }

    private Partition add(Partition partition) {
        active.add(partition);
        history.add(partition);
        return partition;
    }

    private boolean isCut(String from, String to) {
        for (int i = 0; i < active.size(); i++) {
            if (active.get(i).cuts(from, to)) {
                return true;
            }
        }
        return false;
    }

    private Link linkOrDefaults(String from, String to) {
        if (links.isEmpty()) {
            return userDefaults;
        }
        Link link = links.get(key(from, to));
        return link != null ? link : userDefaults;
    }

    private static String key(String a, String b) {
        return a.compareTo(b) <= 0 ? a + '\u0000' + b : b + '\u0000' + a;
    }
}
