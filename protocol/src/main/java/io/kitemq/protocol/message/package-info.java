/**
 * The message model (Message, MessageExt, MessageQueue, properties, sysFlag bits) and the byte formats
 * messages travel and rest in: stored records ({@link io.kitemq.protocol.message.StoredMessageFormat},
 * {@link io.kitemq.protocol.message.StoredMessageCodec}), batch bodies ({@link
 * io.kitemq.protocol.message.BatchCodec}), and the two message ids ({@link
 * io.kitemq.protocol.message.OffsetMsgId}, {@link io.kitemq.protocol.message.UniqueIdGenerator}). All
 * formats are byte-for-byte those of Apache RocketMQ 5.5.
 */
package io.kitemq.protocol.message;
