package io.kitemq.broker.filter;

import java.util.Map;

/**
 * A store filter that decides on a message's properties, so long polling can tell from a dispatched
 * message's properties (without reading the record again) whether a held pull would take it.
 * Implementations are thread-safe.
 */
public interface PropertyFilter {

    boolean matchesProperties(Map<String, String> properties);
}
