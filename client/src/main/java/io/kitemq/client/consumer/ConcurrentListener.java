package io.kitemq.client.consumer;

import io.kitemq.protocol.message.MessageExt;
import java.util.List;

/**
 * Consumes messages on many threads at once, in no particular order. Failed messages
 * ({@link ConsumeResult#RETRY} or an exception) go back to the broker's retry topic of the group and
 * return after a delay with {@link MessageExt#getReconsumeTimes()} increased; after the group's maximum
 * they go to its dead-letter topic. Must be thread-safe.
 */
@FunctionalInterface
public non-sealed interface ConcurrentListener extends MessageListener {

    ConsumeResult consume(List<MessageExt> messages, ConsumeContext context);
}
