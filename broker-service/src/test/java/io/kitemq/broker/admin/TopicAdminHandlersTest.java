package io.kitemq.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.TopicConfig;
import io.kitemq.protocol.body.TopicConfigSerializeWrapper;
import io.kitemq.protocol.body.TopicFilterType;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.CreateTopicRequestHeader;
import io.kitemq.protocol.header.DeleteTopicRequestHeader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** UPDATE_AND_CREATE_TOPIC, DELETE_TOPIC_IN_BROKER, GET_ALL_TOPIC_CONFIG and GET_TOPIC_CONFIG on real tables. */
class TopicAdminHandlersTest {

    @TempDir
    Path dir;

    AdminFixture f;
    final List<String> changed = new ArrayList<>();

    @BeforeEach
    void open() {
        f = new AdminFixture(dir);
        f.topics.addChangeListener((topic, config) -> changed.add(topic + (config == null ? " deleted" : " changed")));
    }

    @AfterEach
    void close() {
        f.close();
    }

    static CreateTopicRequestHeader create(String topic, int read, int write, String attributes) {
        return new CreateTopicRequestHeader(
                topic, "TBW102", read, write, 6, "MULTI_TAG", null, true, attributes, false);
    }

    RemotingCommand createTopic(CreateTopicRequestHeader h) throws Exception {
        return f.call(new UpdateAndCreateTopicHandler(f.topics), RequestCode.UPDATE_AND_CREATE_TOPIC.code(), h);
    }

    @Test
    void createsATopicAndTellsTheRegistrar() throws Exception {
        RemotingCommand r = createTopic(create("Orders", 8, 4, "+message.type=FIFO"));

        assertThat(r.code()).isEqualTo(ResponseCode.SUCCESS.code());
        TopicConfig tc = f.topics.get("Orders");
        assertThat(tc.readQueueNums()).isEqualTo(8);
        assertThat(tc.writeQueueNums()).isEqualTo(4);
        assertThat(tc.perm()).isEqualTo(6);
        assertThat(tc.topicFilterType()).isEqualTo(TopicFilterType.MULTI_TAG);
        assertThat(tc.order()).isTrue();
        assertThat(tc.attributes()).isEqualTo(Map.of("message.type", "FIFO"));
        assertThat(changed).containsExactly("Orders changed");
    }

    @Test
    void updatingMergesAttributesAndAnUnchangedConfigChangesNothing() throws Exception {
        createTopic(create("Orders", 4, 4, "+a=1,+b=2"));
        createTopic(create("Orders", 16, 16, "+b=3,-a"));
        createTopic(create("Orders", 16, 16, null));

        TopicConfig tc = f.topics.get("Orders");
        assertThat(tc.readQueueNums()).isEqualTo(16);
        assertThat(tc.attributes()).isEqualTo(Map.of("b", "3"));
        assertThat(changed).containsExactly("Orders changed", "Orders changed");
    }

    @Test
    void rejectsInvalidNamesSystemTopicsBadQueueCountsAndBadAttributes() throws Exception {
        assertThat(createTopic(create("bad topic", 4, 4, null)).code())
                .isEqualTo(ResponseCode.INVALID_PARAMETER.code());
        RemotingCommand system = createTopic(create("SCHEDULE_TOPIC_XXXX", 4, 4, null));
        assertThat(system.code()).isEqualTo(ResponseCode.INVALID_PARAMETER.code());
        assertThat(system.remark()).contains("conflict with system topic");
        assertThat(createTopic(create("rmq_sys_x", 4, 4, null)).code())
                .isEqualTo(ResponseCode.INVALID_PARAMETER.code());
        assertThat(createTopic(create("T", -1, 4, null)).code()).isEqualTo(ResponseCode.INVALID_PARAMETER.code());
        assertThat(createTopic(create("T", 4, 4, "a=1")).code()).isEqualTo(ResponseCode.INVALID_PARAMETER.code());
        assertThat(f.topics.get("T")).isNull();
        assertThat(changed).isEmpty();
    }

    @Test
    void attributeModificationText() {
        assertThat(UpdateAndCreateTopicHandler.alterAttributes(Map.of("x", "1"), "+y=2, -x ,+z=a=b"))
                .isEqualTo(Map.of("y", "2", "z", "a=b"));
        assertThat(UpdateAndCreateTopicHandler.alterAttributes(Map.of("x", "1"), ""))
                .isEqualTo(Map.of("x", "1"));
        assertThatThrownBy(() -> UpdateAndCreateTopicHandler.alterAttributes(Map.of(), "+=1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UpdateAndCreateTopicHandler.alterAttributes(Map.of(), "-x=1"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deletingATopicDropsItsConfigOffsetsAndQueues() throws Exception {
        f.topic("Orders", 2);
        f.topic("Keep", 1);
        f.put("Orders", 0, "a");
        f.put("Orders", 1, "b");
        f.put("Keep", 0, "c");
        f.offsets.commit("g1", "Orders", 0, 1);
        f.offsets.commit("g1", "Keep", 0, 1);
        changed.clear();

        RemotingCommand r = f.call(
                new DeleteTopicHandler(f.topics, f.offsets, f.store),
                RequestCode.DELETE_TOPIC_IN_BROKER.code(),
                new DeleteTopicRequestHeader("Orders"));

        assertThat(r.code()).isEqualTo(ResponseCode.SUCCESS.code());
        assertThat(f.topics.get("Orders")).isNull();
        assertThat(changed).containsExactly("Orders deleted");
        assertThat(f.offsets.topicsOf("g1")).containsExactly("Keep");
        assertThat(f.store.maxOffset("Orders", 0)).isZero();
        assertThat(f.store.maxOffset("Keep", 0)).isEqualTo(1);
    }

    @Test
    void deletingAnUnknownTopicSucceedsAndSystemTopicsAreRefused() throws Exception {
        DeleteTopicHandler h = new DeleteTopicHandler(f.topics, f.offsets, f.store);
        int code = RequestCode.DELETE_TOPIC_IN_BROKER.code();

        assertThat(f.call(h, code, new DeleteTopicRequestHeader("Nope")).code()).isEqualTo(ResponseCode.SUCCESS.code());
        assertThat(f.call(h, code, new DeleteTopicRequestHeader(" ")).code())
                .isEqualTo(ResponseCode.INVALID_PARAMETER.code());
        assertThat(f.call(h, code, new DeleteTopicRequestHeader("TBW102")).code())
                .isEqualTo(ResponseCode.INVALID_PARAMETER.code());
        assertThat(f.topics.get("TBW102")).isNotNull();
    }

    @Test
    void allTopicConfigsWithTheVersionAndCount() throws Exception {
        f.topic("Orders", 2);

        RemotingCommand r =
                f.call(new GetAllTopicConfigHandler(f.topics), RequestCode.GET_ALL_TOPIC_CONFIG.code(), null);

        TopicConfigSerializeWrapper body = BodyCodec.decode(r.body(), TopicConfigSerializeWrapper.class);
        assertThat(body.topicConfigTable()).containsKeys("Orders", "TBW102");
        assertThat(body.topicConfigTable().get("Orders").readQueueNums()).isEqualTo(2);
        assertThat(body.dataVersion()).isEqualTo(f.topics.dataVersion());
        assertThat(r.extField("totalTopicNum"))
                .isEqualTo(Integer.toString(body.topicConfigTable().size()));
    }

    @Test
    void oneTopicConfigOrTopicNotExist() throws Exception {
        f.topic("Orders", 2);
        GetTopicConfigHandler h = new GetTopicConfigHandler(f.topics);
        int code = RequestCode.GET_TOPIC_CONFIG.code();

        RemotingCommand found = h.handle(f.admin, RemotingCommand.request(code).extField("topic", "Orders"));
        RemotingCommand missing =
                h.handle(f.admin, RemotingCommand.request(code).extField("topic", "Nope"));

        assertThat(BodyCodec.decode(found.body(), TopicConfig.class)).isEqualTo(f.topics.get("Orders"));
        assertThat(missing.code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST.code());
    }
}
