package io.kitemq.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** The extFields of a typical SEND_MESSAGE_V2 request, as the official Java client fills them. */
final class SampleHeaders {

    private SampleHeaders() {}

    static Map<String, String> sendV2() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("a", "please_rename_unique_group_name");
        m.put("b", "BenchmarkTopic");
        m.put("c", "TBW102");
        m.put("d", "4");
        m.put("e", "2");
        m.put("f", "0");
        m.put("g", "1732521600000");
        m.put("h", "0");
        m.put(
                "i",
                "KEYS\u0001order-42\u0002TAGS\u0001TagA\u0002UNIQ_KEY\u00017F0000010C4818B4AAC2496E4B4E0000\u0002WAIT\u0001true\u0002");
        m.put("j", "0");
        m.put("k", "false");
        m.put("m", "false");
        m.put("n", "broker-a");
        return m;
    }
}
