/**
 * The JSON bodies of remoting commands (PROTOCOL.md §12) as immutable records whose property names are
 * those fastjson writes for RocketMQ's classes, so each side reads the other's bodies;
 * {@link io.kitemq.protocol.body.BodyCodec} reads and writes them, and
 * {@link io.kitemq.protocol.body.RegisterBrokerBodyFormat} the compressed broker registration.
 *
 * <p>Collections in the records are never {@code null}, unmodifiable and free of {@code null} elements.
 */
package io.kitemq.protocol.body;
