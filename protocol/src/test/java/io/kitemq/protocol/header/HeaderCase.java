package io.kitemq.protocol.header;

import static io.kitemq.protocol.code.RequestCode.*;

import io.kitemq.protocol.code.RequestCode;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * One row of the header oracle table: our record, its decoder, the code it travels with, the keys under which
 * components travel when they differ from the component name, and RocketMQ's class of the same simple name.
 */
record HeaderCase(
        RequestCode code,
        Class<? extends CommandCustomHeader> ours,
        Function<Map<String, String>, ? extends CommandCustomHeader> decoder,
        Map<String, String> renamed) {

    private static final String THEIR_PACKAGE = "org.apache.rocketmq.remoting.protocol.header.";

    static Stream<HeaderCase> all() {
        return Stream.of(
                c(SEND_MESSAGE, SendMessageRequestHeader.class, SendMessageRequestHeader::decode, "brokerName=bname"),
                c(
                        SEND_MESSAGE_V2,
                        SendMessageRequestHeaderV2.class,
                        SendMessageRequestHeaderV2::decode,
                        "producerGroup=a",
                        "topic=b",
                        "defaultTopic=c",
                        "defaultTopicQueueNums=d",
                        "queueId=e",
                        "sysFlag=f",
                        "bornTimestamp=g",
                        "flag=h",
                        "properties=i",
                        "reconsumeTimes=j",
                        "unitMode=k",
                        "maxReconsumeTimes=l",
                        "batch=m",
                        "brokerName=n"),
                c(
                        SEND_MESSAGE,
                        SendMessageResponseHeader.class,
                        SendMessageResponseHeader::decode,
                        "msgRegion=MSG_REGION",
                        "traceOn=TRACE_ON"),
                c(
                        PULL_MESSAGE,
                        PullMessageRequestHeader.class,
                        PullMessageRequestHeader::decode,
                        "proxyForwardClientId=proxyFrowardClientId",
                        "brokerName=bname"),
                c(PULL_MESSAGE, PullMessageResponseHeader.class, PullMessageResponseHeader::decode),
                c(
                        QUERY_CONSUMER_OFFSET,
                        QueryConsumerOffsetRequestHeader.class,
                        QueryConsumerOffsetRequestHeader::decode,
                        "brokerName=bname"),
                c(
                        QUERY_CONSUMER_OFFSET,
                        QueryConsumerOffsetResponseHeader.class,
                        QueryConsumerOffsetResponseHeader::decode),
                c(
                        UPDATE_CONSUMER_OFFSET,
                        UpdateConsumerOffsetRequestHeader.class,
                        UpdateConsumerOffsetRequestHeader::decode,
                        "brokerName=bname"),
                c(
                        GET_MAX_OFFSET,
                        GetMaxOffsetRequestHeader.class,
                        GetMaxOffsetRequestHeader::decode,
                        "brokerName=bname"),
                c(GET_MAX_OFFSET, GetMaxOffsetResponseHeader.class, GetMaxOffsetResponseHeader::decode),
                c(
                        GET_MIN_OFFSET,
                        GetMinOffsetRequestHeader.class,
                        GetMinOffsetRequestHeader::decode,
                        "brokerName=bname"),
                c(GET_MIN_OFFSET, GetMinOffsetResponseHeader.class, GetMinOffsetResponseHeader::decode),
                c(
                        SEARCH_OFFSET_BY_TIMESTAMP,
                        SearchOffsetRequestHeader.class,
                        SearchOffsetRequestHeader::decode,
                        "brokerName=bname"),
                c(SEARCH_OFFSET_BY_TIMESTAMP, SearchOffsetResponseHeader.class, SearchOffsetResponseHeader::decode),
                c(
                        GET_EARLIEST_MSG_STORETIME,
                        GetEarliestMsgStoretimeRequestHeader.class,
                        GetEarliestMsgStoretimeRequestHeader::decode,
                        "brokerName=bname"),
                c(
                        GET_EARLIEST_MSG_STORETIME,
                        GetEarliestMsgStoretimeResponseHeader.class,
                        GetEarliestMsgStoretimeResponseHeader::decode),
                c(GET_ROUTEINFO_BY_TOPIC, GetRouteInfoRequestHeader.class, GetRouteInfoRequestHeader::decode),
                c(REGISTER_BROKER, RegisterBrokerRequestHeader.class, RegisterBrokerRequestHeader::decode),
                c(REGISTER_BROKER, RegisterBrokerResponseHeader.class, RegisterBrokerResponseHeader::decode),
                c(UNREGISTER_BROKER, UnRegisterBrokerRequestHeader.class, UnRegisterBrokerRequestHeader::decode),
                c(QUERY_DATA_VERSION, QueryDataVersionRequestHeader.class, QueryDataVersionRequestHeader::decode),
                c(QUERY_DATA_VERSION, QueryDataVersionResponseHeader.class, QueryDataVersionResponseHeader::decode),
                c(
                        UNREGISTER_CLIENT,
                        UnregisterClientRequestHeader.class,
                        UnregisterClientRequestHeader::decode,
                        "clientId=clientID"),
                c(
                        GET_CONSUMER_LIST_BY_GROUP,
                        GetConsumerListByGroupRequestHeader.class,
                        GetConsumerListByGroupRequestHeader::decode),
                c(
                        NOTIFY_CONSUMER_IDS_CHANGED,
                        NotifyConsumerIdsChangedRequestHeader.class,
                        NotifyConsumerIdsChangedRequestHeader::decode),
                c(
                        CONSUMER_SEND_MSG_BACK,
                        ConsumerSendMsgBackRequestHeader.class,
                        ConsumerSendMsgBackRequestHeader::decode),
                c(END_TRANSACTION, EndTransactionRequestHeader.class, EndTransactionRequestHeader::decode),
                c(
                        CHECK_TRANSACTION_STATE,
                        CheckTransactionStateRequestHeader.class,
                        CheckTransactionStateRequestHeader::decode),
                c(
                        QUERY_MESSAGE,
                        QueryMessageRequestHeader.class,
                        QueryMessageRequestHeader::decode,
                        "uniqueKeyQuery=_UNIQUE_KEY_QUERY"),
                c(QUERY_MESSAGE, QueryMessageResponseHeader.class, QueryMessageResponseHeader::decode),
                c(VIEW_MESSAGE_BY_ID, ViewMessageRequestHeader.class, ViewMessageRequestHeader::decode),
                c(UPDATE_AND_CREATE_TOPIC, CreateTopicRequestHeader.class, CreateTopicRequestHeader::decode),
                c(DELETE_TOPIC_IN_BROKER, DeleteTopicRequestHeader.class, DeleteTopicRequestHeader::decode),
                c(
                        DELETE_TOPIC_IN_NAMESRV,
                        DeleteTopicFromNamesrvRequestHeader.class,
                        DeleteTopicFromNamesrvRequestHeader::decode),
                c(GET_KV_CONFIG, GetKVConfigRequestHeader.class, GetKVConfigRequestHeader::decode),
                c(GET_KV_CONFIG, GetKVConfigResponseHeader.class, GetKVConfigResponseHeader::decode),
                c(PUT_KV_CONFIG, PutKVConfigRequestHeader.class, PutKVConfigRequestHeader::decode),
                c(DELETE_KV_CONFIG, DeleteKVConfigRequestHeader.class, DeleteKVConfigRequestHeader::decode),
                c(
                        GET_KVLIST_BY_NAMESPACE,
                        GetKVListByNamespaceRequestHeader.class,
                        GetKVListByNamespaceRequestHeader::decode),
                c(
                        WIPE_WRITE_PERM_OF_BROKER,
                        WipeWritePermOfBrokerRequestHeader.class,
                        WipeWritePermOfBrokerRequestHeader::decode),
                c(
                        WIPE_WRITE_PERM_OF_BROKER,
                        WipeWritePermOfBrokerResponseHeader.class,
                        WipeWritePermOfBrokerResponseHeader::decode),
                c(
                        ADD_WRITE_PERM_OF_BROKER,
                        AddWritePermOfBrokerRequestHeader.class,
                        AddWritePermOfBrokerRequestHeader::decode),
                c(
                        ADD_WRITE_PERM_OF_BROKER,
                        AddWritePermOfBrokerResponseHeader.class,
                        AddWritePermOfBrokerResponseHeader::decode),
                c(
                        GET_TOPICS_BY_CLUSTER,
                        GetTopicsByClusterRequestHeader.class,
                        GetTopicsByClusterRequestHeader::decode),
                c(
                        INVOKE_BROKER_TO_RESET_OFFSET,
                        ResetOffsetRequestHeader.class,
                        ResetOffsetRequestHeader::decode,
                        "force=isForce",
                        "brokerName=bname"),
                c(
                        GET_CONSUMER_RUNNING_INFO,
                        GetConsumerRunningInfoRequestHeader.class,
                        GetConsumerRunningInfoRequestHeader::decode),
                c(
                        CONSUME_MESSAGE_DIRECTLY,
                        ConsumeMessageDirectlyResultRequestHeader.class,
                        ConsumeMessageDirectlyResultRequestHeader::decode),
                c(
                        GET_CONSUMER_STATUS_FROM_CLIENT,
                        GetConsumerStatusRequestHeader.class,
                        GetConsumerStatusRequestHeader::decode),
                c(
                        GET_CONSUMER_CONNECTION_LIST,
                        GetConsumerConnectionListRequestHeader.class,
                        GetConsumerConnectionListRequestHeader::decode),
                c(
                        GET_PRODUCER_CONNECTION_LIST,
                        GetProducerConnectionListRequestHeader.class,
                        GetProducerConnectionListRequestHeader::decode),
                c(GET_CONSUME_STATS, GetConsumeStatsRequestHeader.class, GetConsumeStatsRequestHeader::decode),
                c(GET_TOPIC_STATS_INFO, GetTopicStatsInfoRequestHeader.class, GetTopicStatsInfoRequestHeader::decode),
                c(
                        QUERY_TOPIC_CONSUME_BY_WHO,
                        QueryTopicConsumeByWhoRequestHeader.class,
                        QueryTopicConsumeByWhoRequestHeader::decode),
                c(
                        DELETE_SUBSCRIPTIONGROUP,
                        DeleteSubscriptionGroupRequestHeader.class,
                        DeleteSubscriptionGroupRequestHeader::decode),
                c(GET_BROKER_CONFIG, GetBrokerConfigResponseHeader.class, GetBrokerConfigResponseHeader::decode),
                c(POP_MESSAGE, PopMessageRequestHeader.class, PopMessageRequestHeader::decode, "brokerName=bname"),
                c(POP_MESSAGE, PopMessageResponseHeader.class, PopMessageResponseHeader::decode),
                c(ACK_MESSAGE, AckMessageRequestHeader.class, AckMessageRequestHeader::decode, "brokerName=bname"),
                c(
                        CHANGE_MESSAGE_INVISIBLETIME,
                        ChangeInvisibleTimeRequestHeader.class,
                        ChangeInvisibleTimeRequestHeader::decode,
                        "brokerName=bname"),
                c(
                        CHANGE_MESSAGE_INVISIBLETIME,
                        ChangeInvisibleTimeResponseHeader.class,
                        ChangeInvisibleTimeResponseHeader::decode),
                c(PEEK_MESSAGE, PeekMessageRequestHeader.class, PeekMessageRequestHeader::decode, "brokerName=bname"),
                c(NOTIFICATION, NotificationRequestHeader.class, NotificationRequestHeader::decode, "brokerName=bname"),
                c(NOTIFICATION, NotificationResponseHeader.class, NotificationResponseHeader::decode),
                c(POLLING_INFO, PollingInfoRequestHeader.class, PollingInfoRequestHeader::decode, "brokerName=bname"),
                c(POLLING_INFO, PollingInfoResponseHeader.class, PollingInfoResponseHeader::decode));
    }

    private static <T extends CommandCustomHeader> HeaderCase c(
            RequestCode code, Class<T> ours, Function<Map<String, String>, T> decoder, String... renames) {
        Map<String, String> renamed = new HashMap<>();
        for (String rename : renames) {
            String[] parts = rename.split("=", 2);
            renamed.put(parts[0], parts[1]);
        }
        return new HeaderCase(code, ours, decoder, Map.copyOf(renamed));
    }

    boolean isResponse() {
        return ours.getSimpleName().endsWith("ResponseHeader");
    }

    /** RocketMQ's header class with the same simple name (in {@code header} or {@code header.namesrv}). */
    Class<?> theirs() {
        String name = ours.getSimpleName();
        try {
            return Class.forName(THEIR_PACKAGE + name);
        } catch (ClassNotFoundException e) {
            try {
                return Class.forName(THEIR_PACKAGE + "namesrv." + name);
            } catch (ClassNotFoundException e2) {
                throw new AssertionError("no RocketMQ class for " + name, e2);
            }
        }
    }

    String wireKey(RecordComponent component) {
        return renamed.getOrDefault(component.getName(), component.getName());
    }

    List<RecordComponent> components() {
        return Arrays.asList(ours.getRecordComponents());
    }

    /** RocketMQ's instance field named {@code key}, searching superclasses; null if it has none. */
    Field theirField(String key) {
        for (Class<?> k = theirs(); k != null && k != Object.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (f.getName().equals(key) && !Modifier.isStatic(f.getModifiers())) {
                    f.setAccessible(true);
                    return f;
                }
            }
        }
        return null;
    }

    /** Every instance field of RocketMQ's class, superclasses included. */
    List<Field> theirFields() {
        List<Field> fields = new ArrayList<>();
        for (Class<?> k = theirs(); k != null && k != Object.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    f.setAccessible(true);
                    fields.add(f);
                }
            }
        }
        return fields;
    }

    @Override
    public String toString() {
        return ours.getSimpleName();
    }
}
