package io.kitemq.protocol.code;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Response codes with RocketMQ's numbers (system codes 0-4 and the business codes of
 * {@code ResponseCode}). Clients switch on these; the numbers are the wire contract and never change.
 *
 * <p>Immutable and thread-safe.
 */
public enum ResponseCode {
    SUCCESS(0),
    SYSTEM_ERROR(1),
    SYSTEM_BUSY(2),
    REQUEST_CODE_NOT_SUPPORTED(3),
    TRANSACTION_FAILED(4),
    FLUSH_DISK_TIMEOUT(10),
    SLAVE_NOT_AVAILABLE(11),
    FLUSH_SLAVE_TIMEOUT(12),
    MESSAGE_ILLEGAL(13),
    SERVICE_NOT_AVAILABLE(14),
    VERSION_NOT_SUPPORTED(15),
    NO_PERMISSION(16),
    TOPIC_NOT_EXIST(17),
    TOPIC_EXIST_ALREADY(18),
    PULL_NOT_FOUND(19),
    PULL_RETRY_IMMEDIATELY(20),
    PULL_OFFSET_MOVED(21),
    QUERY_NOT_FOUND(22),
    SUBSCRIPTION_PARSE_FAILED(23),
    SUBSCRIPTION_NOT_EXIST(24),
    SUBSCRIPTION_NOT_LATEST(25),
    SUBSCRIPTION_GROUP_NOT_EXIST(26),
    FILTER_DATA_NOT_EXIST(27),
    FILTER_DATA_NOT_LATEST(28),
    INVALID_PARAMETER(29),
    TRANSACTION_SHOULD_COMMIT(200),
    TRANSACTION_SHOULD_ROLLBACK(201),
    TRANSACTION_STATE_UNKNOW(202),
    TRANSACTION_STATE_GROUP_WRONG(203),
    NO_BUYER_ID(204),
    NOT_IN_CURRENT_UNIT(205),
    CONSUMER_NOT_ONLINE(206),
    CONSUME_MSG_TIMEOUT(207),
    NO_MESSAGE(208),
    POLLING_FULL(209),
    POLLING_TIMEOUT(210),
    BROKER_NOT_EXIST(211),
    BROKER_DISPATCH_NOT_COMPLETE(212),
    BROADCAST_CONSUMPTION(213),
    FLOW_CONTROL(215),
    NOT_LEADER_FOR_QUEUE(501),
    ILLEGAL_OPERATION(604),
    GO_AWAY(1500),
    USER_NOT_EXIST(3001),
    POLICY_NOT_EXIST(3002),
    /** Client-local: an unknown RPC failure. */
    RPC_UNKNOWN(-1000),
    /** Client-local: no address to send to. */
    RPC_ADDR_IS_NULL(-1002),
    /** Client-local: the request could not be written. */
    RPC_SEND_TO_CHANNEL_FAILED(-1004),
    /** Client-local: no response within the timeout. */
    RPC_TIME_OUT(-1006);

    private static final Map<Integer, ResponseCode> BY_CODE = new HashMap<>();

    static {
        for (ResponseCode c : values()) {
            BY_CODE.put(c.code, c);
        }
    }

    private final int code;

    ResponseCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The code for a number, or empty for a number this version does not know (a typed "unknown"). */
    public static Optional<ResponseCode> fromCode(int code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    /** A readable name for any number, e.g. {@code "TOPIC_NOT_EXIST(17)"} or {@code "UNKNOWN(77)"}. */
    public static String describe(int code) {
        ResponseCode c = BY_CODE.get(code);
        return (c == null ? "UNKNOWN" : c.name()) + "(" + code + ")";
    }
}
