package io.kitemq.protocol.header;

import java.util.Map;

/**
 * Writes optional header fields into a command's extFields: a null value is left out, any other value is written as
 * its {@code toString()} (decimal numbers, {@code "true"}/{@code "false"}), which is the form RocketMQ writes.
 *
 * <p>Stateless and thread-safe.
 */
final class ExtFieldWriter {

    private ExtFieldWriter() {}

    static void putIfNotNull(Map<String, String> extFields, String key, Object value) {
        if (value != null) {
            extFields.put(key, value.toString());
        }
    }
}
