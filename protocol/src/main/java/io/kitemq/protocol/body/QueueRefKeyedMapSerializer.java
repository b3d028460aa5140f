package io.kitemq.protocol.body;

import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;

/**
 * Writes a map keyed by {@link QueueRef} as fastjson does, each key a bare JSON object:
 * {@code {{"brokerName":"b","queueId":1,"topic":"T"}:5}}. Not standard JSON, but RocketMQ's parsers
 * (fastjson 1 and 2) read a {@code MessageQueue} key in no other form — a quoted key makes them fail.
 *
 * <p>Stateless and thread-safe.
 */
final class QueueRefKeyedMapSerializer extends ValueSerializer<Map<QueueRef, ?>> {

    @Override
    public void serialize(Map<QueueRef, ?> map, JsonGenerator gen, SerializationContext ctxt) {
        StringBuilder sb = new StringBuilder(16 + map.size() * 80);
        sb.append('{');
        for (Map.Entry<QueueRef, ?> e : map.entrySet()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append(BodyCodec.toJsonText(e.getKey())).append(':').append(BodyCodec.toJsonText(e.getValue()));
        }
        gen.writeRawValue(sb.append('}').toString());
    }
}
