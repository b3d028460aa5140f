package io.kitemq.client.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kitemq.client.FatalClientException;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.PropertyKeys;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;

/** The admin's input records, the group body they send, and the dead-letter origin rule. */
class AdminSpecTest {

    @Test
    void topicSpecRejectsBadNamesQueuesAndPerm() {
        assertThat(TopicSpec.of("Orders", 8)).isEqualTo(new TopicSpec("Orders", 8, 8, 6, false));
        assertThatThrownBy(() -> TopicSpec.of("bad topic", 4))
                .isInstanceOf(FatalClientException.class)
                .hasMessageContaining("illegal character");
        assertThatThrownBy(() -> TopicSpec.of("T", 0)).hasMessageContaining("1..1024");
        assertThatThrownBy(() -> TopicSpec.of("T", 1025)).hasMessageContaining("1..1024");
        assertThatThrownBy(() -> new TopicSpec("T", 1, 1, 5, false)).hasMessageContaining("perm");
    }

    @Test
    void groupSpecWritesRocketMqFieldNamesAndReadsThemBackWithDefaults() {
        GroupSpec spec = GroupSpec.of("billing").withRetryMaxTimes(3).withConsumeOrderly(true);
        byte[] json = BodyCodec.encode(spec.toBody());
        Map<String, Object> read = BodyCodec.decode(json, new TypeReference<Map<String, Object>>() {});
        assertThat(read)
                .containsEntry("groupName", "billing")
                .containsEntry("retryMaxTimes", 3)
                .containsEntry("consumeMessageOrderly", true)
                .containsEntry("consumeEnable", true);
        assertThat(GroupSpec.fromBody("billing", read)).isEqualTo(spec);
        assertThat(GroupSpec.fromBody("g", Map.of())).isEqualTo(GroupSpec.of("g"));
        assertThatThrownBy(() -> GroupSpec.of("bad group")).isInstanceOf(FatalClientException.class);
        assertThatThrownBy(() -> GroupSpec.of("g").withRetryMaxTimes(-2)).isInstanceOf(FatalClientException.class);
    }

    @Test
    void deadLetterOriginPrefersDlqOriginTopicThenRetryTopic() {
        MessageExt both = new MessageExt();
        both.putProperty(PropertyKeys.PROPERTY_DLQ_ORIGIN_TOPIC, "A");
        both.putProperty(PropertyKeys.PROPERTY_RETRY_TOPIC, "B");
        assertThat(DeadLetters.originTopic(both)).isEqualTo("A");

        MessageExt retryOnly = new MessageExt();
        retryOnly.putProperty(PropertyKeys.PROPERTY_RETRY_TOPIC, "B");
        assertThat(DeadLetters.originTopic(retryOnly)).isEqualTo("B");

        MessageExt none = new MessageExt();
        assertThat(DeadLetters.originTopic(none)).isNull();
        MessageExt loop = new MessageExt();
        loop.putProperty(PropertyKeys.PROPERTY_RETRY_TOPIC, "%DLQ%g");
        assertThat(DeadLetters.originTopic(loop)).isNull();
        assertThat(DeadLetters.topicOf("g")).isEqualTo("%DLQ%g");
    }
}
