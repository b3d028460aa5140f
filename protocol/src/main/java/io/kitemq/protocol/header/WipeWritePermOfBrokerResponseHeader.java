package io.kitemq.protocol.header;

import java.util.Map;

/**
 * Custom header of the response to {@code WIPE_WRITE_PERM_OF_BROKER}: how many topics lost write permission.
 *
 * <p>Required keys: {@code wipeTopicCount}.
 *
 * <p>Immutable and thread-safe.
 */
public record WipeWritePermOfBrokerResponseHeader(int wipeTopicCount) implements CommandCustomHeader {

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static WipeWritePermOfBrokerResponseHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "WipeWritePermOfBrokerResponseHeader");
        return new WipeWritePermOfBrokerResponseHeader(r.requiredInt("wipeTopicCount"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("wipeTopicCount", Integer.toString(wipeTopicCount));
    }
}
