package io.kitemq.protocol.body;

import io.kitemq.protocol.ProtocolException;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.KeyDeserializer;

/**
 * Reads a {@link QueueRef} map key: the key text is the queue's JSON object, as fastjson writes it (bare,
 * then quoted by {@link ObjectKeyQuoter}) or as a peer quoting it itself would send it.
 *
 * <p>Stateless and thread-safe.
 */
final class QueueRefKeyDeserializer extends KeyDeserializer {

    @Override
    public Object deserializeKey(String key, DeserializationContext ctxt) {
        try {
            return BodyCodec.fromJsonText(key, QueueRef.class);
        } catch (ProtocolException e) {
            return ctxt.handleWeirdKey(QueueRef.class, key, "not a MessageQueue JSON object");
        }
    }
}
