package io.kitemq.broker.topic;

import io.kitemq.protocol.body.TopicConfig;
import io.kitemq.protocol.message.TopicName;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The topics every broker has from its start, as RocketMQ's {@code TopicConfigManager} creates them, and
 * the settings that shape them. Queue counts and permissions are RocketMQ's:
 *
 * <pre>
 * topic                              read/write queues   perm
 * SELF_TEST_TOPIC                    1                   RW
 * TBW102 (if autoCreateTopicEnable)  defaultTopicQueueNums (8)  RW + inherit
 * BenchmarkTest                      1024                RW
 * &lt;clusterName&gt;                      16                  inherit (+ RW if clusterTopicEnable)
 * &lt;brokerName&gt;                       1                   inherit (+ RW if brokerTopicEnable)
 * OFFSET_MOVED_EVENT                 1                   RW
 * SCHEDULE_TOPIC_XXXX                18 (delay levels)   RW
 * RMQ_SYS_TRACE_TOPIC (if traceTopicEnable; name configurable)  1  RW
 * &lt;clusterName&gt;_REPLY_TOPIC          1                   RW
 * RMQ_SYS_TRANS_HALF_TOPIC           1                   RW
 * RMQ_SYS_TRANS_OP_HALF_TOPIC        1                   RW
 * </pre>
 *
 * Left out (features KiteMQ does not have): the POP revive topic, the controller's sync-member topic,
 * the RocksDB transaction topics and the timer-wheel topic.
 *
 * <p>Immutable and thread-safe.
 *
 * @param clusterName the broker's cluster (also a topic)
 * @param brokerName the broker's name (also a topic)
 * @param autoCreateTopicEnable whether TBW102, the template of topics created on send, exists
 * @param defaultTopicQueueNums TBW102's queues, so the most an auto-created topic gets (RocketMQ: 8)
 * @param clusterTopicEnable whether the cluster topic is readable and writable (RocketMQ: true)
 * @param brokerTopicEnable whether the broker topic is readable and writable (RocketMQ: true)
 * @param traceTopic the message-trace topic to create, or null for none (RocketMQ: none)
 */
public record SystemTopics(
        String clusterName,
        String brokerName,
        boolean autoCreateTopicEnable,
        int defaultTopicQueueNums,
        boolean clusterTopicEnable,
        boolean brokerTopicEnable,
        String traceTopic) {

    public static final String SELF_TEST_TOPIC = "SELF_TEST_TOPIC";
    public static final String BENCHMARK_TOPIC = "BenchmarkTest";
    public static final String OFFSET_MOVED_EVENT = "OFFSET_MOVED_EVENT";
    public static final String SCHEDULE_TOPIC = "SCHEDULE_TOPIC_XXXX";
    public static final String TRANS_HALF_TOPIC = "RMQ_SYS_TRANS_HALF_TOPIC";
    public static final String TRANS_OP_HALF_TOPIC = "RMQ_SYS_TRANS_OP_HALF_TOPIC";
    public static final String TRACE_TOPIC = "RMQ_SYS_TRACE_TOPIC";
    public static final String REPLY_TOPIC_SUFFIX = "_REPLY_TOPIC";
    /** One schedule queue per delay level (1 s … 2 h). */
    public static final int SCHEDULE_QUEUE_NUMS = 18;

    public static final int DEFAULT_TOPIC_QUEUE_NUMS = 8;
    private static final int BENCHMARK_QUEUE_NUMS = 1024;
    private static final int RW = TopicConfig.PERM_READ | TopicConfig.PERM_WRITE;

    public SystemTopics {
        requireNonBlank(clusterName, "clusterName");
        requireNonBlank(brokerName, "brokerName");
        if (defaultTopicQueueNums < 1) {
            throw new IllegalArgumentException("defaultTopicQueueNums must be >= 1: " + defaultTopicQueueNums);
        }
        if (traceTopic != null) {
            requireTopicName(traceTopic, "traceTopic");
        }
    }

    /** RocketMQ's defaults: cluster and broker topics enabled, no trace topic. */
    public static SystemTopics of(
            String clusterName, String brokerName, boolean autoCreateTopicEnable, int defaultTopicQueueNums) {
        return new SystemTopics(
                clusterName, brokerName, autoCreateTopicEnable, defaultTopicQueueNums, true, true, null);
    }

    /** The topics, in RocketMQ's order. */
    public List<TopicConfig> configs() {
        List<TopicConfig> topics = new ArrayList<>();
        topics.add(new TopicConfig(SELF_TEST_TOPIC, 1, 1, RW));
        if (autoCreateTopicEnable) {
            topics.add(new TopicConfig(
                    TopicName.AUTO_CREATE_TOPIC_KEY,
                    defaultTopicQueueNums,
                    defaultTopicQueueNums,
                    RW | TopicConfig.PERM_INHERIT));
        }
        topics.add(new TopicConfig(BENCHMARK_TOPIC, BENCHMARK_QUEUE_NUMS, BENCHMARK_QUEUE_NUMS, RW));
        int clusterPerm = TopicConfig.PERM_INHERIT | (clusterTopicEnable ? RW : 0);
        topics.add(new TopicConfig(
                clusterName, TopicConfig.DEFAULT_QUEUE_NUMS, TopicConfig.DEFAULT_QUEUE_NUMS, clusterPerm));
        topics.add(new TopicConfig(brokerName, 1, 1, TopicConfig.PERM_INHERIT | (brokerTopicEnable ? RW : 0)));
        topics.add(new TopicConfig(OFFSET_MOVED_EVENT, 1, 1, RW));
        topics.add(new TopicConfig(SCHEDULE_TOPIC, SCHEDULE_QUEUE_NUMS, SCHEDULE_QUEUE_NUMS, RW));
        if (traceTopic != null) {
            topics.add(new TopicConfig(traceTopic, 1, 1, RW));
        }
        topics.add(new TopicConfig(clusterName + REPLY_TOPIC_SUFFIX, 1, 1, RW));
        topics.add(new TopicConfig(TRANS_HALF_TOPIC, 1, 1, RW));
        topics.add(new TopicConfig(TRANS_OP_HALF_TOPIC, 1, 1, RW));
        return topics;
    }

    /** Not checked as topic names (nor by RocketMQ): a broker named {@code b.1} works, its topic is unusable. */
    private static void requireNonBlank(String name, String what) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(what + " is blank");
        }
    }

    private static void requireTopicName(String name, String what) {
        Objects.requireNonNull(name, what);
        String problem = TopicName.check(name);
        if (problem != null) {
            throw new IllegalArgumentException(what + " is not usable as a topic: " + problem);
        }
    }
}
