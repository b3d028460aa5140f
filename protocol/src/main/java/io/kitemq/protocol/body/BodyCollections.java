package io.kitemq.protocol.body;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Defensive copies for the body records: {@code null} becomes empty, {@code null} elements and keys
 * (which a peer may send) are dropped, order is kept, and the result is unmodifiable.
 *
 * <p>Stateless and thread-safe.
 */
final class BodyCollections {

    private BodyCollections() {}

    static <T> List<T> list(Collection<T> in) {
        if (in == null || in.isEmpty()) {
            return Collections.emptyList();
        }
        List<T> copy = new ArrayList<>(in.size());
        for (T t : in) {
            if (t != null) {
                copy.add(t);
            }
        }
        return Collections.unmodifiableList(copy);
    }

    static <T> Set<T> set(Collection<T> in) {
        if (in == null || in.isEmpty()) {
            return Collections.emptySet();
        }
        Set<T> copy = new LinkedHashSet<>(in.size() * 2);
        for (T t : in) {
            if (t != null) {
                copy.add(t);
            }
        }
        return Collections.unmodifiableSet(copy);
    }

    static <K, V> Map<K, V> map(Map<K, V> in) {
        if (in == null || in.isEmpty()) {
            return Collections.emptyMap();
        }
        Map<K, V> copy = new LinkedHashMap<>(in.size() * 2);
        for (Map.Entry<K, V> e : in.entrySet()) {
            if (e.getKey() != null) {
                copy.put(e.getKey(), e.getValue());
            }
        }
        return Collections.unmodifiableMap(copy);
    }
}
