package io.kitemq.protocol.header;

import java.util.Map;

/**
 * Custom header of the response to {@code ADD_WRITE_PERM_OF_BROKER}: how many topics regained write permission.
 *
 * <p>Required keys: {@code addTopicCount}.
 *
 * <p>Immutable and thread-safe.
 */
public record AddWritePermOfBrokerResponseHeader(int addTopicCount) implements CommandCustomHeader {

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static AddWritePermOfBrokerResponseHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "AddWritePermOfBrokerResponseHeader");
        return new AddWritePermOfBrokerResponseHeader(r.requiredInt("addTopicCount"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("addTopicCount", Integer.toString(addTopicCount));
    }
}
