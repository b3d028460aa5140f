package io.kitemq.client.consumer;

import io.kitemq.protocol.message.MessageExt;
import java.util.List;

/**
 * Consumes each queue's messages one batch at a time in queue order, on one thread per queue at a
 * time. In clustering mode the consumer first locks the queue on the broker, so no other client of the
 * group consumes it meanwhile. {@link ConsumeResult#RETRY} (or an exception) suspends the queue for a
 * moment and retries the same messages; nothing later in the queue is consumed before them.
 */
@FunctionalInterface
public non-sealed interface OrderlyListener extends MessageListener {

    ConsumeResult consume(List<MessageExt> messages, ConsumeContext context);
}
