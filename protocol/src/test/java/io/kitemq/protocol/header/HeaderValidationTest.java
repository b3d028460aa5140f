package io.kitemq.protocol.header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kitemq.protocol.ProtocolException;
import java.util.HashMap;
import java.util.Map;
import org.apache.rocketmq.remoting.exception.RemotingCommandException;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.junit.jupiter.api.Test;

/** Value checks RocketMQ applies at decode time, lenient parsing, and construction guards. */
class HeaderValidationTest {

    @Test
    void endTransactionAcceptsOnlyNoneCommitOrRollbackLikeRocketMq() {
        Map<String, String> wire = new HashMap<>(
                Map.of("producerGroup", "P", "tranStateTableOffset", "1", "commitLogOffset", "2", "msgId", "M"));
        for (int value : new int[] {0, 8, 12}) {
            wire.put("commitOrRollback", Integer.toString(value));
            assertThat(EndTransactionRequestHeader.decode(wire).commitOrRollback())
                    .isEqualTo(value);
        }
        wire.put("commitOrRollback", "4");
        assertThatThrownBy(() -> EndTransactionRequestHeader.decode(wire))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("commitOrRollback 4");
        assertThatThrownBy(() ->
                        theirs(wire, org.apache.rocketmq.remoting.protocol.header.EndTransactionRequestHeader.class))
                .isInstanceOf(RemotingCommandException.class);
    }

    @Test
    void createTopicAcceptsOnlyKnownFilterTypesLikeRocketMq() {
        Map<String, String> wire = new HashMap<>(Map.of(
                "topic",
                "T",
                "defaultTopic",
                "TBW102",
                "readQueueNums",
                "8",
                "writeQueueNums",
                "8",
                "perm",
                "6",
                "order",
                "false",
                "topicFilterType",
                "MULTI_TAG"));
        assertThat(CreateTopicRequestHeader.decode(wire).topicFilterType()).isEqualTo("MULTI_TAG");
        wire.put("topicFilterType", "single_tag");
        assertThatThrownBy(() -> CreateTopicRequestHeader.decode(wire))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("'single_tag'");
        assertThatThrownBy(
                        () -> theirs(wire, org.apache.rocketmq.remoting.protocol.header.CreateTopicRequestHeader.class))
                .isInstanceOf(RemotingCommandException.class);
    }

    @Test
    void nullOrEmptyExtFieldsNameTheFirstRequiredField() {
        assertThatThrownBy(() -> SendMessageRequestHeaderV2.decode(null))
                .isInstanceOf(MissingHeaderFieldException.class)
                .hasMessage("SendMessageRequestHeaderV2: required field 'a' is missing");
        assertThatThrownBy(() -> PullMessageRequestHeader.decode(Map.of()))
                .isInstanceOfSatisfying(
                        MissingHeaderFieldException.class,
                        e -> assertThat(e.field()).isEqualTo("consumerGroup"));
    }

    @Test
    void booleansAndBoundaryTypesParseLikeRocketMq() {
        Map<String, String> wire = Map.of("topic", "T", "queueId", "0", "committed", "TRUE");
        assertThat(GetMaxOffsetRequestHeader.decode(wire).committed()).isTrue();
        assertThat(GetMaxOffsetRequestHeader.decode(Map.of("topic", "T", "queueId", "0", "committed", "yes"))
                        .committed())
                .isFalse();
        for (String text : new String[] {"upper", "UPPER", "Upper", "lower", "LOWER", "x", ""}) {
            assertThat(BoundaryType.fromWire(text).name())
                    .as(text)
                    .isEqualTo(org.apache.rocketmq.common.BoundaryType.getType(text)
                            .name());
        }
        assertThat(BoundaryType.fromWire(null)).isNull();
    }

    @Test
    void requiredTextCannotBeNullWhenBuilt() {
        assertThatNullPointerException()
                .isThrownBy(() -> new GetRouteInfoRequestHeader(null, true))
                .withMessage("topic");
    }

    private static Object theirs(
            Map<String, String> wire, Class<? extends org.apache.rocketmq.remoting.CommandCustomHeader> type)
            throws RemotingCommandException {
        RemotingCommand cmd = RemotingCommand.createRequestCommand(0, null);
        cmd.setExtFields(new HashMap<>(wire));
        return cmd.decodeCommandCustomHeader(type);
    }
}
