package io.kitemq.broker.topic;

import io.kitemq.broker.config.JsonConfigFile;
import io.kitemq.protocol.body.DataVersion;
import io.kitemq.protocol.body.TopicConfig;
import io.kitemq.protocol.body.TopicConfigSerializeWrapper;
import io.kitemq.protocol.body.TopicFilterType;
import io.kitemq.protocol.message.TopicName;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's topics: name → {@link TopicConfig}, with the {@link DataVersion} that the NameServer
 * registration carries (bumped on every change, so an unchanged version means unchanged topics).
 *
 * <p>Persisted to {@code <storeDir>/config/topics.json} as RocketMQ's {@code TopicConfigSerializeWrapper}
 * ({@code {"topicConfigTable": {"<topic>": {...}}, "dataVersion": {...}}}) through a {@link JsonConfigFile}
 * on every change; a change is applied in memory only once it is on disk. A file that cannot be parsed
 * is replaced by its backup (logged as ERROR); without a valid backup the table refuses to open.
 *
 * <p>At open the {@link SystemTopics} are created first and the file's topics laid over them, as RocketMQ
 * does (a saved system topic keeps its saved settings).
 *
 * <p>Auto-creation follows RocketMQ's {@code TopicConfigManager}: {@link #createForSend} from a template
 * topic with the inherit permission, {@link #createRetryTopicIfAbsent} and {@link #createDlqTopicIfAbsent}
 * for a group's {@code %RETRY%} and {@code %DLQ%} topics.
 *
 * <p>Every change is reported to the {@link ChangeListener}s (the broker re-registers with the
 * NameServers), after it is applied and outside any lock.
 *
 * <p>Thread-safe: reads are lock-free on a concurrent map; changes are serialized by one lock that also
 * covers the file write.
 */
public final class TopicTable {

    public static final String FILE_NAME = "topics.json";
    /** Queues of a group's dead-letter topic ({@code DLQ_NUMS_PER_GROUP}). */
    public static final int DLQ_QUEUE_NUMS = 1;

    private static final Logger log = LoggerFactory.getLogger(TopicTable.class);
    private static final int RW = TopicConfig.PERM_READ | TopicConfig.PERM_WRITE;

    /** Told about every change to the table. */
    @FunctionalInterface
    public interface ChangeListener {

        /** {@code topic} was created or changed to {@code config}, or deleted ({@code config} null). */
        void topicChanged(String topic, TopicConfig config);
    }

    private final JsonConfigFile<TopicConfigSerializeWrapper> file;
    private final SystemTopics system;
    private final InstantSource clock;
    private final Map<String, TopicConfig> table = new ConcurrentHashMap<>();
    private final List<ChangeListener> listeners = new CopyOnWriteArrayList<>();
    private final Object changeLock = new Object();
    private volatile DataVersion dataVersion;

    private TopicTable(Path configDir, SystemTopics system, InstantSource clock) {
        this.file = JsonConfigFile.of(configDir.resolve(FILE_NAME), TopicConfigSerializeWrapper.class);
        this.system = Objects.requireNonNull(system, "system");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Creates the system topics and loads {@code configDir/topics.json} over them.
     *
     * @throws IllegalStateException if the file and its backup cannot be parsed
     */
    public static TopicTable open(Path configDir, SystemTopics system, InstantSource clock) {
        TopicTable topics = new TopicTable(configDir, system, clock);
        for (TopicConfig config : system.configs()) {
            topics.table.put(config.topicName(), config);
        }
        TopicConfigSerializeWrapper saved = topics.file.loadOrBackup().orElse(null);
        if (saved == null) {
            topics.dataVersion = DataVersion.startingAt(clock.millis());
        } else {
            saved.topicConfigTable().forEach((name, config) -> {
                if (config != null) {
                    topics.table.put(name, named(name, config));
                }
            });
            topics.dataVersion = saved.dataVersion();
        }
        log.info(
                "Loaded {} topics ({} from {}), data version {}",
                topics.table.size(),
                saved == null ? 0 : saved.topicConfigTable().size(),
                topics.file.path(),
                topics.dataVersion);
        return topics;
    }

    public static String retryTopic(String group) {
        return TopicName.RETRY_PREFIX + group;
    }

    public static String dlqTopic(String group) {
        return TopicName.DLQ_PREFIX + group;
    }

    public void addChangeListener(ChangeListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** The topic's configuration, or null if the broker does not have it. */
    public TopicConfig get(String topic) {
        return topic == null ? null : table.get(topic);
    }

    public boolean contains(String topic) {
        return get(topic) != null;
    }

    /** All topics, sorted by name; a copy. */
    public Map<String, TopicConfig> all() {
        return Collections.unmodifiableMap(new TreeMap<>(table));
    }

    public DataVersion dataVersion() {
        return dataVersion;
    }

    /** All topics with the version they have together, for a NameServer registration. */
    public TopicConfigSerializeWrapper snapshot() {
        synchronized (changeLock) {
            return new TopicConfigSerializeWrapper(new TreeMap<>(table), dataVersion);
        }
    }

    /**
     * Creates or replaces a topic. Saving a configuration equal to the current one changes nothing.
     *
     * @return the previous configuration, or null if the topic is new
     * @throws IllegalArgumentException if the name is not a valid topic name or a queue count is negative
     */
    public TopicConfig createOrUpdate(TopicConfig config) {
        validate(config);
        TopicConfig previous;
        synchronized (changeLock) {
            previous = table.get(config.topicName());
            if (config.equals(previous)) {
                return previous;
            }
            apply(config.topicName(), config);
        }
        log.info("{} topic {}", previous == null ? "Created" : "Updated", config);
        notifyChanged(config.topicName(), config);
        return previous;
    }

    /**
     * Creates the topic unless it exists.
     *
     * @return the topic's configuration: the existing one, or {@code config}
     * @throws IllegalArgumentException as {@link #createOrUpdate}
     */
    public TopicConfig createIfAbsent(TopicConfig config) {
        validate(config);
        synchronized (changeLock) {
            TopicConfig existing = table.get(config.topicName());
            if (existing != null) {
                return existing;
            }
            apply(config.topicName(), config);
        }
        log.info("Created topic {}", config);
        notifyChanged(config.topicName(), config);
        return config;
    }

    /** Deletes a topic; returns whether it existed. */
    public boolean delete(String topic) {
        synchronized (changeLock) {
            if (topic == null || !table.containsKey(topic)) {
                return false;
            }
            apply(topic, null);
        }
        log.info("Deleted topic {}", topic);
        notifyChanged(topic, null);
        return true;
    }

    /**
     * The topic a producer sends to, created on first send from the template topic it names (TBW102) as
     * RocketMQ's {@code createTopicInSendMessageMethod} does: only if the template exists and has the
     * inherit permission (TBW102 never does while auto-creation is disabled); the new topic gets
     * {@code min(queueNums, template's write queues)} queues each way, the template's permission without
     * inherit, and the template's filter type.
     *
     * @return the existing or created topic, or null when creation is not allowed (logged as WARN)
     */
    public TopicConfig createForSend(String topic, String defaultTopic, int queueNums, int topicSysFlag) {
        TopicConfig created;
        synchronized (changeLock) {
            TopicConfig existing = get(topic);
            if (existing != null) {
                return existing;
            }
            created = fromTemplate(topic, defaultTopic, queueNums, topicSysFlag);
            if (created == null) {
                return null;
            }
            apply(topic, created);
        }
        log.info("Created topic {} on send from template {}", created, defaultTopic);
        notifyChanged(topic, created);
        return created;
    }

    /**
     * The group's retry topic {@code %RETRY%<group>}, created with {@code queueNums} queues each way and
     * {@code perm} unless it exists (RocketMQ's {@code createTopicInSendMessageBackMethod}).
     *
     * @throws IllegalArgumentException if the group name makes no valid topic name
     */
    public TopicConfig createRetryTopicIfAbsent(String group, int queueNums, int perm) {
        return createIfAbsent(new TopicConfig(retryTopic(group), queueNums, queueNums, perm));
    }

    /**
     * The group's dead-letter topic {@code %DLQ%<group>}, created unless it exists with one queue,
     * readable and writable (as RocketMQ 5 does).
     *
     * @throws IllegalArgumentException if the group name makes no valid topic name
     */
    public TopicConfig createDlqTopicIfAbsent(String group) {
        return createIfAbsent(new TopicConfig(dlqTopic(group), DLQ_QUEUE_NUMS, DLQ_QUEUE_NUMS, RW));
    }

    /** Writes the current topics and version again, unchanged (on shutdown; changes are saved as made). */
    public void persist() {
        synchronized (changeLock) {
            file.save(new TopicConfigSerializeWrapper(new TreeMap<>(table), dataVersion));
        }
    }

    private TopicConfig fromTemplate(String topic, String defaultTopic, int queueNums, int topicSysFlag) {
        String problem = TopicName.check(topic);
        if (problem != null) {
            log.warn("Not creating topic on send: {}", problem);
            return null;
        }
        TopicConfig template = get(defaultTopic);
        if (template == null) {
            log.warn("Not creating topic {} on send: the template topic {} does not exist", topic, defaultTopic);
            return null;
        }
        boolean autoCreateOff = TopicName.AUTO_CREATE_TOPIC_KEY.equals(defaultTopic) && !system.autoCreateTopicEnable();
        if (autoCreateOff || (template.perm() & TopicConfig.PERM_INHERIT) == 0) {
            log.warn(
                    "Not creating topic {} on send: the template topic {} (perm {}) may not be inherited{}",
                    topic,
                    defaultTopic,
                    template.perm(),
                    autoCreateOff ? " while autoCreateTopicEnable is false" : "");
            return null;
        }
        int queues = Math.max(0, Math.min(queueNums, template.writeQueueNums()));
        TopicFilterType filterType = template.topicFilterType();
        int perm = template.perm() & ~TopicConfig.PERM_INHERIT;
        return new TopicConfig(topic, queues, queues, perm, filterType, topicSysFlag, false, null);
    }

    /** Saves the table with the change and a bumped version, then applies it; caller holds the lock. */
    private void apply(String topic, TopicConfig config) {
        Map<String, TopicConfig> next = new TreeMap<>(table);
        if (config == null) {
            next.remove(topic);
        } else {
            next.put(topic, config);
        }
        DataVersion version = dataVersion.next(clock.millis());
        file.save(new TopicConfigSerializeWrapper(next, version));
        if (config == null) {
            table.remove(topic);
        } else {
            table.put(topic, config);
        }
        dataVersion = version;
    }

    private void notifyChanged(String topic, TopicConfig config) {
        for (ChangeListener listener : listeners) {
            try {
                listener.topicChanged(topic, config);
            } catch (RuntimeException e) {
                log.warn("Topic change listener failed for topic {}", topic, e);
            }
        }
    }

    private static void validate(TopicConfig config) {
        Objects.requireNonNull(config, "config");
        String problem = TopicName.check(config.topicName());
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (config.readQueueNums() < 0 || config.writeQueueNums() < 0) {
            throw new IllegalArgumentException("queue counts of topic " + config.topicName() + " must be >= 0: read "
                    + config.readQueueNums() + ", write " + config.writeQueueNums());
        }
    }

    /** A saved entry under its map key (RocketMQ reads the key; the name inside may be absent). */
    private static TopicConfig named(String name, TopicConfig config) {
        if (name.equals(config.topicName())) {
            return config;
        }
        return new TopicConfig(
                name,
                config.readQueueNums(),
                config.writeQueueNums(),
                config.perm(),
                config.topicFilterType(),
                config.topicSysFlag(),
                config.order(),
                config.attributes());
    }
}
