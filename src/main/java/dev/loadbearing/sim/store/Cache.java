package dev.loadbearing.sim.store;

import dev.loadbearing.sim.engine.LearnerApi;
import dev.loadbearing.sim.engine.Action;
import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.Fault;
import dev.loadbearing.sim.engine.Outages;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A simulated in-memory cache such as Redis or Memcached: a fixed number of entries, least
 * recently used eviction, expiry after a time to live, and contents that live only in memory.
 * Every call takes a latency drawn from {@link #latency(Distribution)} and answers through a
 * callback; the call takes effect when it completes.
 *
 * <pre>{@code
 * Cache<String, String> cache = new Cache<String, String>(sim, "cache")
 *         .capacity(1_000)
 *         .ttl(Time.seconds(60));
 * cache.put("user:7", "Ada", reply -> { });
 * cache.get("user:7", reply -> System.out.println(reply.value()));   // "Ada", or null on a miss
 * cache.crashAt(Time.seconds(30));                                    // loses everything
 * }</pre>
 *
 * <p>A get that finds nothing, or finds an entry whose time to live has run out, is a miss and
 * answers {@code null}. An entry put with time to live {@code t} at time {@code p} is found up to
 * {@code p + t} exclusive. Putting into a full cache evicts the least recently used entry (an
 * entry is used by a get that finds it and by a put). A crashed cache refuses calls
 * ({@link Reply.Status#DOWN}), calls in flight fail ({@link Reply.Status#CRASHED}), and it
 * restarts empty.
 *
 * @param <K> the type of keys; give them a stable {@code hashCode} (strings, numbers, records)
 * @param <V> the type of values
 */
@LearnerApi
public final class Cache<K, V> {
    private enum Kind { GET, PUT, DELETE, UPDATE }

    private final Sim sim;
    private final String name;
    private final RandomStream random;
    /** In order of use, least recent first: a use removes and re-inserts the entry. */
    private final LinkedHashMap<K, Entry<V>> entries = new LinkedHashMap<>();
    private final Outages outages;
    private final Action<Call<K, V>> complete = this::complete;
    private final String completeLabel;

    private int capacity = Integer.MAX_VALUE;
    private long defaultTtl;
    private Distribution latency = Distribution.constant(Time.ms(0.5));
    private long hits;
    private long misses;
    private long puts;
    private long deletes;
    private long evictions;
    private long expirations;
    private long failures;

    /**
     * Creates an unbounded cache whose entries never expire and whose calls take 0.5 ms. Its
     * random stream is {@code cache/<name>}.
     *
     * @param sim the simulation it runs in
     * @param name its name, for traces and fault bands
     */
    public Cache(Sim sim, String name) {
        this.sim = Objects.requireNonNull(sim, "sim");
        this.name = Objects.requireNonNull(name, "name");
        this.outages = new Outages(sim, name + " down");
        this.random = sim.random("cache/" + name);
        this.completeLabel = name + " completes";
    }

    /**
     * Sets how many entries the cache holds; putting one more evicts the least recently used.
     *
     * @param entries at least one
     * @return this cache
     */
    public Cache<K, V> capacity(int entries) {
        if (entries < 1) {
            throw new IllegalArgumentException("capacity must be at least one entry");
        }
        capacity = entries;
        return this;
    }

    /**
     * Sets the time to live of entries put without one.
     *
     * @param nanos how long an entry stays, or 0 for ever
     * @return this cache
     */
    public Cache<K, V> ttl(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("time to live must not be negative");
        }
        defaultTtl = nanos;
        return this;
    }

    /**
     * Sets how long each call takes, from the call to its reply.
     *
     * @param distribution nanoseconds per call
     * @return this cache
     */
    public Cache<K, V> latency(Distribution distribution) {
        latency = Objects.requireNonNull(distribution, "distribution");
        return this;
    }

    // ------------------------------------------------------------------------- calls

    /**
     * Looks a key up. The reply's value is the cached value, or {@code null} on a miss.
     *
     * @param key the key
     * @param reply called when the answer arrives; may be {@code null}
     */
    @LearnerApi
    public void get(K key, Consumer<Reply<V>> reply) {
        call(Kind.GET, key, null, 0, reply);
    }

    /**
     * Stores a value with the cache's default time to live. The reply's value is the value put.
     *
     * @param key the key
     * @param value the value, not {@code null}
     * @param reply called when the answer arrives; may be {@code null}
     */
    @LearnerApi
    public void put(K key, V value, Consumer<Reply<V>> reply) {
        put(key, value, defaultTtl, reply);
    }

    /**
     * Stores a value with its own time to live. The reply's value is the value put.
     *
     * @param key the key
     * @param value the value, not {@code null}
     * @param ttl nanoseconds the entry stays, or 0 for ever
     * @param reply called when the answer arrives; may be {@code null}
     */
    @LearnerApi
    public void put(K key, V value, long ttl, Consumer<Reply<V>> reply) {
        Objects.requireNonNull(value, "a cache does not store null values");
        if (ttl < 0) {
            throw new IllegalArgumentException("time to live must not be negative");
        }
        call(Kind.PUT, key, value, ttl, reply);
    }

    /**
     * Removes a key. The reply's value is the value removed, or {@code null} if there was none.
     *
     * @param key the key
     * @param reply called when the answer arrives; may be {@code null}
     */
    @LearnerApi
    public void delete(K key, Consumer<Reply<V>> reply) {
        call(Kind.DELETE, key, null, 0, reply);
    }

    /**
     * Reads, changes and writes one entry in a single step at the cache, as a Redis {@code INCR} or
     * a Lua script does: no other call can come between the read and the write, so callers on
     * several machines never lose each other's changes. {@code change} gets the live value
     * ({@code null} if there is none) and returns the new one ({@code null} removes the entry);
     * it runs when the call reaches the cache, not when it is made. The entry keeps the cache's
     * default time to live from this write. The reply's value is the new value. Counts as a put.
     *
     * <pre>{@code
     * counters.update("hits", n -> n == null ? 1L : n + 1, reply -> log(reply.value()));
     * }</pre>
     *
     * @param key the key
     * @param change from the current value to the new one; must not call the cache
     * @param reply called when the answer arrives; may be {@code null}
     */
    @LearnerApi
    public void update(K key, UnaryOperator<V> change, Consumer<Reply<V>> reply) {
        Objects.requireNonNull(change, "change");
        call(Kind.UPDATE, key, null, change, defaultTtl, reply);
    }

    private void call(Kind kind, K key, V value, long ttl, Consumer<Reply<V>> reply) {
        call(kind, key, value, null, ttl, reply);
    }

    private void call(Kind kind, K key, V value, UnaryOperator<V> change, long ttl, Consumer<Reply<V>> reply) {
        Objects.requireNonNull(key, "key");
        Call<K, V> call = new Call<>(kind, key, value, change, ttl, reply, outages.epoch(), outages.isUp());
        long delay = outages.isUp() ? latency.sampleNanos(random) : 0;
        sim.schedule(sim.now() + delay, completeLabel, complete, call);
    }

    private void complete(Call<K, V> call) {
        if (!call.upWhenCalled) {
            fail(call, Reply.Status.DOWN);
            return;
        }
        if (!outages.isUp() || call.epoch != outages.epoch()) {
            fail(call, Reply.Status.CRASHED);
            return;
        }
        V result = switch (call.kind) {
            case GET -> lookup(call.key);
            case PUT -> store(call.key, call.value, call.ttl);
            case DELETE -> remove(call.key);
            case UPDATE -> change(call.key, call.change, call.ttl);
        };
        if (call.reply != null) {
            call.reply.accept(Reply.ok(result));
        }
    }

    private void fail(Call<K, V> call, Reply.Status status) {
        failures++;
        if (call.reply != null) {
            call.reply.accept(Reply.failed(status));
        }
    }

    private V lookup(K key) {
        Entry<V> entry = entries.get(key);
        if (entry != null && entry.expired(sim.now())) {
            entries.remove(key);
            expirations++;
            entry = null;
        }
        if (entry == null) {
            misses++;
            return null;
        }
        hits++;
        entries.remove(key);
        entries.put(key, entry);
        return entry.value;
    }

    private V store(K key, V value, long ttl) {
        puts++;
        entries.remove(key);
        entries.put(key, new Entry<>(value, ttl == 0 ? Long.MAX_VALUE : sim.now() + ttl));
        if (entries.size() > capacity) {
            Iterator<Entry<V>> eldest = entries.values().iterator();
            Entry<V> evicted = eldest.next();
            eldest.remove();
            if (evicted.expired(sim.now())) {
                expirations++;
            } else {
                evictions++;
            }
        }
        return value;
    }

    private V change(K key, UnaryOperator<V> change, long ttl) {
        V updated = change.apply(peek(key));
        if (updated == null) {
            entries.remove(key);
            return null;
        }
        return store(key, updated, ttl);
    }

    private V remove(K key) {
        deletes++;
        Entry<V> removed = entries.remove(key);
        return removed == null || removed.expired(sim.now()) ? null : removed.value;
    }

    // ------------------------------------------------------------------------- faults

    /** Crashes the cache now: its contents are lost, calls in flight fail, new calls are refused. */
    @LearnerApi.Internal("the test injects faults; handle a DOWN or CRASHED reply instead")
    public void crash() {
        if (outages.crash()) {
            entries.clear();
        }
    }

    /** Restarts a crashed cache, empty. */
    @LearnerApi.Internal("the test injects faults; handle a DOWN or CRASHED reply instead")
    public void restart() {
        outages.restart();
    }

    /**
     * Crashes the cache at a given time.
     *
     * @param time nanoseconds since the start of the run
     */
    public void crashAt(long time) {
        sim.at(time, "crash " + name, this::crash);
    }

    /**
     * Restarts the cache at a given time.
     *
     * @param time nanoseconds since the start of the run
     */
    public void restartAt(long time) {
        sim.at(time, "restart " + name, this::restart);
    }

    // ------------------------------------------------------------------------- observing

    /**
     * Returns the value stored for a key now, without latency, counting or touching its recency;
     * for tests and invariants.
     *
     * @param key the key
     * @return the live value, or {@code null}
     */
    @LearnerApi.Internal("read through get(key, reply) (or ReadThrough.get): it takes the cache's latency and counts as a hit or a miss")
    public V peek(K key) {
        Entry<V> entry = entries.get(key);
        return entry == null || entry.expired(sim.now()) ? null : entry.value;
    }

    /**
     * Returns the keys of live entries, least recently used first, without touching them.
     *
     * @return the keys
     */
    public List<K> keys() {
        List<K> keys = new ArrayList<>();
        long now = sim.now();
        for (Map.Entry<K, Entry<V>> entry : entries.entrySet()) {
            if (!entry.getValue().expired(now)) {
                keys.add(entry.getKey());
            }
        }
        return keys;
    }

    /**
     * Returns the number of live entries (expired ones not yet removed are not counted).
     *
     * @return the size
     */
    public int size() {
        return keys().size();
    }

    /**
     * Returns the cache's name.
     *
     * @return the name
     */
    @LearnerApi
    public String name() {
        return name;
    }

    /**
     * Returns whether the cache is up.
     *
     * @return {@code false} between a crash and the restart
     */
    public boolean isUp() {
        return outages.isUp();
    }

    /**
     * Returns how many gets found a live entry.
     *
     * @return hits so far
     */
    public long hits() {
        return hits;
    }

    /**
     * Returns how many gets found nothing or an expired entry.
     *
     * @return misses so far
     */
    public long misses() {
        return misses;
    }

    /**
     * Returns the share of gets that were hits.
     *
     * @return hits / (hits + misses), or 0 before the first get
     */
    public double hitRatio() {
        long gets = hits + misses;
        return gets == 0 ? 0 : (double) hits / gets;
    }

    /**
     * Returns how many puts completed.
     *
     * @return puts so far
     */
    public long puts() {
        return puts;
    }

    /**
     * Returns how many deletes completed.
     *
     * @return deletes so far
     */
    public long deletes() {
        return deletes;
    }

    /**
     * Returns how many live entries were evicted to make room.
     *
     * @return evictions so far
     */
    public long evictions() {
        return evictions;
    }

    /**
     * Returns how many entries were found expired and removed.
     *
     * @return expirations so far
     */
    public long expirations() {
        return expirations;
    }

    /**
     * Returns how many calls failed because the cache was down or crashed.
     *
     * @return failed calls so far
     */
    public long failures() {
        return failures;
    }

    /**
     * Returns every crash so far with its restart, for fault bands.
     *
     * @return the faults, oldest first
     */
    public List<Fault> faults() {
        return outages.faults();
    }

    /**
     * Returns the cache's counts so far as one record.
     *
     * @return the statistics
     */
    public CacheStats stats() {
        return new CacheStats(hits(), misses(), hitRatio(), puts(), deletes(), evictions(), expirations(),
                failures(), size());
    }

    @Override
    public String toString() {
        return "Cache[" + name + ", " + entries.size() + " entries, hits=" + hits + ", misses="
                + misses + ", evictions=" + evictions + (outages.isUp() ? "" : ", down") + "]";
    }

    private record Entry<V>(V value, long expiresAt) {
        boolean expired(long now) {
            return now >= expiresAt;
        }
    }

    private record Call<K, V>(Kind kind, K key, V value, UnaryOperator<V> change, long ttl, Consumer<Reply<V>> reply,
            int epoch, boolean upWhenCalled) {
        @Override
        public String toString() {
            return kind.name().toLowerCase() + " " + key;
        }
    }
}
