package io.kitemq.protocol.body;

import java.util.Map;

/**
 * A string-to-string table, used by runtime-info and config answers.
 *
 * <p>Immutable and thread-safe.
 */
public record KVTable(Map<String, String> table) {

    public KVTable {
        table = BodyCollections.map(table);
    }
}
