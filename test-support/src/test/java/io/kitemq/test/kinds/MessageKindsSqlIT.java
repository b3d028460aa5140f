package io.kitemq.test.kinds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kitemq.client.FatalClientException;
import io.kitemq.client.cli.KiteMqCli;
import io.kitemq.client.consumer.ConsumeResult;
import io.kitemq.client.consumer.PushConsumer;
import io.kitemq.client.consumer.Subscription;
import io.kitemq.client.litepull.LitePullConfig;
import io.kitemq.client.litepull.LitePullConsumer;
import io.kitemq.protocol.body.ConsumeFromWhere;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.message.Message;
import io.kitemq.protocol.message.MessageExt;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * SQL92 subscriptions with our consumers: the broker delivers only the messages whose properties match
 * (the consumer still moves past the others), and a malformed expression fails the consumer's start with
 * a clear {@link FatalClientException} (CHECK_CLIENT_CONFIG answered SUBSCRIPTION_PARSE_FAILED).
 */
class MessageKindsSqlIT {

    private static final String FILTER = "region = 'eu' AND amount BETWEEN 100 AND 500 AND vip IS NOT NULL";
    private static final String BAD = "region = = 'eu' AND";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;

    static KindsFixture fx;
    static String topic;
    static List<String> matching = new ArrayList<>();

    @BeforeAll
    static void start() {
        fx = new KindsFixture(dir);
        topic = fx.topic("KindsSql", 2);
        String[] regions = {"eu", "us"};
        int[] amounts = {50, 100, 300, 500, 900};
        int n = 0;
        for (String region : regions) {
            for (int amount : amounts) {
                for (boolean vip : new boolean[] {true, false}) {
                    String body = region + "-" + amount + "-" + vip + "-" + n++;
                    Message m = new Message(topic, "order", body.getBytes(StandardCharsets.UTF_8));
                    m.putUserProperty("region", region);
                    m.putUserProperty("amount", String.valueOf(amount));
                    if (vip) {
                        m.putUserProperty("vip", "yes");
                    }
                    fx.producer.send(m);
                    if (region.equals("eu") && amount >= 100 && amount <= 500 && vip) {
                        matching.add(body);
                    }
                }
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void pushConsumerGetsOnlyMatchingMessages() {
        Queue<String> bodies = new ConcurrentLinkedQueue<>();
        PushConsumer consumer =
                fx.consumer(fx.config("kinds-sql-push"), Subscription.sql(topic, FILTER), (messages, context) -> {
                    messages.forEach(m -> bodies.add(new String(m.getBody(), StandardCharsets.UTF_8)));
                    return ConsumeResult.SUCCESS;
                });

        long stored = fx.stored(topic);
        assertThat(stored).isEqualTo(20);
        // the consumer has moved past every stored message, matching or not
        await().atMost(KindsFixture.WAIT)
                .until(() -> consumer.offsets().entrySet().stream()
                                .filter(e -> e.getKey().topic().equals(topic))
                                .mapToLong(Map.Entry::getValue)
                                .sum()
                        == stored);
        await().atMost(KindsFixture.WAIT).until(() -> bodies.size() >= matching.size());
        assertThat(matching).hasSize(3);
        assertThat(bodies).containsExactlyInAnyOrderElementsOf(matching);
    }

    @Test
    void litePullConsumerGetsOnlyMatchingMessages() {
        LitePullConsumer consumer = fx.closeLater(LitePullConsumer.start(
                fx.client,
                LitePullConfig.defaults("kinds-sql-lite")
                        .withConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET)));
        consumer.subscribe(Subscription.sql(topic, FILTER));
        List<String> bodies = new ArrayList<>();
        await().atMost(KindsFixture.WAIT).until(() -> {
            for (MessageExt m : consumer.poll(Duration.ofMillis(200))) {
                bodies.add(new String(m.getBody(), StandardCharsets.UTF_8));
            }
            return bodies.size() >= matching.size();
        });
        assertThat(bodies).containsExactlyInAnyOrderElementsOf(matching);
    }

    @Test
    void cliConsumesAsAGroupWithASqlFilter() {
        String ns = fx.mq.nameServerAddress();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = KiteMqCli.run(
                new String[] {
                    "-n",
                    ns,
                    "consume",
                    topic,
                    "-g",
                    "kinds-sql-cli",
                    "--from-beginning",
                    "--sql",
                    FILTER,
                    "--count",
                    "3",
                    "--idle",
                    "10s",
                    "--json"
                },
                new PrintWriter(out),
                new PrintWriter(err),
                Map.of());
        assertThat(code).as(err.toString()).isZero();
        List<String> bodies = out.toString()
                .lines()
                .map(l -> JSON.readTree(l).get("body").asString())
                .toList();
        assertThat(bodies).containsExactlyInAnyOrderElementsOf(matching);

        StringWriter noGroupErr = new StringWriter();
        int noGroup = KiteMqCli.run(
                new String[] {"-n", ns, "consume", topic, "--sql", FILTER},
                new PrintWriter(new StringWriter()),
                new PrintWriter(noGroupErr),
                Map.of());
        assertThat(noGroup).isNotZero();
        assertThat(noGroupErr.toString()).contains("--sql needs --group");

        StringWriter badErr = new StringWriter();
        int bad = KiteMqCli.run(
                new String[] {"-n", ns, "consume", topic, "-g", "kinds-sql-cli-bad", "--sql", BAD},
                new PrintWriter(new StringWriter()),
                new PrintWriter(badErr),
                Map.of());
        assertThat(bad).isNotZero();
        assertThat(badErr.toString()).contains("SUBSCRIPTION_PARSE_FAILED");
    }

    @Test
    void malformedExpressionFailsTheStart() {
        assertThatThrownBy(() -> fx.consumer(fx.config("kinds-sql-bad"), Subscription.sql(topic, BAD), (m, c) -> {
                    throw new AssertionError("a consumer with a bad expression must not consume");
                }))
                .isInstanceOfSatisfying(FatalClientException.class, e -> {
                    assertThat(e.responseCode()).isEqualTo(ResponseCode.SUBSCRIPTION_PARSE_FAILED.code());
                    assertThat(e.topic()).isEqualTo(topic);
                    assertThat(e.broker()).isEqualTo(fx.mq.brokerAddress());
                })
                .hasMessageContaining("SUBSCRIPTION_PARSE_FAILED")
                .hasMessageContaining(BAD)
                .hasMessageContaining("kinds-sql-bad");

        LitePullConsumer lite =
                fx.closeLater(LitePullConsumer.start(fx.client, LitePullConfig.defaults("kinds-sql-bad-lite")));
        assertThatThrownBy(() -> lite.subscribe(Subscription.sql(topic, BAD)))
                .isInstanceOf(FatalClientException.class)
                .hasMessageContaining("SUBSCRIPTION_PARSE_FAILED");
        assertThat(lite.assignment()).isEmpty();
    }

    @Test
    void malformedExpressionOnATopicNotCreatedYetIsCheckedByEveryBroker() {
        assertThatThrownBy(() -> fx.consumer(
                        fx.config("kinds-sql-bad-new"),
                        Subscription.sql("KindsSqlNotCreatedYet", BAD),
                        (m, c) -> ConsumeResult.SUCCESS))
                .isInstanceOf(FatalClientException.class)
                .hasMessageContaining("SUBSCRIPTION_PARSE_FAILED")
                .hasMessageContaining("KindsSqlNotCreatedYet");
        // a good expression on that topic starts fine (and would consume once the topic exists)
        PushConsumer ok = fx.consumer(
                fx.config("kinds-sql-good-new"),
                Subscription.sql("KindsSqlNotCreatedYet", FILTER),
                (m, c) -> ConsumeResult.SUCCESS);
        assertThat(ok.assignedQueues()).isEmpty();
    }
}
