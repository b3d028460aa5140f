package io.kitemq.protocol.body;

import java.util.Set;

/**
 * One topic subscription of a consumer group: the expression as written ({@code subString}, e.g.
 * {@code "TagA || TagB"} or {@code "*"}), for TAG expressions the parsed tags and their hash codes, the
 * version (the client's timestamp when it built the subscription) and the expression type ({@code TAG},
 * the default, or {@code SQL92}).
 *
 * <p>RocketMQ's {@code filterClassSource} is never serialized by RocketMQ and is left out.
 *
 * <p>Immutable and thread-safe.
 */
public record SubscriptionData(
        String topic,
        String subString,
        Set<String> tagsSet,
        Set<Integer> codeSet,
        long subVersion,
        String expressionType,
        boolean classFilterMode) {

    public static final String SUB_ALL = "*";
    public static final String EXPRESSION_TAG = "TAG";
    public static final String EXPRESSION_SQL92 = "SQL92";

    public SubscriptionData {
        tagsSet = BodyCollections.set(tagsSet);
        codeSet = BodyCollections.set(codeSet);
        expressionType = expressionType == null ? EXPRESSION_TAG : expressionType;
    }
}
