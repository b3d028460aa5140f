package io.kitemq.broker.pull;

import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.store.MessageFilter;

/**
 * A pull that found nothing new and waits (long polling) for a message on its queue at or after
 * {@code offset}, until {@code deadlineMillis}.
 */
record HeldPull(
        RemotingPeer peer,
        RemotingCommand request,
        String topic,
        int queueId,
        long offset,
        MessageFilter filter,
        long deadlineMillis) {}
