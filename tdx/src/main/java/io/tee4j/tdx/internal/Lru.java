package io.tee4j.tdx.internal;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A bounded concurrent map that evicts the least recently used entry when full, approximately:
 * reads take no lock (they sit on every verifier's warm path and must scale across threads), and
 * record their time only when it moved by more than a millisecond, so that concurrent reads of one
 * entry do not keep writing one cache line. A put into a full map removes the entry with the
 * oldest recorded use (a linear scan; puts happen on cold paths, next to work far costlier). The
 * size may briefly exceed the capacity by the number of concurrent puts. Not API.
 */
public final class Lru<K, V> {
    private static final long TOUCH_NANOS = 1_000_000L;

    private final ConcurrentHashMap<K, Node<V>> map = new ConcurrentHashMap<>();
    private final int capacity;

    public Lru(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

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

    public void put(K key, V value) {
        Objects.requireNonNull(value, "value");
        if (map.put(key, new Node<>(value, System.nanoTime())) == null) {
            while (map.size() > capacity && evictOldest()) {
                // evictOldest removed one; check the size again
            }
        }
    }

    private boolean evictOldest() {
        K oldest = null;
        long oldestUse = Long.MAX_VALUE;
        boolean first = true;
        for (Map.Entry<K, Node<V>> e : map.entrySet()) {
            long used = e.getValue().lastUsed;
            if (first || used - oldestUse < 0) {
                oldest = e.getKey();
                oldestUse = used;
                first = false;
            }
        }
        return oldest != null && map.remove(oldest) != null;
    }

    public int size() {
        return map.size();
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
