package io.kitemq.store.index;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A stand-in for the CommitLog in index tests: the messages put so far (offset order) and what a
 * query must return for them, matching keys by index hash like the index does.
 */
final class IndexedMessages {

    record Msg(String topic, String keys, String uniqKey, long offset, long timestamp) {

        List<String> allKeys() {
            List<String> all = new ArrayList<>();
            if (uniqKey != null && !uniqKey.isEmpty()) {
                all.add(uniqKey);
            }
            if (keys != null) {
                for (String k : keys.split(" ")) {
                    if (!k.isEmpty()) {
                        all.add(k);
                    }
                }
            }
            return all;
        }
    }

    final List<Msg> messages = new ArrayList<>();

    Msg add(String topic, String keys, String uniqKey, long offset, long timestamp) {
        Msg m = new Msg(topic, keys, uniqKey, offset, timestamp);
        messages.add(m);
        return m;
    }

    /** Random messages at increasing offsets and whole-second timestamps, keys from a small set. */
    static IndexedMessages random(Random rnd, int count, int distinctKeys) {
        IndexedMessages log = new IndexedMessages();
        long offset = 1_000;
        long ts = 1_700_000_000_000L;
        for (int i = 0; i < count; i++) {
            String topic = rnd.nextInt(4) == 0 ? "T2" : "T1";
            StringBuilder keys = new StringBuilder();
            int n = rnd.nextInt(4);
            for (int k = 0; k < n; k++) {
                keys.append("key").append(rnd.nextInt(distinctKeys)).append(' ');
            }
            log.add(topic, keys.toString(), rnd.nextInt(5) == 0 ? null : "U" + i, offset, ts);
            offset += 50 + rnd.nextInt(200);
            ts += 1000L * rnd.nextInt(3);
        }
        return log;
    }

    /** Puts every message whose offset is at least {@code from}, as a re-dispatch would. */
    void putAll(IndexService index, long from) {
        for (Msg m : messages) {
            if (m.offset >= from) {
                index.put(m.topic, m.keys, m.uniqKey, m.offset, m.timestamp);
            }
        }
    }

    /** The offsets a query must return: newest first, distinct, at most maxNum. */
    List<Long> expected(String topic, String key, int maxNum, long beginMs, long endMs) {
        int hash = IndexKey.hash(topic, key);
        List<Long> out = new ArrayList<>();
        for (int i = messages.size() - 1; i >= 0 && out.size() < maxNum; i--) {
            Msg m = messages.get(i);
            if (m.timestamp < beginMs || m.timestamp > endMs) {
                continue;
            }
            for (String k : m.allKeys()) {
                if (IndexKey.hash(m.topic, k) == hash) {
                    out.add(m.offset);
                    break;
                }
            }
        }
        return out;
    }

    List<Long> expected(String topic, String key) {
        return expected(topic, key, Integer.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** Every (topic, key) pair put, plus a few never put. */
    List<String[]> queries() {
        List<String[]> q = new ArrayList<>();
        for (Msg m : messages) {
            for (String k : m.allKeys()) {
                q.add(new String[] {m.topic, k});
            }
        }
        q.add(new String[] {"T1", "never-put"});
        q.add(new String[] {"T3", "key1"});
        return q;
    }

    /** Offset of the last message that has a key, 0 if none: what the index reports as its end. */
    long lastIndexedOffset() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (!messages.get(i).allKeys().isEmpty()) {
                return messages.get(i).offset;
            }
        }
        return 0;
    }

    long lastOffset() {
        return messages.isEmpty() ? 0 : messages.get(messages.size() - 1).offset;
    }
}
