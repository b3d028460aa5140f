package io.kitemq.nameserver.handler;

/** KV namespaces with a meaning to the NameServer itself (RocketMQ's {@code NamesrvUtil}). */
public final class NameServerNamespaces {

    /** topic → "brokerName:queueNums;…": the queue layout of ordered topics, returned in routes. */
    public static final String ORDER_TOPIC_CONFIG = "ORDER_TOPIC_CONFIG";

    private NameServerNamespaces() {}
}
