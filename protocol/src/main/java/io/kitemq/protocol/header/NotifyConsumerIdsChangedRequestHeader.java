package io.kitemq.protocol.header;

import java.util.Map;
import java.util.Objects;

/**
 * Custom header of {@code NOTIFY_CONSUMER_IDS_CHANGED} (40), broker to client, one-way.
 *
 * <p>Required keys: {@code consumerGroup}.
 *
 * <p>Immutable and thread-safe.
 */
public record NotifyConsumerIdsChangedRequestHeader(String consumerGroup) implements CommandCustomHeader {

    public NotifyConsumerIdsChangedRequestHeader {
        Objects.requireNonNull(consumerGroup, "consumerGroup");
    }

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static NotifyConsumerIdsChangedRequestHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "NotifyConsumerIdsChangedRequestHeader");
        return new NotifyConsumerIdsChangedRequestHeader(r.requiredString("consumerGroup"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("consumerGroup", consumerGroup);
    }
}
