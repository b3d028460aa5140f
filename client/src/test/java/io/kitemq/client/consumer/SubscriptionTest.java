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
    void sqlSubscriptionIsSentAsSql92AndNotRecheckedByTag() {
        Subscription s = Subscription.sql("T", "  region = 'eu' AND amount > 100 ");
        assertThat(s.isSql()).isTrue();
        assertThat(s.matchesAll()).isFalse();
        assertThat(s.expression()).isEqualTo("region = 'eu' AND amount > 100");
        assertThat(s.tags()).isEmpty();
        // the broker evaluated the expression already: any tag (or none) passes the client-side check
        assertThat(s.matches(new Message("T", "TagX", new byte[0]))).isTrue();
        assertThat(s.matches(new Message("T", null, new byte[0]))).isTrue();
        SubscriptionData data = s.toData();
        assertThat(data.expressionType()).isEqualTo(SubscriptionData.EXPRESSION_SQL92);
        assertThat(data.subString()).isEqualTo("region = 'eu' AND amount > 100");
        assertThat(data.tagsSet()).isEmpty();
        assertThat(data.codeSet()).isEmpty();
        assertThat(Subscription.of("T", "A").isSql()).isFalse();
    }

    @Test
    void emptySqlOrUnknownTypeIsRejected() {
        assertThatThrownBy(() -> Subscription.sql("T", " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SQL92 expression of topic T is empty");
        assertThatThrownBy(() -> Subscription.sql("", "a = 1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Subscription("T", "a", java.util.Set.of(), 1, "XPATH"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("XPATH");
        assertThatThrownBy(() -> new Subscription("T", "a = 1", java.util.Set.of("a"), 1, "SQL92"))
                .isInstanceOf(IllegalArgumentException.class);
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
