package io.kitemq.client.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kitemq.protocol.body.SubscriptionData;
import io.kitemq.protocol.message.Message;
import org.junit.jupiter.api.Test;

class SubscriptionTest {

    @Test
    void tagExpressionIsParsedAndCheckedExactly() {
        Subscription s = Subscription.of("T", " TagA || TagB ||  ");
        assertThat(s.tags()).containsExactlyInAnyOrder("TagA", "TagB");
        assertThat(s.matches(new Message("T", "TagA", new byte[0]))).isTrue();
        assertThat(s.matches(new Message("T", "TagC", new byte[0]))).isFalse();
        assertThat(s.matches(new Message("T", null, new byte[0]))).isFalse();
        SubscriptionData data = s.toData();
        assertThat(data.codeSet()).containsExactlyInAnyOrder("TagA".hashCode(), "TagB".hashCode());
        assertThat(data.expressionType()).isEqualTo("TAG");
    }

    @Test
    void starAndBlankMatchEverything() {
        assertThat(Subscription.of("T", null).expression()).isEqualTo("*");
        assertThat(Subscription.of("T", " * ").matches(new Message("T", null, new byte[0])))
                .isTrue();
        assertThat(Subscription.all("T").toData().tagsSet()).isEmpty();
    }

    @Test
    void expressionWithoutTagsIsRejected() {
        assertThatThrownBy(() -> Subscription.of("T", "||")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Subscription.of(" ", "*")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void configRejectsAPullTimeoutShorterThanTheHold() {
        assertThatThrownBy(() -> PushConsumerConfig.defaults("g")
                        .withLongPoll(java.time.Duration.ofSeconds(15), java.time.Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pullTimeout");
        assertThatThrownBy(() -> PushConsumerConfig.defaults(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
