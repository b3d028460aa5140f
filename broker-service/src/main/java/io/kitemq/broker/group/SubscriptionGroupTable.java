package io.kitemq.broker.group;

import io.kitemq.broker.config.JsonConfigFile;
import io.kitemq.protocol.body.DataVersion;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's consumer groups: name → {@link SubscriptionGroupConfig}, with a {@link DataVersion} bumped
 * on every change.
 *
 * <p>Persisted to {@code <storeDir>/config/subscriptionGroups.json} in the shape of RocketMQ's
 * {@code subscriptionGroup.json} ({@code {"subscriptionGroupTable": {...}, "forbiddenTable": {...},
 * "dataVersion": {...}}}) through a {@link JsonConfigFile} on every change; a change is applied in memory
 * only once it is on disk. A file that cannot be parsed is replaced by its backup (logged as ERROR);
 * without a valid backup the table refuses to open. The {@code forbiddenTable} (RocketMQ's per-topic
 * consume bans) is kept as loaded but not interpreted.
 *
 * <p>At open RocketMQ's system groups ({@code SubscriptionGroupManager.init}: TOOLS_CONSUMER,
 * FILTERSRV_CONSUMER, SELF_TEST_C_GROUP, CID_ONS-HTTP-PROXY, CID_ONSAPI_PULL, CID_ONSAPI_PERMISSION,
 * CID_ONSAPI_OWNER, CID_RMQ_SYS_TRANS, all with default settings) are created first and the file's
 * groups laid over them.
 *
 * <p>Thread-safe: reads are lock-free on a concurrent map; changes are serialized by one lock that also
 * covers the file write.
 */
public final class SubscriptionGroupTable {

    public static final String FILE_NAME = "subscriptionGroups.json";

    static final List<String> SYSTEM_GROUPS = List.of(
            GroupName.TOOLS_CONSUMER,
            GroupName.FILTERSRV_CONSUMER,
            GroupName.SELF_TEST_CONSUMER,
            GroupName.ONS_HTTP_PROXY,
            GroupName.ONSAPI_PULL,
            GroupName.ONSAPI_PERMISSION,
            GroupName.ONSAPI_OWNER,
            GroupName.SYS_TRANS);

    private static final Logger log = LoggerFactory.getLogger(SubscriptionGroupTable.class);

    /** The file's JSON shape. */
    record Persisted(
            Map<String, SubscriptionGroupConfig> subscriptionGroupTable,
            Map<String, Map<String, Integer>> forbiddenTable,
            DataVersion dataVersion) {}

    private final JsonConfigFile<Persisted> file;
    private final InstantSource clock;
    private final Map<String, SubscriptionGroupConfig> table = new ConcurrentHashMap<>();
    private final Object changeLock = new Object();
    private volatile Map<String, Map<String, Integer>> forbidden = new TreeMap<>();
    private volatile DataVersion dataVersion;

    private SubscriptionGroupTable(Path configDir, InstantSource clock) {
        this.file = JsonConfigFile.of(configDir.resolve(FILE_NAME), Persisted.class);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Creates the system groups and loads {@code configDir/subscriptionGroups.json} over them.
     *
     * @throws IllegalStateException if the file and its backup cannot be parsed
     */
    public static SubscriptionGroupTable open(Path configDir, InstantSource clock) {
        SubscriptionGroupTable groups = new SubscriptionGroupTable(configDir, clock);
        for (String name : SYSTEM_GROUPS) {
            groups.table.put(name, SubscriptionGroupConfig.withDefaults(name));
        }
        Persisted saved = groups.file.loadOrBackup().orElse(null);
        if (saved == null) {
            groups.dataVersion = DataVersion.startingAt(clock.millis());
        } else {
            if (saved.subscriptionGroupTable() != null) {
                saved.subscriptionGroupTable().forEach((name, config) -> {
                    if (config != null) {
                        groups.table.put(name, config);
                    }
                });
            }
            if (saved.forbiddenTable() != null) {
                groups.forbidden.putAll(saved.forbiddenTable());
            }
            groups.dataVersion = saved.dataVersion() == null ? DataVersion.ZERO : saved.dataVersion();
        }
        log.info(
                "Loaded {} subscription groups from {}, data version {}",
                groups.table.size(),
                groups.file.path(),
                groups.dataVersion);
        return groups;
    }

    /** The group's configuration, or null if the broker does not have it. */
    public SubscriptionGroupConfig get(String group) {
        return group == null ? null : table.get(group);
    }

    /** All groups, sorted by name; a copy. */
    public Map<String, SubscriptionGroupConfig> all() {
        return Collections.unmodifiableMap(new TreeMap<>(table));
    }

    public DataVersion dataVersion() {
        return dataVersion;
    }

    /**
     * Creates or replaces a group. Saving a configuration equal to the current one changes nothing.
     *
     * @return the previous configuration, or null if the group is new
     * @throws IllegalArgumentException if the group name is not valid
     */
    public SubscriptionGroupConfig createOrUpdate(SubscriptionGroupConfig config) {
        Objects.requireNonNull(config, "config");
        String problem = GroupName.check(config.groupName());
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        SubscriptionGroupConfig previous;
        synchronized (changeLock) {
            previous = table.get(config.groupName());
            if (config.equals(previous)) {
                return previous;
            }
            apply(config.groupName(), config);
        }
        log.info("{} subscription group {}", previous == null ? "Created" : "Updated", config);
        return previous;
    }

    /** Deletes a group; returns whether it existed. */
    public boolean delete(String group) {
        synchronized (changeLock) {
            if (group == null || !table.containsKey(group)) {
                return false;
            }
            apply(group, null);
        }
        log.info("Deleted subscription group {}", group);
        return true;
    }

    /**
     * The group's configuration, created with RocketMQ's defaults on first use when
     * {@code autoCreateEnabled} (RocketMQ's {@code autoCreateSubscriptionGroup}) or when it is a system
     * group ({@code CID_RMQ_SYS_} prefix), as {@code findSubscriptionGroupConfig} does.
     *
     * @return the group, or null if it does not exist and may not be created (also for an invalid name)
     */
    public SubscriptionGroupConfig getOrAutoCreate(String group, boolean autoCreateEnabled) {
        SubscriptionGroupConfig existing = get(group);
        if (existing != null) {
            return existing;
        }
        if (!(autoCreateEnabled || GroupName.isSystemGroup(group)) || !GroupName.isValid(group)) {
            return null;
        }
        SubscriptionGroupConfig created = SubscriptionGroupConfig.withDefaults(group);
        synchronized (changeLock) {
            existing = table.get(group);
            if (existing != null) {
                return existing;
            }
            apply(group, created);
        }
        log.info("Auto-created subscription group {}", created);
        return created;
    }

    /** Writes the current groups and version again, unchanged (on shutdown; changes are saved as made). */
    public void persist() {
        synchronized (changeLock) {
            file.save(new Persisted(new TreeMap<>(table), forbidden, dataVersion));
        }
    }

    /** Saves the table with the change and a bumped version, then applies it; caller holds the lock. */
    private void apply(String group, SubscriptionGroupConfig config) {
        Map<String, SubscriptionGroupConfig> next = new TreeMap<>(table);
        Map<String, Map<String, Integer>> nextForbidden = forbidden;
        if (config == null) {
            next.remove(group);
            if (forbidden.containsKey(group)) {
                nextForbidden = new TreeMap<>(forbidden);
                nextForbidden.remove(group);
            }
        } else {
            next.put(group, config);
        }
        DataVersion version = dataVersion.next(clock.millis());
        file.save(new Persisted(next, nextForbidden, version));
        if (config == null) {
            table.remove(group);
        } else {
            table.put(group, config);
        }
        forbidden = nextForbidden;
        dataVersion = version;
    }
}
