package io.kitemq.protocol.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Our request codes against the constants of RocketMQ 5.5.0's {@code RequestCode}, by name. */
class RequestCodeTest {

    /** ACL 1.0 codes that RocketMQ removed in 5.3.3 and 4.x tools still send. */
    private static final Set<String> LEGACY = Set.of(
            "UPDATE_AND_CREATE_ACL_CONFIG",
            "DELETE_ACL_CONFIG",
            "GET_BROKER_CLUSTER_ACL_INFO",
            "UPDATE_GLOBAL_WHITE_ADDRS_CONFIG",
            "GET_BROKER_CLUSTER_ACL_CONFIG");

    @Test
    void everyRocketMqCodeIsPresentWithTheSameNumber() throws IllegalAccessException {
        Map<String, Integer> theirs = theirCodes();
        assertThat(theirs).hasSizeGreaterThan(150);
        theirs.forEach((name, code) ->
                assertThat(RequestCode.valueOf(name).code()).as(name).isEqualTo(code));
    }

    @Test
    void everyOtherCodeIsADocumentedLegacyCode() throws IllegalAccessException {
        Set<String> theirs = theirCodes().keySet();
        Set<String> extra = Arrays.stream(RequestCode.values())
                .map(Enum::name)
                .filter(name -> !theirs.contains(name))
                .collect(Collectors.toSet());
        assertThat(extra).isEqualTo(LEGACY);
        assertThat(RequestCode.UPDATE_AND_CREATE_ACL_CONFIG.code()).isEqualTo(50);
        assertThat(RequestCode.GET_BROKER_CLUSTER_ACL_CONFIG.code()).isEqualTo(54);
    }

    @Test
    void fromCodeFindsEveryCodeAndCodesAreUnique() {
        for (RequestCode requestCode : RequestCode.values()) {
            assertThat(RequestCode.fromCode(requestCode.code())).contains(requestCode);
        }
        assertThat(Arrays.stream(RequestCode.values())
                        .map(RequestCode::code)
                        .distinct()
                        .count())
                .isEqualTo(RequestCode.values().length);
        assertThat(RequestCode.fromCode(16)).isEmpty();
        assertThat(RequestCode.fromCode(-1)).isEmpty();
        assertThat(RequestCode.fromCode(Integer.MAX_VALUE)).isEmpty();
    }

    @Test
    void codesTheProtocolSheetNames() {
        assertThat(RequestCode.GET_ROUTEINFO_BY_TOPIC.code()).isEqualTo(105);
        assertThat(RequestCode.SEND_MESSAGE_V2.code()).isEqualTo(310);
        assertThat(RequestCode.SEND_BATCH_MESSAGE.code()).isEqualTo(320);
        assertThat(RequestCode.QUERY_DATA_VERSION.code()).isEqualTo(322);
        assertThat(RequestCode.LITE_PULL_MESSAGE.code()).isEqualTo(361);
        // The POP family lives at 2000xx in RocketMQ 5.x, not 34xx.
        assertThat(RequestCode.POP_MESSAGE.code()).isEqualTo(200050);
        assertThat(RequestCode.ACK_MESSAGE.code()).isEqualTo(200051);
        assertThat(RequestCode.BATCH_ACK_MESSAGE.code()).isEqualTo(200151);
        assertThat(RequestCode.NOTIFICATION.code()).isEqualTo(200054);
    }

    @Property(tries = 500)
    void fromCodeNeverReturnsAnotherCode(@ForAll @IntRange(min = -10, max = 200200) int code) {
        RequestCode.fromCode(code).ifPresent(found -> assertThat(found.code()).isEqualTo(code));
        boolean defined = Arrays.stream(RequestCode.values()).anyMatch(rc -> rc.code() == code);
        assertThat(RequestCode.fromCode(code).isPresent()).isEqualTo(defined);
    }

    private static Map<String, Integer> theirCodes() throws IllegalAccessException {
        Map<String, Integer> codes = new HashMap<>();
        for (Field field : org.apache.rocketmq.remoting.protocol.RequestCode.class.getFields()) {
            boolean constant = Modifier.isStatic(field.getModifiers()) && Modifier.isFinal(field.getModifiers());
            if (constant && (field.getType() == int.class || field.getType() == short.class)) {
                codes.put(field.getName(), ((Number) field.get(null)).intValue());
            }
        }
        return codes;
    }
}
