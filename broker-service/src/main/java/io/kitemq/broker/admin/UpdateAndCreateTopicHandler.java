package io.kitemq.broker.admin;

import io.kitemq.broker.topic.TopicTable;
import io.kitemq.protocol.body.TopicConfig;
import io.kitemq.protocol.body.TopicFilterType;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.CreateTopicRequestHeader;
import io.kitemq.protocol.message.TopicName;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UPDATE_AND_CREATE_TOPIC (17, {@code mqadmin updateTopic}): creates a topic or replaces its configuration
 * (queue counts, permission, filter type, system flag, order flag), as RocketMQ's
 * {@code AdminBrokerProcessor.updateAndCreateTopic} does. The broker then re-registers with the NameServers
 * through the {@link TopicTable}'s change listener; an unchanged configuration changes nothing.
 *
 * <p>Attributes come as RocketMQ's modification text {@code "+key=value,-key"}: {@code +} sets a key,
 * {@code -} removes it from the topic's current attributes. INVALID_PARAMETER for an invalid name, a
 * system topic (as with RocketMQ's default {@code validateSystemTopicWhenUpdateTopic}), negative queue
 * counts or malformed attributes. Thread-safe.
 */
public final class UpdateAndCreateTopicHandler implements RequestHandler {

    private static final Logger log = LoggerFactory.getLogger(UpdateAndCreateTopicHandler.class);

    private final TopicTable topics;

    public UpdateAndCreateTopicHandler(TopicTable topics) {
        this.topics = Objects.requireNonNull(topics, "topics");
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        CreateTopicRequestHeader h = CreateTopicRequestHeader.decode(request.extFields());
        String topic = h.topic();
        String problem = TopicName.check(topic);
        if (problem != null) {
            return RemotingCommand.response(ResponseCode.INVALID_PARAMETER, problem);
        }
        if (!TopicName.isSendable(topic)) {
            return RemotingCommand.response(
                    ResponseCode.INVALID_PARAMETER, "The topic[" + topic + "] is conflict with system topic.");
        }
        TopicConfig current = topics.get(topic);
        TopicConfig config;
        try {
            Map<String, String> attributes =
                    alterAttributes(current == null ? Map.of() : current.attributes(), h.attributes());
            config = new TopicConfig(
                    topic,
                    h.readQueueNums(),
                    h.writeQueueNums(),
                    h.perm(),
                    TopicFilterType.valueOf(h.topicFilterType()),
                    h.topicSysFlag() == null ? 0 : h.topicSysFlag(),
                    h.order(),
                    attributes);
            topics.createOrUpdate(config);
        } catch (IllegalArgumentException e) {
            return RemotingCommand.response(ResponseCode.INVALID_PARAMETER, e.getMessage());
        }
        log.info("{} topic {} for {}", current == null ? "Created" : "Updated", config, peer.remoteAddress());
        return RemotingCommand.success();
    }

    /**
     * Applies RocketMQ's attribute modification text ({@code "+a=1,+b=2,-c"}) to {@code current}.
     *
     * @throws IllegalArgumentException if an item is neither {@code +key=value} nor {@code -key}
     */
    static Map<String, String> alterAttributes(Map<String, String> current, String modification) {
        Map<String, String> next = new LinkedHashMap<>(current);
        if (modification == null || modification.isBlank()) {
            return next;
        }
        for (String item : modification.split(",")) {
            String s = item.trim();
            if (s.length() > 1 && s.charAt(0) == '+' && s.indexOf('=') > 1) {
                int eq = s.indexOf('=');
                next.put(s.substring(1, eq), s.substring(eq + 1));
            } else if (s.length() > 1 && s.charAt(0) == '-' && s.indexOf('=') < 0) {
                next.remove(s.substring(1));
            } else {
                throw new IllegalArgumentException("attribute modification '" + s + "' is neither +key=value nor -key");
            }
        }
        return next;
    }
}
