package io.kitemq.client.admin;

import java.util.Map;

/**
 * The outcome of a dead-letter resend: how many messages were sent back, to which topics, and how many
 * were skipped because no original topic could be found in them. Immutable.
 *
 * <p>Immutable; thread-safe.
 */
public record ResendResult(String group, int resent, int skipped, Map<String, Integer> resentByTopic) {

    public ResendResult {
        resentByTopic = Map.copyOf(resentByTopic);
    }
}
