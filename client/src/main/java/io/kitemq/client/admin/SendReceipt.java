package io.kitemq.client.admin;

import io.kitemq.protocol.message.MessageQueue;

/**
 * A message the admin client sent: its client-assigned id ({@code UNIQ_KEY}, what users call msgId), the
 * broker-assigned offsetMsgId, and where it was stored. Immutable.
 *
 * <p>Immutable; thread-safe.
 */
public record SendReceipt(String msgId, String offsetMsgId, MessageQueue queue, long queueOffset) {}
