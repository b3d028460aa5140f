package io.kitemq.protocol.body;

/**
 * Where a consumer group with no committed offset starts; names as in RocketMQ's
 * {@code ConsumeFromWhere} (the three middle ones are deprecated there and behave as LAST_OFFSET). An
 * unknown name from a newer peer reads as {@code null}.
 */
public enum ConsumeFromWhere {
    CONSUME_FROM_LAST_OFFSET,
    CONSUME_FROM_LAST_OFFSET_AND_FROM_MIN_WHEN_BOOT_FIRST,
    CONSUME_FROM_MIN_OFFSET,
    CONSUME_FROM_MAX_OFFSET,
    CONSUME_FROM_FIRST_OFFSET,
    CONSUME_FROM_TIMESTAMP
}
