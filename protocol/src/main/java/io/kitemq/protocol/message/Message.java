package io.kitemq.protocol.message;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A message as a producer builds it: topic, user flag, properties and body — the shape of RocketMQ's
 * {@code Message}, with the same convenience accessors for the well-known properties ({@link
 * PropertyKeys}). Properties keep their insertion order, so a message encodes to the same bytes every
 * time.
 *
 * <p>Like RocketMQ's, the constructors that take tags/keys also set {@code WAIT=true}; the no-argument
 * constructor sets nothing. {@link #getProperties()} returns the live map. The body array is held, not
 * copied.
 *
 * <p>Mutable and not thread-safe: confine an instance to one thread or hand it over safely.
 */
public class Message {

    private String topic;
    private int flag;
    private LinkedHashMap<String, String> properties = new LinkedHashMap<>();
    private byte[] body;
    private String transactionId;

    public Message() {}

    public Message(String topic, byte[] body) {
        this(topic, "", "", 0, body, true);
    }

    public Message(String topic, String tags, byte[] body) {
        this(topic, tags, "", 0, body, true);
    }

    public Message(String topic, String tags, String keys, byte[] body) {
        this(topic, tags, keys, 0, body, true);
    }

    public Message(String topic, String tags, String keys, int flag, byte[] body, boolean waitStoreMsgOK) {
        this.topic = topic;
        this.flag = flag;
        this.body = body;
        if (tags != null && !tags.isEmpty()) {
            setTags(tags);
        }
        if (keys != null && !keys.isEmpty()) {
            setKeys(keys);
        }
        setWaitStoreMsgOK(waitStoreMsgOK);
    }

    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    public int getFlag() {
        return flag;
    }

    public void setFlag(int flag) {
        this.flag = flag;
    }

    public byte[] getBody() {
        return body;
    }

    public void setBody(byte[] body) {
        this.body = body;
    }

    /** The live, insertion-ordered property map (never {@code null}). */
    public Map<String, String> getProperties() {
        return properties;
    }

    /** Replaces all properties with a copy of {@code properties} ({@code null}: none). */
    public void setProperties(Map<String, String> properties) {
        this.properties = properties == null ? new LinkedHashMap<>() : new LinkedHashMap<>(properties);
    }

    /** Takes {@code map} as the property map without copying; for the codecs of this package. */
    void adoptProperties(LinkedHashMap<String, String> map) {
        this.properties = map;
    }

    public String getProperty(String name) {
        return properties.get(name);
    }

    /**
     * Sets any property, system ones included (what RocketMQ reaches through {@code MessageAccessor}).
     * A {@code null} value removes the property.
     */
    public void putProperty(String name, String value) {
        Objects.requireNonNull(name, "property name");
        if (value == null) {
            properties.remove(name);
        } else {
            properties.put(name, value);
        }
    }

    public void clearProperty(String name) {
        properties.remove(name);
    }

    /**
     * Sets an application property.
     *
     * @throws IllegalArgumentException when {@code name} is reserved ({@link PropertyKeys#SYSTEM_KEYS}),
     *     when name or value is {@code null} or blank, or when either contains one of the separator
     *     characters U+0001/U+0002 (which would corrupt the encoded properties)
     */
    public void putUserProperty(String name, String value) {
        if (PropertyKeys.isSystemKey(name)) {
            throw new IllegalArgumentException("The Property<" + name + "> is used by system, input another please");
        }
        if (name == null || name.isBlank() || value == null || value.isBlank()) {
            throw new IllegalArgumentException("The name or value of property can not be null or blank string!");
        }
        if (hasSeparator(name) || hasSeparator(value)) {
            throw new IllegalArgumentException(
                    "property " + name + " contains a reserved separator character (U+0001 or U+0002)");
        }
        properties.put(name, value);
    }

    public String getUserProperty(String name) {
        return getProperty(name);
    }

    public String getTags() {
        return getProperty(PropertyKeys.PROPERTY_TAGS);
    }

    public void setTags(String tags) {
        putProperty(PropertyKeys.PROPERTY_TAGS, tags);
    }

    /** The KEYS property: business keys separated by a space. */
    public String getKeys() {
        return getProperty(PropertyKeys.PROPERTY_KEYS);
    }

    public void setKeys(String keys) {
        putProperty(PropertyKeys.PROPERTY_KEYS, keys);
    }

    /** Joins {@code keys} with a space, as RocketMQ does (the result is trimmed). */
    public void setKeys(Collection<String> keys) {
        StringBuilder sb = new StringBuilder();
        for (String key : keys) {
            sb.append(key).append(PropertyKeys.KEY_SEPARATOR);
        }
        setKeys(sb.toString().trim());
    }

    /** The business keys as a list (empty pieces dropped); empty when there are none. */
    public List<String> getKeyList() {
        String keys = getKeys();
        if (keys == null || keys.isEmpty()) {
            return Collections.emptyList();
        }
        List<String> list = new ArrayList<>();
        for (String key : keys.split(PropertyKeys.KEY_SEPARATOR)) {
            if (!key.isEmpty()) {
                list.add(key);
            }
        }
        return list;
    }

    /** The delay level (1-18), or 0 when none is set. */
    public int getDelayTimeLevel() {
        String level = getProperty(PropertyKeys.PROPERTY_DELAY_TIME_LEVEL);
        return level == null ? 0 : Integer.parseInt(level);
    }

    public void setDelayTimeLevel(int level) {
        putProperty(PropertyKeys.PROPERTY_DELAY_TIME_LEVEL, String.valueOf(level));
    }

    /** Whether the producer waits for the store; {@code true} when the property is absent. */
    public boolean isWaitStoreMsgOK() {
        String wait = getProperty(PropertyKeys.PROPERTY_WAIT_STORE_MSG_OK);
        return wait == null || Boolean.parseBoolean(wait);
    }

    public void setWaitStoreMsgOK(boolean waitStoreMsgOK) {
        putProperty(PropertyKeys.PROPERTY_WAIT_STORE_MSG_OK, Boolean.toString(waitStoreMsgOK));
    }

    /** Delay in seconds for timer-based delivery (5.x), or 0 when none is set. */
    public long getDelayTimeSec() {
        return longProperty(PropertyKeys.PROPERTY_TIMER_DELAY_SEC);
    }

    public void setDelayTimeSec(long sec) {
        putProperty(PropertyKeys.PROPERTY_TIMER_DELAY_SEC, String.valueOf(sec));
    }

    /** Delay in milliseconds for timer-based delivery (5.x), or 0 when none is set. */
    public long getDelayTimeMs() {
        return longProperty(PropertyKeys.PROPERTY_TIMER_DELAY_MS);
    }

    public void setDelayTimeMs(long ms) {
        putProperty(PropertyKeys.PROPERTY_TIMER_DELAY_MS, String.valueOf(ms));
    }

    /** Absolute delivery time in epoch milliseconds (5.x), or 0 when none is set. */
    public long getDeliverTimeMs() {
        return longProperty(PropertyKeys.PROPERTY_TIMER_DELIVER_MS);
    }

    public void setDeliverTimeMs(long epochMs) {
        putProperty(PropertyKeys.PROPERTY_TIMER_DELIVER_MS, String.valueOf(epochMs));
    }

    /** The client-assigned unique id (UNIQ_KEY), or {@code null}. */
    public String getUniqKey() {
        return getProperty(PropertyKeys.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
    }

    /** Local transaction id kept on the producer side; not encoded. */
    public String getTransactionId() {
        return transactionId;
    }

    public void setTransactionId(String transactionId) {
        this.transactionId = transactionId;
    }

    private long longProperty(String name) {
        String value = getProperty(name);
        return value == null ? 0L : Long.parseLong(value);
    }

    private static boolean hasSeparator(String s) {
        return s.indexOf(MessageProperties.NAME_VALUE_SEPARATOR) >= 0
                || s.indexOf(MessageProperties.PROPERTY_SEPARATOR) >= 0;
    }

    /** Equal when class, topic, flag, properties (order ignored), body content and transaction id are. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || o.getClass() != getClass()) {
            return false;
        }
        Message that = (Message) o;
        return flag == that.flag
                && Objects.equals(topic, that.topic)
                && properties.equals(that.properties)
                && Arrays.equals(body, that.body)
                && Objects.equals(transactionId, that.transactionId);
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(topic, flag, properties, transactionId);
        return 31 * h + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "Message{topic=" + topic + ", flag=" + flag + ", properties=" + properties + ", body="
                + bodySummary(body) + (transactionId == null ? "" : ", transactionId=" + transactionId) + '}';
    }

    static String bodySummary(byte[] body) {
        return body == null ? "null" : body.length + " bytes";
    }
}
