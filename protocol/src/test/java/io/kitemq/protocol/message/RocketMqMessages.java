package io.kitemq.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.rocketmq.common.message.MessageAccessor;

/**
 * Conversions between our message types and the official RocketMQ 5.5 ones, used as the oracle. The
 * official types are named fully qualified here so that the tests need not.
 */
final class RocketMqMessages {

    private RocketMqMessages() {}

    /** The official MessageExt with the same fields (properties in the same order). */
    static org.apache.rocketmq.common.message.MessageExt toTheirs(MessageExt ours) {
        org.apache.rocketmq.common.message.MessageExt theirs = new org.apache.rocketmq.common.message.MessageExt();
        theirs.setTopic(ours.getTopic());
        theirs.setFlag(ours.getFlag());
        MessageAccessor.setProperties(theirs, new LinkedHashMap<>(ours.getProperties()));
        theirs.setBody(ours.getBody());
        theirs.setQueueId(ours.getQueueId());
        theirs.setQueueOffset(ours.getQueueOffset());
        theirs.setCommitLogOffset(ours.getCommitLogOffset());
        theirs.setSysFlag(ours.getSysFlag());
        theirs.setBornTimestamp(ours.getBornTimestamp());
        theirs.setBornHost(ours.getBornHost());
        theirs.setStoreTimestamp(ours.getStoreTimestamp());
        theirs.setStoreHost(ours.getStoreHost());
        theirs.setBodyCRC(ours.getBodyCRC());
        theirs.setReconsumeTimes(ours.getReconsumeTimes());
        theirs.setPreparedTransactionOffset(ours.getPreparedTransactionOffset());
        return theirs;
    }

    static org.apache.rocketmq.common.message.Message toTheirs(Message ours) {
        org.apache.rocketmq.common.message.Message theirs = new org.apache.rocketmq.common.message.Message();
        theirs.setTopic(ours.getTopic());
        theirs.setFlag(ours.getFlag());
        theirs.setBody(ours.getBody());
        MessageAccessor.setProperties(theirs, new LinkedHashMap<>(ours.getProperties()));
        return theirs;
    }

    /** Asserts that a message decoded by RocketMQ has the fields of ours ({@code null} body/properties = empty). */
    static void assertSameFields(org.apache.rocketmq.common.message.MessageExt theirs, MessageExt ours) {
        assertThat(theirs).as("RocketMQ could not decode the record").isNotNull();
        assertThat(theirs.getTopic()).isEqualTo(ours.getTopic());
        assertThat(theirs.getFlag()).isEqualTo(ours.getFlag());
        assertThat(orEmpty(theirs.getProperties())).isEqualTo(ours.getProperties());
        assertThat(orEmpty(theirs.getBody())).isEqualTo(orEmpty(ours.getBody()));
        assertThat(theirs.getStoreSize()).isEqualTo(ours.getStoreSize());
        assertThat(theirs.getQueueId()).isEqualTo(ours.getQueueId());
        assertThat(theirs.getQueueOffset()).isEqualTo(ours.getQueueOffset());
        assertThat(theirs.getCommitLogOffset()).isEqualTo(ours.getCommitLogOffset());
        assertThat(theirs.getSysFlag()).isEqualTo(ours.getSysFlag());
        assertThat(theirs.getBornTimestamp()).isEqualTo(ours.getBornTimestamp());
        assertThat(theirs.getBornHost()).isEqualTo(ours.getBornHost());
        assertThat(theirs.getStoreTimestamp()).isEqualTo(ours.getStoreTimestamp());
        assertThat(theirs.getStoreHost()).isEqualTo(ours.getStoreHost());
        assertThat(theirs.getBodyCRC()).isEqualTo(ours.getBodyCRC());
        assertThat(theirs.getReconsumeTimes()).isEqualTo(ours.getReconsumeTimes());
        assertThat(theirs.getPreparedTransactionOffset()).isEqualTo(ours.getPreparedTransactionOffset());
    }

    static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }

    static byte[] orEmpty(byte[] body) {
        return body == null ? new byte[0] : body;
    }
}
