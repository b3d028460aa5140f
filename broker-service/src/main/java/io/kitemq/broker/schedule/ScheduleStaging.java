package io.kitemq.broker.schedule;

import io.kitemq.broker.topic.SystemTopics;
import io.kitemq.protocol.message.Message;
import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.MessageSysFlag;
import io.kitemq.protocol.message.PropertyKeys;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;

/**
 * Decides whether a message is delivered later and, if so, parks it where its delivery service finds it
 * — RocketMQ's rewrite on the send path:
 *
 * <ul>
 *   <li>{@code DELAY=n} (n &gt; 0; above the highest level means the highest): topic
 *       {@code SCHEDULE_TOPIC_XXXX}, queue {@code n-1}, properties {@code REAL_TOPIC} and {@code REAL_QID}
 *       added; any {@code TIMER_*} property is dropped (a delay level wins, as in RocketMQ).
 *   <li>{@code TIMER_DELAY_SEC}, else {@code TIMER_DELAY_MS}, else {@code TIMER_DELIVER_MS}: due at now plus
 *       the delay, or at the given epoch ms; a due time not in the future is delivered at once (stored in
 *       its topic as is); otherwise topic {@code rmq_sys_wheel_timer}, queue 0, with {@code TIMER_OUT_MS}
 *       (the due time), {@code REAL_TOPIC} and {@code REAL_QID}.
 * </ul>
 *
 * Half messages (prepared transactions) are never staged here: they are staged when committed.
 *
 * <p>Invalid values are refused with a remark ({@link #check}): a level that is not a number or is
 * negative; a timer value that is not a number, a negative delay or deliver time, a delay above {@link
 * ScheduleConfig#timerMaxDelay()}. RocketMQ treats a negative level as "no delay" and a negative timer as
 * "deliver now"; KiteMQ says the value is wrong instead.
 *
 * <p>Immutable and thread-safe.
 */
public final class ScheduleStaging {

    /** The system topic where timed messages wait (RocketMQ 5's timer topic name). */
    public static final String TIMER_TOPIC = "rmq_sys_wheel_timer";

    private final DelayLevels levels;
    private final long timerMaxDelayMs;
    private final InstantSource clock;

    public ScheduleStaging(ScheduleConfig config, InstantSource clock) {
        this.levels = config.delayLevels();
        this.timerMaxDelayMs = config.timerMaxDelay().toMillis();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Whether the message asks for later delivery (a delay level or a timer property), valid or not. */
    public static boolean isDelayed(Message m) {
        Map<String, String> p = m.getProperties();
        String level = p.get(PropertyKeys.PROPERTY_DELAY_TIME_LEVEL);
        return (level != null && !level.equals("0"))
                || p.containsKey(PropertyKeys.PROPERTY_TIMER_DELAY_SEC)
                || p.containsKey(PropertyKeys.PROPERTY_TIMER_DELAY_MS)
                || p.containsKey(PropertyKeys.PROPERTY_TIMER_DELIVER_MS);
    }

    /** Why the message's delay properties are invalid, or null when they are fine (or absent). */
    public String check(Message m) {
        Map<String, String> p = m.getProperties();
        String level = p.get(PropertyKeys.PROPERTY_DELAY_TIME_LEVEL);
        if (level != null) {
            Integer n = parseInt(level);
            if (n == null || n < 0) {
                return "delay level (property DELAY) '" + level + "' is invalid: use 1.." + levels.maxLevel()
                        + " (0 or absent = no delay)";
            }
            if (n > 0) {
                return null;
            }
        }
        try {
            dueMillis(p, clock.millis());
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * Moves a checked message about to be stored into its staging topic and queue if it is delayed.
     *
     * @return whether the message was staged
     */
    public boolean stage(MessageExt m) {
        int tran = MessageSysFlag.transactionType(m.getSysFlag());
        if (tran != MessageSysFlag.TRANSACTION_NOT_TYPE && tran != MessageSysFlag.TRANSACTION_COMMIT_TYPE) {
            return false;
        }
        Map<String, String> p = m.getProperties();
        String level = p.get(PropertyKeys.PROPERTY_DELAY_TIME_LEVEL);
        Integer n = level == null ? null : parseInt(level);
        if (n != null && n > 0) {
            stageDelayLevel(m, levels.clamp(n));
            return true;
        }
        long now = clock.millis();
        long due = dueMillis(p, now);
        if (due <= now) {
            return false;
        }
        m.putProperty(PropertyKeys.PROPERTY_TIMER_OUT_MS, Long.toString(due));
        park(m, TIMER_TOPIC, 0);
        return true;
    }

    /** Parks a message for delay {@code level} (1-based, at most the highest). */
    public void stageDelayLevel(MessageExt m, int level) {
        if (level < 1 || level > levels.maxLevel()) {
            throw new IllegalArgumentException("delay level must be 1.." + levels.maxLevel() + ": " + level);
        }
        m.putProperty(PropertyKeys.PROPERTY_DELAY_TIME_LEVEL, Integer.toString(level));
        m.getProperties().remove(PropertyKeys.PROPERTY_TIMER_DELAY_SEC);
        m.getProperties().remove(PropertyKeys.PROPERTY_TIMER_DELAY_MS);
        m.getProperties().remove(PropertyKeys.PROPERTY_TIMER_DELIVER_MS);
        park(m, SystemTopics.SCHEDULE_TOPIC, level - 1);
    }

    public DelayLevels levels() {
        return levels;
    }

    private static void park(MessageExt m, String topic, int queueId) {
        m.putProperty(PropertyKeys.PROPERTY_REAL_TOPIC, m.getTopic());
        m.putProperty(PropertyKeys.PROPERTY_REAL_QUEUE_ID, Integer.toString(m.getQueueId()));
        m.setTopic(topic);
        m.setQueueId(queueId);
    }

    /**
     * The due time the timer properties ask for; {@code now} without any.
     *
     * @throws IllegalArgumentException with the remark for an invalid value
     */
    private long dueMillis(Map<String, String> p, long now) {
        String sec = p.get(PropertyKeys.PROPERTY_TIMER_DELAY_SEC);
        String ms = p.get(PropertyKeys.PROPERTY_TIMER_DELAY_MS);
        String at = p.get(PropertyKeys.PROPERTY_TIMER_DELIVER_MS);
        long delayMs;
        if (sec != null) {
            delayMs = Math.multiplyExact(timerValue(PropertyKeys.PROPERTY_TIMER_DELAY_SEC, sec), 1000L);
        } else if (ms != null) {
            delayMs = timerValue(PropertyKeys.PROPERTY_TIMER_DELAY_MS, ms);
        } else if (at != null) {
            delayMs = timerValue(PropertyKeys.PROPERTY_TIMER_DELIVER_MS, at) - now;
        } else {
            return now;
        }
        if (delayMs > timerMaxDelayMs) {
            throw new IllegalArgumentException("timer message illegal: the delay of " + delayMs
                    + " ms is bigger than the max delay " + timerMaxDelayMs + " ms");
        }
        return now + Math.max(0, delayMs);
    }

    private static long timerValue(String name, String value) {
        long v;
        try {
            v = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "timer message illegal: property " + name + " '" + value + "' is not a number");
        }
        if (v < 0) {
            throw new IllegalArgumentException("timer message illegal: property " + name + " is negative: " + v);
        }
        if (v > Long.MAX_VALUE / 2000) {
            throw new IllegalArgumentException("timer message illegal: property " + name + " is too large: " + v);
        }
        return v;
    }

    private static Integer parseInt(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
