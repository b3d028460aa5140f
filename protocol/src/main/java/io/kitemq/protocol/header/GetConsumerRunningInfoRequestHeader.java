package io.kitemq.protocol.header;

import java.util.Map;
import java.util.Objects;

/**
 * Custom header of {@code GET_CONSUMER_RUNNING_INFO} (307), admin to broker and broker to client.
 * {@link #jstackEnable} defaults to {@code false}.
 *
 * <p>Required keys: {@code consumerGroup}, {@code clientId}. Keys always written and defaulted when absent:
 * {@code jstackEnable} (false).
 *
 * <p>Immutable and thread-safe.
 */
public record GetConsumerRunningInfoRequestHeader(String consumerGroup, String clientId, boolean jstackEnable)
        implements CommandCustomHeader {

    public GetConsumerRunningInfoRequestHeader {
        Objects.requireNonNull(consumerGroup, "consumerGroup");
        Objects.requireNonNull(clientId, "clientId");
    }

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static GetConsumerRunningInfoRequestHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "GetConsumerRunningInfoRequestHeader");
        return new GetConsumerRunningInfoRequestHeader(
                r.requiredString("consumerGroup"), r.requiredString("clientId"), r.booleanOr("jstackEnable", false));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("consumerGroup", consumerGroup);
        extFields.put("clientId", clientId);
        extFields.put("jstackEnable", Boolean.toString(jstackEnable));
    }
}
