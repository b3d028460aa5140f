package io.kitemq.test.kinds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kitemq.client.consumer.ConsumeResult;
import io.kitemq.client.consumer.Subscription;
import io.kitemq.client.producer.LocalTransactionState;
import io.kitemq.client.producer.ProducerOptions;
import io.kitemq.client.producer.TransactionListener;
import io.kitemq.client.producer.TransactionSendResult;
import io.kitemq.client.producer.TransactionalProducer;
import io.kitemq.protocol.message.Message;
import io.kitemq.protocol.message.MessageExt;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transactions with our {@link TransactionalProducer} and push consumer: committed messages (at once, or
 * after a check-back) are delivered exactly once, rolled-back ones (at once, or after a check-back) never;
 * only the undecided ones are checked back; afterwards the broker holds no pending half message and the
 * topic holds exactly the committed messages.
 */
class MessageKindsTransactionIT {

    private static final String OUTCOME = "outcome";

    @TempDir
    static Path dir;

    static KindsFixture fx;

    @BeforeAll
    static void start() {
        fx = new KindsFixture(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    /** Decides by the message's {@value #OUTCOME} property; records every check-back. */
    static final class Outcomes implements TransactionListener {
        final Map<String, String> checked = new ConcurrentHashMap<>();

        @Override
        public LocalTransactionState executeLocalTransaction(Message message, Object arg) {
            return switch (message.getUserProperty(OUTCOME)) {
                case "commit" -> LocalTransactionState.COMMIT_MESSAGE;
                case "rollback" -> LocalTransactionState.ROLLBACK_MESSAGE;
                default -> LocalTransactionState.UNKNOW;
            };
        }

        @Override
        public LocalTransactionState checkLocalTransaction(MessageExt message) {
            String outcome = message.getUserProperty(OUTCOME);
            checked.merge(message.getUniqKey(), outcome, (a, b) -> a);
            return switch (outcome) {
                case "unknown-then-commit" -> LocalTransactionState.COMMIT_MESSAGE;
                case "unknown-then-rollback" -> LocalTransactionState.ROLLBACK_MESSAGE;
                default ->
                    throw new IllegalStateException("message " + message.getUniqKey() + " (" + outcome
                            + ") was decided at once and must not be checked back");
            };
        }
    }

    @Test
    void commitRollbackAndCheckedBackTransactions() {
        String topic = fx.topic("KindsTransactions", 2);
        Queue<MessageExt> delivered = new ConcurrentLinkedQueue<>();
        fx.consumer(fx.config("kinds-tx-consumer"), Subscription.all(topic), (messages, context) -> {
            delivered.addAll(messages);
            return ConsumeResult.SUCCESS;
        });
        Outcomes outcomes = new Outcomes();
        TransactionalProducer producer = fx.closeLater(
                TransactionalProducer.start(fx.client, ProducerOptions.of("kinds-tx-producer"), outcomes));

        Map<String, String> sent = new HashMap<>();
        List<String> kinds = List.of("commit", "rollback", "unknown-then-commit", "unknown-then-rollback");
        for (int i = 0; i < 8; i++) {
            String outcome = kinds.get(i % kinds.size());
            Message m = new Message(topic, "tx", (outcome + "-" + i).getBytes(StandardCharsets.UTF_8));
            m.putUserProperty(OUTCOME, outcome);
            TransactionSendResult r = producer.sendInTransaction(m, null);
            sent.put(r.sendResult().msgId(), outcome);
        }
        Set<String> committed = idsOf(sent, "commit", "unknown-then-commit");
        Set<String> undecided = idsOf(sent, "unknown-then-commit", "unknown-then-rollback");

        await().atMost(KindsFixture.WAIT)
                .until(() -> fx.mq.broker().transactions().pendingCount() == 0);
        await().atMost(KindsFixture.WAIT).until(() -> delivered.size() >= committed.size());
        assertThat(outcomes.checked.keySet()).as("checked back").containsExactlyInAnyOrderElementsOf(undecided);
        assertThat(fx.stored(topic)).as("messages visible in the topic").isEqualTo(committed.size());
        assertThat(delivered.stream().map(MessageExt::getUniqKey))
                .as("each committed message once, no rolled-back one")
                .containsExactlyInAnyOrderElementsOf(committed);
        assertThat(delivered).allSatisfy(m -> assertThat(m.getTopic()).isEqualTo(topic));
    }

    private static Set<String> idsOf(Map<String, String> sent, String... outcomes) {
        Set<String> wanted = Set.of(outcomes);
        Set<String> ids = new HashSet<>();
        sent.forEach((id, outcome) -> {
            if (wanted.contains(outcome)) {
                ids.add(id);
            }
        });
        return ids;
    }
}
