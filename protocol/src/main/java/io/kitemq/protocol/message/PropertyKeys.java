package io.kitemq.protocol.message;

import java.util.Set;

/**
 * Names of the message properties that RocketMQ clients, brokers and tools read and write (PROTOCOL.md
 * §9). Constant names and values are those of RocketMQ 5.5's {@code MessageConst}, so code written
 * against RocketMQ reads the same here; {@link #SYSTEM_KEYS} is the set of names users may not set
 * through {@link Message#putUserProperty(String, String)}.
 *
 * <p>Constants only; thread-safe.
 */
public final class PropertyKeys {

    /** Business keys, several separated by {@link #KEY_SEPARATOR}; indexed for query by key. */
    public static final String PROPERTY_KEYS = "KEYS";
    /** The message tag (one per message in practice); its hash goes into the ConsumeQueue. */
    public static final String PROPERTY_TAGS = "TAGS";
    /** "true"/"false": whether the producer waits for the store (flush/replication) before the reply. */
    public static final String PROPERTY_WAIT_STORE_MSG_OK = "WAIT";
    /** Delay level 1..18 (messageDelayLevel); 0 or absent = deliver now. */
    public static final String PROPERTY_DELAY_TIME_LEVEL = "DELAY";

    public static final String PROPERTY_RETRY_TOPIC = "RETRY_TOPIC";
    public static final String PROPERTY_ORIGIN_GROUP = "ORIGIN_GROUP";
    /** The original topic of a message parked in a system topic (delay, half, retry). */
    public static final String PROPERTY_REAL_TOPIC = "REAL_TOPIC";
    /** The original queue id of a message parked in a system topic. */
    public static final String PROPERTY_REAL_QUEUE_ID = "REAL_QID";
    /** "true" on a transactional half message. */
    public static final String PROPERTY_TRANSACTION_PREPARED = "TRAN_MSG";

    public static final String PROPERTY_PRODUCER_GROUP = "PGROUP";
    public static final String PROPERTY_MIN_OFFSET = "MIN_OFFSET";
    public static final String PROPERTY_MAX_OFFSET = "MAX_OFFSET";
    public static final String PROPERTY_BUYER_ID = "BUYER_ID";
    public static final String PROPERTY_ORIGIN_MESSAGE_ID = "ORIGIN_MESSAGE_ID";
    public static final String PROPERTY_TRANSFER_FLAG = "TRANSFER_FLAG";
    public static final String PROPERTY_CORRECTION_FLAG = "CORRECTION_FLAG";
    public static final String PROPERTY_MQ2_FLAG = "MQ2_FLAG";
    public static final String PROPERTY_RECONSUME_TIME = "RECONSUME_TIME";
    public static final String PROPERTY_MSG_REGION = "MSG_REGION";
    public static final String PROPERTY_TRACE_SWITCH = "TRACE_ON";
    /** The client-assigned unique id that users see as msgId (see {@link UniqueIdGenerator}). */
    public static final String PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX = "UNIQ_KEY";

    public static final String PROPERTY_TRANS_OFFSET = "TRANS_OFFSET";
    public static final String PROPERTY_EXTEND_UNIQ_INFO = "EXTEND_UNIQ_INFO";
    public static final String PROPERTY_MAX_RECONSUME_TIMES = "MAX_RECONSUME_TIMES";
    public static final String PROPERTY_CONSUME_START_TIMESTAMP = "CONSUME_START_TIME";
    public static final String PROPERTY_PRIORITY = "_SYS_MSG_PRIORITY_";
    public static final String PROPERTY_INNER_NUM = "INNER_NUM";
    public static final String PROPERTY_INNER_BASE = "INNER_BASE";
    public static final String DUP_INFO = "DUP_INFO";
    public static final String PROPERTY_CHECK_IMMUNITY_TIME_IN_SECONDS = "CHECK_IMMUNITY_TIME_IN_SECONDS";
    public static final String PROPERTY_TRANSACTION_PREPARED_QUEUE_OFFSET = "TRAN_PREPARED_QUEUE_OFFSET";
    public static final String PROPERTY_TRANSACTION_ID = "__transactionId__";
    public static final String PROPERTY_TRANSACTION_CHECK_TIMES = "TRANSACTION_CHECK_TIMES";
    public static final String PROPERTY_INSTANCE_ID = "INSTANCE_ID";
    public static final String PROPERTY_CORRELATION_ID = "CORRELATION_ID";
    public static final String PROPERTY_MESSAGE_REPLY_TO_CLIENT = "REPLY_TO_CLIENT";
    public static final String PROPERTY_MESSAGE_TTL = "TTL";
    public static final String PROPERTY_REPLY_MESSAGE_ARRIVE_TIME = "ARRIVE_TIME";
    public static final String PROPERTY_PUSH_REPLY_TIME = "PUSH_REPLY_TIME";
    public static final String PROPERTY_CLUSTER = "CLUSTER";
    public static final String PROPERTY_MESSAGE_TYPE = "MSG_TYPE";
    public static final String PROPERTY_POP_CK = "POP_CK";
    public static final String PROPERTY_POP_CK_OFFSET = "POP_CK_OFFSET";
    public static final String PROPERTY_FIRST_POP_TIME = "1ST_POP_TIME";
    public static final String PROPERTY_SHARDING_KEY = "__SHARDINGKEY";
    public static final String PROPERTY_LITE_TOPIC = "__LITE_TOPIC";
    public static final String PROPERTY_FORWARD_QUEUE_ID = "PROPERTY_FORWARD_QUEUE_ID";
    public static final String PROPERTY_REDIRECT = "REDIRECT";
    public static final String PROPERTY_INNER_MULTI_DISPATCH = "INNER_MULTI_DISPATCH";
    public static final String PROPERTY_INNER_MULTI_QUEUE_OFFSET = "INNER_MULTI_QUEUE_OFFSET";
    public static final String PROPERTY_TRACE_CONTEXT = "TRACE_CONTEXT";
    public static final String PROPERTY_TIMER_DELAY_SEC = "TIMER_DELAY_SEC";
    public static final String PROPERTY_TIMER_DELIVER_MS = "TIMER_DELIVER_MS";
    public static final String PROPERTY_BORN_HOST = "__BORNHOST";
    public static final String PROPERTY_BORN_TIMESTAMP = "BORN_TIMESTAMP";
    /** Properties starting with this prefix are broker-internal and never stored. */
    public static final String PROPERTY_TRANSIENT_PREFIX = "__RMQ.TRANSIENT.";

    public static final String PROPERTY_TRANSIENT_TOPIC_CONFIG = PROPERTY_TRANSIENT_PREFIX + "TOPIC_SYS_FLAG";
    public static final String PROPERTY_TRANSIENT_GROUP_CONFIG = PROPERTY_TRANSIENT_PREFIX + "GROUP_SYS_FLAG";
    public static final String PROPERTY_TIMER_ENQUEUE_MS = "TIMER_ENQUEUE_MS";
    public static final String PROPERTY_TIMER_DEQUEUE_MS = "TIMER_DEQUEUE_MS";
    public static final String PROPERTY_TIMER_ROLL_TIMES = "TIMER_ROLL_TIMES";
    public static final String PROPERTY_TIMER_OUT_MS = "TIMER_OUT_MS";
    public static final String PROPERTY_TIMER_DEL_UNIQKEY = "TIMER_DEL_UNIQKEY";
    public static final String PROPERTY_TIMER_ROLL_LABEL = "TIMER_ROLL_LABEL";
    public static final String PROPERTY_TIMER_DELAY_LEVEL = "TIMER_DELAY_LEVEL";
    public static final String PROPERTY_TIMER_DELAY_MS = "TIMER_DELAY_MS";
    public static final String PROPERTY_CRC32 = "__CRC32#";
    public static final String PROPERTY_DLQ_ORIGIN_TOPIC = "DLQ_ORIGIN_TOPIC";
    public static final String PROPERTY_DLQ_ORIGIN_MESSAGE_ID = "DLQ_ORIGIN_MESSAGE_ID";

    /** Separator between several business keys in {@link #PROPERTY_KEYS}. */
    public static final String KEY_SEPARATOR = " ";

    /** Index key types used by the IndexFile: by business key, by unique key, by tag. */
    public static final String INDEX_KEY_TYPE = "K";

    public static final String INDEX_UNIQUE_TYPE = "U";
    public static final String INDEX_TAG_TYPE = "T";

    /**
     * Property names reserved for the system; {@link Message#putUserProperty(String, String)} rejects
     * them. Equal to RocketMQ 5.5's {@code MessageConst.STRING_HASH_SET}.
     */
    public static final Set<String> SYSTEM_KEYS = Set.of(
            PROPERTY_TRACE_SWITCH,
            PROPERTY_MSG_REGION,
            PROPERTY_KEYS,
            PROPERTY_TAGS,
            PROPERTY_WAIT_STORE_MSG_OK,
            PROPERTY_DELAY_TIME_LEVEL,
            PROPERTY_RETRY_TOPIC,
            PROPERTY_ORIGIN_GROUP,
            PROPERTY_REAL_TOPIC,
            PROPERTY_REAL_QUEUE_ID,
            PROPERTY_TRANSACTION_PREPARED,
            PROPERTY_PRODUCER_GROUP,
            PROPERTY_MIN_OFFSET,
            PROPERTY_MAX_OFFSET,
            PROPERTY_BUYER_ID,
            PROPERTY_ORIGIN_MESSAGE_ID,
            PROPERTY_TRANSFER_FLAG,
            PROPERTY_CORRECTION_FLAG,
            PROPERTY_MQ2_FLAG,
            PROPERTY_RECONSUME_TIME,
            PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX,
            PROPERTY_MAX_RECONSUME_TIMES,
            PROPERTY_CONSUME_START_TIMESTAMP,
            PROPERTY_POP_CK,
            PROPERTY_POP_CK_OFFSET,
            PROPERTY_FIRST_POP_TIME,
            PROPERTY_TRANSACTION_PREPARED_QUEUE_OFFSET,
            DUP_INFO,
            PROPERTY_EXTEND_UNIQ_INFO,
            PROPERTY_INSTANCE_ID,
            PROPERTY_CORRELATION_ID,
            PROPERTY_MESSAGE_REPLY_TO_CLIENT,
            PROPERTY_MESSAGE_TTL,
            PROPERTY_REPLY_MESSAGE_ARRIVE_TIME,
            PROPERTY_PUSH_REPLY_TIME,
            PROPERTY_CLUSTER,
            PROPERTY_MESSAGE_TYPE,
            PROPERTY_INNER_MULTI_QUEUE_OFFSET,
            PROPERTY_TIMER_DELAY_MS,
            PROPERTY_TIMER_DELAY_SEC,
            PROPERTY_TIMER_DELIVER_MS,
            PROPERTY_TIMER_ENQUEUE_MS,
            PROPERTY_TIMER_DEQUEUE_MS,
            PROPERTY_TIMER_ROLL_TIMES,
            PROPERTY_TIMER_OUT_MS,
            PROPERTY_TIMER_DEL_UNIQKEY,
            PROPERTY_TIMER_DELAY_LEVEL,
            PROPERTY_BORN_HOST,
            PROPERTY_BORN_TIMESTAMP,
            PROPERTY_DLQ_ORIGIN_TOPIC,
            PROPERTY_DLQ_ORIGIN_MESSAGE_ID,
            PROPERTY_CRC32,
            PROPERTY_PRIORITY,
            PROPERTY_LITE_TOPIC);

    private PropertyKeys() {}

    /** Whether {@code name} is reserved for the system (see {@link #SYSTEM_KEYS}). */
    public static boolean isSystemKey(String name) {
        return name != null && SYSTEM_KEYS.contains(name);
    }
}
