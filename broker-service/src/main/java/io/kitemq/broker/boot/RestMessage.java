package io.kitemq.broker.boot;

import io.kitemq.protocol.message.PropertyKeys;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One message a REST client sends, whatever the request looked like (JSON or raw bytes with headers):
 * body, tag, business keys, application properties and, optionally, the queue to write to. Validated
 * here so both request forms refuse the same things with the same words.
 *
 * <p>Immutable and thread-safe (the body array is not copied: do not change it).
 *
 * @param body the message body, not empty
 * @param tags the tag, or null
 * @param keys business keys (indexed for query by key), none containing a space
 * @param properties application properties; system names refused, except {@code UNIQ_KEY} (the client's
 *     message id, generated when absent) and the delivery-time properties {@code DELAY} (level),
 *     {@code TIMER_DELIVER_MS}, {@code TIMER_DELAY_SEC} and {@code TIMER_DELAY_MS}, whose values the send
 *     path checks
 * @param queueId the write queue, or null for any
 */
record RestMessage(byte[] body, String tags, List<String> keys, Map<String, String> properties, Integer queueId) {

    /** System properties a REST sender may set. */
    static final Set<String> ALLOWED_SYSTEM_PROPERTIES = Set.of(
            PropertyKeys.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX,
            PropertyKeys.PROPERTY_DELAY_TIME_LEVEL,
            PropertyKeys.PROPERTY_TIMER_DELIVER_MS,
            PropertyKeys.PROPERTY_TIMER_DELAY_SEC,
            PropertyKeys.PROPERTY_TIMER_DELAY_MS);

    RestMessage {
        Objects.requireNonNull(body, "body");
        keys = keys == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(keys));
        properties = properties == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        if (body.length == 0) {
            throw Problem.badRequest("the message body is empty");
        }
        if (tags != null && (tags.isBlank() || hasSeparator(tags))) {
            throw Problem.badRequest("the tag must not be blank or contain control characters U+0001/U+0002");
        }
        for (String key : keys) {
            if (key == null || key.isBlank() || key.contains(PropertyKeys.KEY_SEPARATOR) || hasSeparator(key)) {
                throw Problem.badRequest("a key must not be blank or contain a space: '" + key + "'");
            }
        }
        properties.forEach(RestMessage::checkProperty);
        if (queueId != null && queueId < 0) {
            throw Problem.badRequest("queueId must be >= 0: " + queueId);
        }
    }

    private static void checkProperty(String name, String value) {
        if (name != null && PropertyKeys.isSystemKey(name) && !ALLOWED_SYSTEM_PROPERTIES.contains(name)) {
            throw Problem.badRequest("property " + name + " is reserved by the system; use another name");
        }
        if (name == null
                || name.isBlank()
                || value == null
                || value.isBlank()
                || hasSeparator(name)
                || hasSeparator(value)) {
            throw Problem.badRequest("property '" + name + "' must have a name and a value without control characters "
                    + "U+0001/U+0002");
        }
    }

    private static boolean hasSeparator(String s) {
        return s.indexOf('\u0001') >= 0 || s.indexOf('\u0002') >= 0;
    }

    /** The client's message id if the sender chose one. */
    String uniqueKey() {
        return properties.get(PropertyKeys.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
    }
}
