package io.kitemq.client;

import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.message.MessageQueue;
import io.kitemq.remoting.RemotingException;
import java.util.Set;

/**
 * A client call failed. The message names what was attempted and, where known, the topic, queue, broker
 * and broker response code; the same facts are available as fields. Two kinds: {@link
 * RetriableClientException} (the same call may succeed later or on another broker: timeouts, lost
 * connections, a busy or unavailable broker) and {@link FatalClientException} (retrying cannot help:
 * invalid input, a missing topic, a refused permission, the client is closed).
 *
 * <p>Immutable and thread-safe.
 */
public abstract sealed class KiteMqClientException extends RuntimeException
        permits RetriableClientException, FatalClientException {

    /** Response codes after which a producer may try again (on another broker), as RocketMQ's producer. */
    private static final Set<Integer> RETRIABLE_CODES = Set.of(
            ResponseCode.SYSTEM_ERROR.code(),
            ResponseCode.SYSTEM_BUSY.code(),
            ResponseCode.SERVICE_NOT_AVAILABLE.code(),
            ResponseCode.TOPIC_NOT_EXIST.code(),
            ResponseCode.NO_PERMISSION.code(),
            ResponseCode.NO_BUYER_ID.code(),
            ResponseCode.NOT_IN_CURRENT_UNIT.code(),
            ResponseCode.FLOW_CONTROL.code(),
            ResponseCode.GO_AWAY.code());

    private final String topic;
    private final MessageQueue queue;
    private final String broker;
    private final Integer responseCode;

    protected KiteMqClientException(
            String what, String topic, MessageQueue queue, String broker, Integer responseCode, Throwable cause) {
        super(describe(what, topic, queue, broker, responseCode), cause);
        this.topic = topic;
        this.queue = queue;
        this.broker = broker;
        this.responseCode = responseCode;
    }

    public abstract boolean isRetriable();

    /** The topic concerned, or {@code null}. */
    public String topic() {
        return topic;
    }

    /** The queue concerned, or {@code null}. */
    public MessageQueue queue() {
        return queue;
    }

    /** The broker (name or address) concerned, or {@code null}. */
    public String broker() {
        return broker;
    }

    /** The broker's response code, or {@code null} when the call failed before a response. */
    public Integer responseCode() {
        return responseCode;
    }

    /** Whether a broker response with {@code code} is worth retrying (on another broker). */
    public static boolean isRetriableCode(int code) {
        return RETRIABLE_CODES.contains(code);
    }

    /**
     * The exception for a broker's error response: retriable or fatal by its code; the remark becomes part
     * of the message.
     */
    public static KiteMqClientException ofResponse(
            String what, int code, String remark, String topic, MessageQueue queue, String broker) {
        String text = what + ": " + ResponseCode.describe(code) + (remark == null ? "" : " " + remark);
        return isRetriableCode(code)
                ? new RetriableClientException(text, topic, queue, broker, code, null)
                : new FatalClientException(text, topic, queue, broker, code, null);
    }

    /** The exception for a transport failure; retriable when the transport says so. */
    public static KiteMqClientException ofTransport(
            String what, RemotingException e, String topic, MessageQueue queue, String broker) {
        String text = what + ": " + e.getMessage();
        return e.isRetriable()
                ? new RetriableClientException(text, topic, queue, broker, null, e)
                : new FatalClientException(text, topic, queue, broker, null, e);
    }

    private static String describe(String what, String topic, MessageQueue queue, String broker, Integer code) {
        StringBuilder sb = new StringBuilder(what);
        String sep = " [";
        if (topic != null && queue == null) {
            sb.append(sep).append("topic=").append(topic);
            sep = ", ";
        }
        if (queue != null) {
            sb.append(sep)
                    .append("queue=")
                    .append(queue.topic())
                    .append('@')
                    .append(queue.brokerName())
                    .append('#')
                    .append(queue.queueId());
            sep = ", ";
        }
        if (broker != null) {
            sb.append(sep).append("broker=").append(broker);
            sep = ", ";
        }
        if (code != null) {
            sb.append(sep).append("code=").append(code);
            sep = ", ";
        }
        return sep.equals(", ") ? sb.append(']').toString() : sb.toString();
    }
}
