package io.kitemq.broker.filter;

import io.kitemq.protocol.body.ConsumerData;
import io.kitemq.protocol.body.SubscriptionData;
import io.kitemq.protocol.message.StoredMessageCodec;
import io.kitemq.store.MessageFilter;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's SQL92 filters: compiles subscription expressions once and keeps them (keyed by the
 * expression text, so every subscription and every pull with the same expression shares one compiled
 * form; bounded: past {@link #MAX_CACHED} distinct expressions the cache starts over), and makes store
 * filters that evaluate a compiled expression on each stored record's properties.
 *
 * <p>Thread-safe.
 */
public final class SqlFilters {

    /** Distinct expressions kept compiled at most. */
    public static final int MAX_CACHED = 10_000;

    private static final Logger log = LoggerFactory.getLogger(SqlFilters.class);

    private final Map<String, SqlExpression> compiled = new ConcurrentHashMap<>();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /** Whether a subscription's expression type is SQL92 (case-insensitive, as RocketMQ's). */
    public static boolean isSql(String expressionType) {
        return SubscriptionData.EXPRESSION_SQL92.equalsIgnoreCase(expressionType);
    }

    /**
     * The compiled form of {@code expression}, from the cache when it was compiled before.
     *
     * @throws SqlSyntaxException if it is not valid (not cached)
     */
    public SqlExpression compile(String expression) {
        SqlExpression e = compiled.get(expression == null ? "" : expression);
        if (e != null) {
            return e;
        }
        e = SqlExpression.compile(expression);
        if (compiled.size() >= MAX_CACHED) {
            compiled.clear();
        }
        compiled.put(expression, e);
        return e;
    }

    /**
     * Compiles the SQL92 subscriptions a heartbeat announces, so pulls find them compiled, and logs (WARN,
     * once per group and expression) those that do not compile. Like RocketMQ 5 the heartbeat is accepted all the same: the official client
     * checks its expression with CHECK_CLIENT_CONFIG before it starts, and a pull with a bad expression is
     * refused with SUBSCRIPTION_PARSE_FAILED.
     *
     * @return how many of the consumer's subscriptions do not compile
     */
    public int admit(ConsumerData consumer) {
        int bad = 0;
        for (SubscriptionData sub : consumer.subscriptionDataSet()) {
            if (isSql(sub.expressionType())) {
                try {
                    compile(sub.subString());
                } catch (SqlSyntaxException e) {
                    bad++;
                    if (warned.size() >= MAX_CACHED) {
                        warned.clear();
                    }
                    if (!warned.add(consumer.groupName() + '\u0000' + sub.subString())) {
                        continue; // said once: heartbeats repeat every 30 s
                    }
                    log.warn(
                            "consumer group {} subscribes to {}: {}",
                            consumer.groupName(),
                            sub.topic(),
                            e.getMessage());
                }
            }
        }
        return bad;
    }

    /** Number of compiled expressions held. */
    public int cachedCount() {
        return compiled.size();
    }

    /**
     * A store filter taking the messages whose properties match {@code expression}.
     *
     * @throws SqlSyntaxException if the expression is not valid
     */
    public MessageFilter filter(String expression) {
        return new RecordFilter(compile(expression));
    }

    /** Evaluates the expression on each record's properties (no tag hash to go by). */
    private record RecordFilter(SqlExpression expression) implements MessageFilter, PropertyFilter {
        @Override
        public boolean matchesTagHash(long tagHash) {
            return true;
        }

        @Override
        public boolean matchesProperties(Map<String, String> properties) {
            return expression.matches(properties);
        }

        @Override
        public boolean matchesRecord(ByteBuffer record) {
            return expression.matches(
                    StoredMessageCodec.decode(record, false, false).getProperties());
        }
    }
}
