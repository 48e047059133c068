package io.tee4j.core.util;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A concurrent map with a size bound that evicts, approximately, the least recently used entry.
 * Reads take no lock (they sit on verifiers' warm paths and must scale across threads) and record
 * their time only when it moved by more than a millisecond, so concurrent reads of one entry do not
 * keep writing one cache line. A put of a new key into a full cache removes the entries with the
 * oldest recorded use (a linear scan: puts happen on cold paths, next to far costlier work such as a
 * chain validation). The size may exceed the capacity only while puts are in progress; once they
 * return it is at most the capacity. Null keys and values are refused.
 *
 * <p>Support code for tee4j's own modules, not API (see the package documentation).
 */
public final class BoundedCache<K, V> {
    private static final long TOUCH_NANOS = 1_000_000L;

    private final ConcurrentHashMap<K, Node<V>> map = new ConcurrentHashMap<>();
    private final int capacity;

    /** A cache holding at most {@code capacity} entries ({@code capacity ≥ 1}). */
    public BoundedCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("cache capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    /** The value for {@code key}, or null. */
    public V get(K key) {
        Node<V> n = map.get(key);
        if (n == null) {
            return null;
        }
        long now = System.nanoTime();
        if (now - n.lastUsed > TOUCH_NANOS) {
            n.lastUsed = now;
        }
        return n.value;
    }

    /** Stores {@code value} for {@code key}, evicting the least recently used entries if full. */
    public void put(K key, V value) {
        Objects.requireNonNull(value, "value");
        if (map.put(Objects.requireNonNull(key, "key"), new Node<>(value, System.nanoTime())) == null) {
            trim();
        }
    }

    /**
     * The value for {@code key}, computing and storing it when absent. Concurrent callers for one
     * absent key may each compute it (the computation runs outside any lock, so a slow one never
     * blocks other keys); one of the results is kept.
     */
    public V computeIfAbsent(K key, Function<? super K, ? extends V> compute) {
        V v = get(key);
        if (v != null) {
            return v;
        }
        V computed = Objects.requireNonNull(compute.apply(key), "computed value");
        Node<V> fresh = new Node<>(computed, System.nanoTime());
        Node<V> prior = map.putIfAbsent(key, fresh);
        if (prior != null) {
            return prior.value;
        }
        trim();
        return computed;
    }

    /** Removes the entry for {@code key}, if any. */
    public void remove(K key) {
        map.remove(key);
    }

    /** Removes every entry. */
    public void clear() {
        map.clear();
    }

    /** The number of entries now. */
    public int size() {
        return map.size();
    }

    /** The bound given at construction. */
    public int capacity() {
        return capacity;
    }

    private void trim() {
        while (map.size() > capacity && evictOldest()) {
            // evictOldest removed one entry; look at the size again
        }
    }

    private boolean evictOldest() {
        Map.Entry<K, Node<V>> oldest = null;
        for (Map.Entry<K, Node<V>> e : map.entrySet()) {
            if (oldest == null || e.getValue().lastUsed - oldest.getValue().lastUsed < 0) {
                oldest = e;
            }
        }
        // remove(key, node): a concurrent put that just replaced this entry keeps its fresh value
        return oldest != null && (map.remove(oldest.getKey(), oldest.getValue()) || !map.isEmpty());
    }

    private static final class Node<V> {
        final V value;
        volatile long lastUsed;

        Node(V value, long lastUsed) {
            this.value = value;
            this.lastUsed = lastUsed;
        }
    }
}
