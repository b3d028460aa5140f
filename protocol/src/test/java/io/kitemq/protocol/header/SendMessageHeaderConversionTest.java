package io.kitemq.protocol.header;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.WithNull;
import org.apache.rocketmq.remoting.exception.RemotingCommandException;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;

/** V1 and V2 send headers convert into each other losslessly, exactly as RocketMQ's own conversions do. */
class SendMessageHeaderConversionTest {

    @Property(tries = 300)
    void v1ToV2AndBackMatchesRocketMq(
            @ForAll String producerGroup,
            @ForAll String topic,
            @ForAll String defaultTopic,
            @ForAll int defaultTopicQueueNums,
            @ForAll int queueId,
            @ForAll int sysFlag,
            @ForAll long bornTimestamp,
            @ForAll int flag,
            @ForAll @WithNull(0.3) String properties,
            @ForAll @WithNull(0.3) Integer reconsumeTimes,
            @ForAll @WithNull(0.3) Boolean unitMode,
            @ForAll @WithNull(0.3) Boolean batch,
            @ForAll @WithNull(0.3) Integer maxReconsumeTimes,
            @ForAll @WithNull(0.3) String brokerName)
            throws RemotingCommandException {
        SendMessageRequestHeader v1 = new SendMessageRequestHeader(
                producerGroup,
                topic,
                defaultTopic,
                defaultTopicQueueNums,
                queueId,
                sysFlag,
                bornTimestamp,
                flag,
                properties,
                reconsumeTimes,
                unitMode,
                batch,
                maxReconsumeTimes,
                brokerName);
        SendMessageRequestHeaderV2 v2 = SendMessageRequestHeaderV2.of(v1);

        assertThat(v2.toV1()).isEqualTo(v1);
        assertThat(viaRocketMqToV1(v2)).isEqualTo(v1);
        // RocketMQ converts through getters that read a null reconsumeTimes as 0 and null unitMode/batch as false.
        SendMessageRequestHeaderV2 defaulted = SendMessageRequestHeaderV2.of(new SendMessageRequestHeader(
                producerGroup,
                topic,
                defaultTopic,
                defaultTopicQueueNums,
                queueId,
                sysFlag,
                bornTimestamp,
                flag,
                properties,
                reconsumeTimes == null ? 0 : reconsumeTimes,
                unitMode != null && unitMode,
                batch != null && batch,
                maxReconsumeTimes,
                brokerName));
        assertThat(viaRocketMqToV2(v1)).isEqualTo(defaulted);
    }

    /** Our V2 wire, decoded and converted by RocketMQ, re-encoded as V1, decoded by us. */
    private static SendMessageRequestHeader viaRocketMqToV1(SendMessageRequestHeaderV2 v2)
            throws RemotingCommandException {
        var theirV2 = decode(v2, org.apache.rocketmq.remoting.protocol.header.SendMessageRequestHeaderV2.class);
        var theirV1 =
                org.apache.rocketmq.remoting.protocol.header.SendMessageRequestHeaderV2
                        .createSendMessageRequestHeaderV1(theirV2);
        return SendMessageRequestHeader.decode(encode(theirV1));
    }

    private static SendMessageRequestHeaderV2 viaRocketMqToV2(SendMessageRequestHeader v1)
            throws RemotingCommandException {
        var theirV1 = decode(v1, org.apache.rocketmq.remoting.protocol.header.SendMessageRequestHeader.class);
        var theirV2 =
                org.apache.rocketmq.remoting.protocol.header.SendMessageRequestHeaderV2
                        .createSendMessageRequestHeaderV2(theirV1);
        return SendMessageRequestHeaderV2.decode(encode(theirV2));
    }

    private static <T extends org.apache.rocketmq.remoting.CommandCustomHeader> T decode(
            CommandCustomHeader ours, Class<T> theirType) throws RemotingCommandException {
        HashMap<String, String> wire = new HashMap<>();
        ours.encodeTo(wire);
        RemotingCommand cmd = RemotingCommand.createRequestCommand(0, null);
        cmd.setExtFields(wire);
        return cmd.decodeCommandCustomHeader(theirType);
    }

    private static Map<String, String> encode(org.apache.rocketmq.remoting.CommandCustomHeader theirs) {
        RemotingCommand cmd = RemotingCommand.createRequestCommand(0, theirs);
        cmd.makeCustomHeaderToNet();
        return cmd.getExtFields();
    }
}
