package io.kitemq.protocol.header;

import java.util.Map;

/**
 * Custom header of the response to {@code POLLING_INFO}: how many requests are parked.
 *
 * <p>Required keys: {@code pollingNum}.
 *
 * <p>Immutable and thread-safe.
 */
public record PollingInfoResponseHeader(int pollingNum) implements CommandCustomHeader {

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static PollingInfoResponseHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "PollingInfoResponseHeader");
        return new PollingInfoResponseHeader(r.requiredInt("pollingNum"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("pollingNum", Integer.toString(pollingNum));
    }
}
