package io.tee4j.tdx.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** A small synchronized least-recently-used map with a fixed capacity. */
public final class Lru<K, V> {
    private final LinkedHashMap<K, V> map;

    public Lru(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    public synchronized V get(K key) {
        return map.get(key);
    }

    public synchronized void put(K key, V value) {
        map.put(key, value);
    }

    public synchronized int size() {
        return map.size();
    }
}
