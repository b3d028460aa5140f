package io.kitemq.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kitemq.client.admin.AdminClient;
import io.kitemq.client.admin.DeadLetters;
import io.kitemq.client.admin.TopicSpec;
import io.kitemq.client.core.ClientOptions;
import io.kitemq.protocol.message.Message;
import io.kitemq.protocol.message.PropertyKeys;
import io.kitemq.test.EmbeddedKiteMq;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code kitemq} CLI run in-process (captured stdout/stderr, exit codes) against the embedded
 * NameServer + Broker: tables, {@code --json} documents parsed back, and the errors users meet.
 */
class KiteMqCliIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;

    static EmbeddedKiteMq mq;

    @BeforeAll
    static void start() {
        mq = EmbeddedKiteMq.start(dir);
    }

    @AfterAll
    static void stop() {
        if (mq != null) {
            mq.close();
        }
    }

    record Run(int code, String out, String err) {
        JsonNode json() {
            return JSON.readTree(out);
        }

        List<String> lines() {
            return out.lines().toList();
        }
    }

    /** Runs with NAMESRV_ADDR pointing at the embedded NameServer (no -n). */
    static Run kitemq(String... args) {
        return kitemqWithEnv(Map.of("NAMESRV_ADDR", mq.nameServerAddress()), args);
    }

    static Run kitemqWithEnv(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = KiteMqCli.run(args, new PrintWriter(out), new PrintWriter(err), env);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void listsClustersAndBrokersAsTablesAndJson() {
        Run table = kitemq("brokers");
        assertThat(table.code()).isZero();
        assertThat(table.lines().get(0)).startsWith("CLUSTER").contains("BROKER", "ID", "ROLE", "ADDRESS");
        assertThat(table.lines().get(1)).contains("MASTER", mq.brokerAddress());

        Run json = kitemq("brokers", "--json");
        assertThat(json.code()).isZero();
        assertThat(json.json()).hasSize(1);
        assertThat(json.json().get(0).get("address").asString()).isEqualTo(mq.brokerAddress());
        assertThat(json.json().get(0).get("brokerId").asLong()).isZero();

        Run clusters = kitemq("--json", "clusters");
        String cluster = json.json().get(0).get("cluster").asString();
        assertThat(clusters.json().get(cluster).get(0).asString())
                .isEqualTo(json.json().get(0).get("brokerName").asString());
        // -n wins over NAMESRV_ADDR
        Run explicit = kitemqWithEnv(Map.of("NAMESRV_ADDR", "127.0.0.1:1"), "-n", mq.nameServerAddress(), "clusters");
        assertThat(explicit.code()).isZero();
        assertThat(explicit.out()).contains(cluster);
    }

    @Test
    void managesATopic() {
        Run created = kitemq("topic", "create", "CliTopic", "-q", "3");
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(created.out()).contains("created topic CliTopic", mq.brokerAddress());
        await().atMost(WAIT).until(() -> kitemq("topic", "route", "CliTopic").code() == 0);

        Run route = kitemq("topic", "route", "CliTopic");
        assertThat(route.lines().get(0)).startsWith("BROKER").contains("READ_QUEUES", "WRITE_QUEUES", "PERM", "MASTER");
        assertThat(route.lines().get(1)).contains("3", "6", mq.brokerAddress());
        assertThat(kitemq("topic", "list", "--json").json().valueStream().map(JsonNode::asString))
                .contains("CliTopic");
        assertThat(kitemq("topic", "list", "--no-system").lines())
                .contains("CliTopic")
                .doesNotContain("TBW102");

        assertThat(kitemq("send", "CliTopic", "x", "--count", "4").code()).isZero();
        assertThat(kitemq("topic", "status", "CliTopic", "--json").json()).hasSize(3);
        awaitStoredMessages("CliTopic", 4);
        assertThat(kitemq("topic", "status", "CliTopic").lines().get(0))
                .startsWith("BROKER")
                .contains("QUEUE", "MIN_OFFSET", "MAX_OFFSET", "MESSAGES");

        assertThat(kitemq("topic", "update", "CliTopic", "-q", "5").code()).isZero();
        await().atMost(WAIT)
                .until(() -> kitemq("topic", "route", "CliTopic", "--json")
                                .json()
                                .get("queueDatas")
                                .get(0)
                                .get("writeQueueNums")
                                .asInt()
                        == 5);
        Run onBroker = kitemq("topic", "create", "CliOnBroker", "-q", "2", "-b", mq.brokerAddress(), "--json");
        assertThat(onBroker.code()).as(onBroker.err()).isZero();
        assertThat(onBroker.json().get("brokers").get(0).asString()).isEqualTo(mq.brokerAddress());
        await().atMost(WAIT).until(() -> kitemq("topic", "route", "CliOnBroker").code() == 0);
        assertThat(kitemq("topic", "create", "X", "-b", "h:1", "-c", "C").code())
                .isEqualTo(KiteMqCli.USAGE);

        Run deleted = kitemq("topic", "delete", "CliTopic");
        assertThat(deleted.code()).isZero();
        await().atMost(WAIT).until(() -> kitemq("topic", "route", "CliTopic").code() == KiteMqCli.FAILED);
    }

    @Test
    void managesAGroup() {
        assertThat(kitemq("group", "create", "cli-group", "--retry-max", "5").code())
                .isZero();
        JsonNode groups = kitemq("group", "list", "--json").json();
        JsonNode mine = null;
        for (JsonNode g : groups) {
            if (g.get("group").asString().equals("cli-group")) {
                mine = g;
            }
        }
        assertThat(mine).isNotNull();
        assertThat(mine.get("retryMaxTimes").asInt()).isEqualTo(5);
        assertThat(kitemq("group", "list").out()).contains("cli-group");
        assertThat(kitemq("group", "delete", "cli-group").code()).isZero();
        assertThat(kitemq("group", "list").out()).doesNotContain("cli-group");
    }

    @Test
    void sendsFindsAndConsumesMessages() {
        createTopic("CliMessages", 1);
        Run sent = kitemq(
                "send", "CliMessages", "hello cli", "--tags", "T1", "--keys", "k-1", "-p", "color=red", "--json");
        assertThat(sent.code()).as(sent.err()).isZero();
        JsonNode receipt = sent.json().get(0);
        String msgId = receipt.get("msgId").asString();
        assertThat(receipt.get("status").asString()).isEqualTo("SEND_OK");

        Run byOffsetId = kitemq(
                "message", "id", "CliMessages", receipt.get("offsetMsgId").asString());
        assertThat(byOffsetId.code()).as(byOffsetId.err()).isZero();
        assertThat(byOffsetId.out()).contains("hello cli", msgId, "property color", "red");
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(kitemq("message", "id", "CliMessages", msgId, "--json")
                                .json()
                                .get(0)
                                .get("body")
                                .asString())
                        .isEqualTo("hello cli"));
        JsonNode byKey =
                kitemq("message", "key", "CliMessages", "k-1", "--json").json();
        assertThat(byKey).hasSize(1);
        assertThat(byKey.get(0).get("tags").asString()).isEqualTo("T1");
        assertThat(byKey.get(0).get("properties").get("color").asString()).isEqualTo("red");
        Run byOffset = kitemq("message", "offset", "CliMessages", "-q", "0", "-o", "0");
        assertThat(byOffset.out()).contains("hello cli");
        Run past = kitemq("message", "offset", "CliMessages", "-q", "0", "-o", "5");
        assertThat(past.code()).isEqualTo(KiteMqCli.FAILED);
        assertThat(past.err()).contains("no message at CliMessages:0 offset 5");

        kitemq("send", "CliMessages", "second");
        Run consumed = kitemq("consume", "CliMessages", "--from-beginning", "--count", "2", "--json");
        assertThat(consumed.code()).as(consumed.err()).isZero();
        List<String> bodies = new ArrayList<>();
        consumed.lines().forEach(l -> bodies.add(JSON.readTree(l).get("body").asString()));
        assertThat(bodies).containsExactly("hello cli", "second");
        Run tail = kitemq("consume", "CliMessages", "--idle", "300ms");
        assertThat(tail.code()).isZero();
        assertThat(tail.out()).isEmpty();

        // as a group member: the push consumer, offsets committed on the broker
        Run member = kitemq(
                "consume",
                "CliMessages",
                "-g",
                "cli-consume-group",
                "--from-beginning",
                "--count",
                "2",
                "--idle",
                "20s");
        assertThat(member.code()).as(member.err()).isZero();
        assertThat(member.lines()).hasSize(2);
        assertThat(member.out()).contains("hello cli", "second");
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(
                                kitemq("consumer", "progress", "cli-consume-group", "-t", "CliMessages", "--json")
                                        .json()
                                        .get("totalConsumerOffset")
                                        .asLong())
                        .isEqualTo(2));
        Run nothingNew = kitemq("consume", "CliMessages", "-g", "cli-consume-group", "--idle", "1s");
        assertThat(nothingNew.code()).isZero();
        assertThat(nothingNew.out()).isEmpty();
    }

    @Test
    void showsProgressResetsOffsetsAndResendsDeadLetters() {
        createTopic("CliProgress", 2);
        kitemq("send", "CliProgress", "p", "--count", "4");
        awaitStoredMessages("CliProgress", 4);
        Run unknownGroup = kitemq("offset", "reset", "cli-progress-group", "-t", "CliProgress", "--latest");
        assertThat(unknownGroup.code()).isEqualTo(KiteMqCli.FAILED);
        assertThat(unknownGroup.err()).contains("SUBSCRIPTION_GROUP_NOT_EXIST");
        assertThat(kitemq("group", "create", "cli-progress-group").code()).isZero();
        Run reset = kitemq("offset", "reset", "cli-progress-group", "-t", "CliProgress", "--latest");
        assertThat(reset.code()).as(reset.err()).isZero();
        assertThat(reset.lines().get(0)).startsWith("TOPIC").contains("BROKER", "QUEUE", "NEW_OFFSET");
        JsonNode progress = kitemq("consumer", "progress", "cli-progress-group", "-t", "CliProgress", "--json")
                .json();
        assertThat(progress.get("totalLag").asLong()).isZero();
        assertThat(progress.get("totalBrokerOffset").asLong()).isEqualTo(4);
        assertThat(progress.get("queues")).hasSize(2);

        assertThat(kitemq("offset", "reset", "cli-progress-group", "-t", "CliProgress", "--earliest")
                        .code())
                .isZero();
        Run table = kitemq("consumer", "progress", "cli-progress-group", "-t", "CliProgress");
        assertThat(table.lines().get(0)).contains("BROKER_OFFSET", "CONSUMER_OFFSET", "LAG");
        assertThat(table.out()).contains("total lag 4");
        assertThat(kitemq("offset", "reset", "cli-progress-group", "-t", "CliProgress", "--ago", "1h")
                        .code())
                .isZero();
        assertThat(kitemq("offset", "reset", "cli-progress-group", "-t", "CliProgress")
                        .code())
                .isEqualTo(KiteMqCli.USAGE);

        String dlq = DeadLetters.topicOf("cli-dlq-group");
        try (AdminClient admin = AdminClient.create(ClientOptions.of(mq.nameServerAddress()))) {
            admin.topics().createOrUpdate(new TopicSpec(dlq, 1, 1, 6, false), null);
            createTopic("CliDlqOrigin", 1);
            await().atMost(WAIT).until(() -> kitemq("topic", "route", dlq).code() == 0);
            for (int i = 0; i < 2; i++) {
                Message m = new Message(dlq, ("dead" + i).getBytes(StandardCharsets.UTF_8));
                m.putProperty(PropertyKeys.PROPERTY_RETRY_TOPIC, "CliDlqOrigin");
                admin.messages().send(m);
            }
        }
        awaitStoredMessages(dlq, 2);
        JsonNode resent = kitemq("dlq", "resend", "cli-dlq-group", "--json").json();
        assertThat(resent.get("resent").asInt()).isEqualTo(2);
        assertThat(resent.get("resentByTopic").get("CliDlqOrigin").asInt()).isEqualTo(2);
        assertThat(kitemq("dlq", "resend", "cli-dlq-group").out()).contains("resent 0 dead letter(s)");
    }

    @Test
    void reportsErrorsWithExitCodesAndNoStackTraces() {
        Run badName = kitemq("topic", "create", "bad topic!");
        assertThat(badName.code()).isEqualTo(KiteMqCli.FAILED);
        assertThat(badName.err())
                .startsWith("error: ")
                .contains("illegal character")
                .doesNotContain("\tat ");

        Run unknown = kitemq("topic", "status", "NoSuchCliTopic");
        assertThat(unknown.code()).isEqualTo(KiteMqCli.FAILED);
        assertThat(unknown.err()).contains("NoSuchCliTopic").doesNotContain("\tat ");

        Run unreachable = kitemqWithEnv(Map.of(), "-n", "127.0.0.1:1", "--timeout", "1s", "brokers");
        assertThat(unreachable.code()).isEqualTo(KiteMqCli.FAILED);
        assertThat(unreachable.err())
                .startsWith("error: ")
                .contains("127.0.0.1:1")
                .doesNotContain("\tat ");
        Run verbose = kitemqWithEnv(Map.of(), "-n", "127.0.0.1:1", "--timeout", "1s", "--verbose", "brokers");
        assertThat(verbose.err()).contains("\tat ");

        Run usage = kitemq("topic", "create");
        assertThat(usage.code()).isEqualTo(KiteMqCli.USAGE);
        assertThat(usage.err()).contains("<topic>");
        assertThat(kitemq("no-such-command").code()).isEqualTo(KiteMqCli.USAGE);
        assertThat(kitemq("--help").out()).contains("topic", "group", "consumer", "offset", "message", "dlq");
        Run help = kitemq("dlq", "--help");
        assertThat(help.out()).contains("%DLQ%<group>", "resend");
        assertThat(help.err()).doesNotContain("WARN");
        assertThat(kitemq("group", "create", "--help").out()).contains("%DLQ%<group>", "%RETRY%<group>");
    }

    /** The broker indexes stored messages asynchronously: waits until the queues' ends count them all. */
    private static void awaitStoredMessages(String topic, long expected) {
        await().atMost(WAIT).untilAsserted(() -> {
            long total = 0;
            for (JsonNode q : kitemq("topic", "status", topic, "--json").json()) {
                total += q.get("maxOffset").asLong() - q.get("minOffset").asLong();
            }
            assertThat(total).isEqualTo(expected);
        });
    }

    private static void createTopic(String topic, int queues) {
        Run r = kitemq("topic", "create", topic, "-q", Integer.toString(queues));
        assertThat(r.code()).as(r.err()).isZero();
        await().atMost(WAIT).until(() -> kitemq("topic", "route", topic).code() == 0);
    }
}
