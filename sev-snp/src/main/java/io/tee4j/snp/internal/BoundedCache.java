package io.tee4j.snp.internal;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A concurrent map with a size bound: when full, an insert clears it (the entries are cheap to
 * recompute and a verifier sees few distinct keys, so a simple bound beats an LRU here). Not API.
 */
public final class BoundedCache<K, V> {
    private final ConcurrentHashMap<K, V> map = new ConcurrentHashMap<>();
    private final int max;

    public BoundedCache(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("cache size must be positive");
        }
        this.max = max;
    }

    public V get(K key) {
        return map.get(key);
    }

    public void put(K key, V value) {
        if (map.size() >= max && !map.containsKey(key)) {
            map.clear();
        }
        map.put(key, value);
    }

    public int size() {
        return map.size();
    }
}
