package io.kitemq.protocol.header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.rocketmq.remoting.annotation.CFNotNull;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every typed header against RocketMQ 5.5.0's own header class of the same name: their encoder's extFields decode to
 * the same field values with ours and re-encode to the same text; our extFields decode to the same values with
 * theirs; both agree on which keys are required and on the defaults of absent optional keys.
 */
class HeaderOracleTest {

    /** The 5.x base fields of RpcRequestHeader / TopicRequestHeader; tolerated, carried only where renamed to. */
    private static final Set<String> BASE_FIELDS = Set.of("ns", "nsd", "bname", "oway", "lo");

    /** Keys we model that RocketMQ's header classes do not hold (its processors add or read them directly). */
    private static final Set<String> EXTRA_KEYS = Set.of("MSG_REGION", "TRACE_ON", "_UNIQUE_KEY_QUERY");

    private static final int ROUNDS = 60;

    static Stream<HeaderCase> cases() {
        return HeaderCase.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void modelsEveryFieldOfRocketMqsClass(HeaderCase c) {
        Set<String> ourKeys = new HashSet<>();
        for (RecordComponent component : c.components()) {
            String key = c.wireKey(component);
            ourKeys.add(key);
            assertThat(c.theirField(key) != null || EXTRA_KEYS.contains(key))
                    .as("%s.%s has no RocketMQ counterpart '%s'", c, component.getName(), key)
                    .isTrue();
        }
        for (Field field : c.theirFields()) {
            assertThat(ourKeys.contains(field.getName()) || BASE_FIELDS.contains(field.getName()))
                    .as("%s lacks RocketMQ field %s", c, field.getName())
                    .isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theirEncodingDecodesWithOursAndBack(HeaderCase c) throws Exception {
        Random random = new Random(c.toString().hashCode());
        for (int round = 0; round < ROUNDS; round++) {
            Object theirs = randomTheirs(c, random);
            RemotingCommand cmd = command(c, (org.apache.rocketmq.remoting.CommandCustomHeader) theirs);
            cmd.makeCustomHeaderToNet();
            Map<String, String> wire = new HashMap<>(cmd.getExtFields());
            Map<String, String> extras = randomExtras(c, random);
            wire.putAll(extras);

            CommandCustomHeader ours = c.decoder().apply(wire);
            assertSameValues(c, theirs, ours, extras);

            Map<String, String> ourWire = new HashMap<>();
            ours.encodeTo(ourWire);
            assertThat(ourWire).as("%s re-encoded", c).isEqualTo(modelledKeys(c, wire));

            Object theirsAgain = decodeWithTheirs(c, ourWire);
            assertSameValues(c, theirsAgain, ours, extras);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void absentOptionalKeysDefaultLikeRocketMq(HeaderCase c) throws Exception {
        Random random = new Random(c.toString().hashCode() + 1);
        Map<String, String> wire = requiredKeys(c, random);

        CommandCustomHeader ours = c.decoder().apply(wire);
        Object theirs = decodeWithTheirs(c, wire);

        assertSameValues(c, theirs, ours, Map.of());
    }

    /**
     * The required keys are exactly RocketMQ's {@code @CFNotNull} fields ({@link #absentOptionalKeysDefaultLikeRocketMq}
     * shows we require no more). RocketMQ itself only logs a missing one and leaves the field null.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void missingRequiredKeyIsNamed(HeaderCase c) {
        Map<String, String> complete = requiredKeys(c, new Random(7));
        for (String key : complete.keySet()) {
            Map<String, String> wire = new HashMap<>(complete);
            wire.remove(key);

            assertThatThrownBy(() -> c.decoder().apply(wire))
                    .isInstanceOfSatisfying(
                            MissingHeaderFieldException.class,
                            e -> assertThat(e.field()).isEqualTo(key))
                    .hasMessageContaining("'" + key + "'")
                    .hasMessageContaining(c.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void unparseableNumbersFailWhenRequiredAndReadAsAbsentWhenOptional(HeaderCase c) throws Exception {
        Map<String, String> required = requiredKeys(c, new Random(11));
        for (RecordComponent component : c.components()) {
            String key = c.wireKey(component);
            if (!isNumber(component.getType())) {
                continue;
            }
            Map<String, String> wire = new HashMap<>(required);
            wire.put(key, "12x");
            if (required.containsKey(key)) {
                assertThatThrownBy(() -> c.decoder().apply(wire))
                        .isInstanceOfSatisfying(
                                MissingHeaderFieldException.class,
                                e -> assertThat(e.field()).isEqualTo(key));
            } else {
                Object theirs = commandWith(wire).decodeCommandCustomHeaderDirectly(theirCommandClass(c), false);
                assertSameValues(c, theirs, c.decoder().apply(wire), Map.of());
            }
        }
    }

    private static boolean isNumber(Class<?> type) {
        return type == int.class || type == long.class || type == Integer.class || type == Long.class;
    }

    private static RemotingCommand command(HeaderCase c, org.apache.rocketmq.remoting.CommandCustomHeader theirs) {
        return c.isResponse()
                ? RemotingCommand.createResponseCommandWithHeader(0, theirs)
                : RemotingCommand.createRequestCommand(c.code().code(), theirs);
    }

    private static RemotingCommand commandWith(Map<String, String> extFields) {
        RemotingCommand cmd = RemotingCommand.createRequestCommand(0, null);
        cmd.setExtFields(new HashMap<>(extFields));
        return cmd;
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends org.apache.rocketmq.remoting.CommandCustomHeader> theirCommandClass(HeaderCase c) {
        return (Class<? extends org.apache.rocketmq.remoting.CommandCustomHeader>) c.theirs();
    }

    private static Object decodeWithTheirs(HeaderCase c, Map<String, String> extFields) throws Exception {
        return commandWith(extFields).decodeCommandCustomHeader(theirCommandClass(c));
    }

    /** The keys of {@code wire} that our record models: RocketMQ's output minus base fields we do not carry. */
    private static Map<String, String> modelledKeys(HeaderCase c, Map<String, String> wire) {
        Set<String> keys = new HashSet<>();
        c.components().forEach(component -> keys.add(c.wireKey(component)));
        Map<String, String> result = new HashMap<>(wire);
        result.keySet().retainAll(keys);
        return result;
    }

    private static void assertSameValues(
            HeaderCase c, Object theirs, CommandCustomHeader ours, Map<String, String> extras) throws Exception {
        for (RecordComponent component : c.components()) {
            String key = c.wireKey(component);
            Object ourValue = component.getAccessor().invoke(ours);
            if (EXTRA_KEYS.contains(key)) {
                assertThat(ourValue == null ? null : ourValue.toString())
                        .as("%s.%s", c, component.getName())
                        .isEqualTo(extras.get(key));
                continue;
            }
            Object theirValue = c.theirField(key).get(theirs);
            assertThat(normalize(ourValue)).as("%s.%s", c, component.getName()).isEqualTo(normalize(theirValue));
        }
    }

    private static Object normalize(Object value) {
        return value instanceof Enum<?> e ? e.name() : value;
    }

    /** RocketMQ's header with random values in every field we model and in its base fields. */
    private static Object randomTheirs(HeaderCase c, Random random) throws Exception {
        Object theirs = c.theirs().getDeclaredConstructor().newInstance();
        for (RecordComponent component : c.components()) {
            Field field = c.theirField(c.wireKey(component));
            if (field == null) {
                continue;
            }
            boolean nullable = !component.getType().isPrimitive() && !field.isAnnotationPresent(CFNotNull.class);
            field.set(theirs, nullable && random.nextInt(3) == 0 ? null : valueFor(c, field, random));
        }
        for (Field field : c.theirFields()) {
            if (BASE_FIELDS.contains(field.getName()) && !c.renamed().containsValue(field.getName())) {
                field.set(theirs, RandomValues.of(field.getType(), random));
            }
        }
        return theirs;
    }

    private static Object valueFor(HeaderCase c, Field field, Random random) {
        return RandomValues.forField(c.toString(), field.getName(), field.getType(), random);
    }

    private static Map<String, String> randomExtras(HeaderCase c, Random random) {
        Map<String, String> extras = new HashMap<>();
        for (RecordComponent component : c.components()) {
            String key = c.wireKey(component);
            if (EXTRA_KEYS.contains(key) && random.nextBoolean()) {
                extras.put(key, RandomValues.of(component.getType(), random).toString());
            }
        }
        return extras;
    }

    /** Random text for exactly the keys RocketMQ marks {@code @CFNotNull}. */
    private static Map<String, String> requiredKeys(HeaderCase c, Random random) {
        Map<String, String> wire = new HashMap<>();
        for (Field field : c.theirFields()) {
            if (field.isAnnotationPresent(CFNotNull.class)) {
                wire.put(field.getName(), valueFor(c, field, random).toString());
            }
        }
        return wire;
    }
}
