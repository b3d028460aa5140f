package io.kitemq.client.cli;

import io.kitemq.client.producer.Producer;
import io.kitemq.client.producer.ProducerOptions;
import io.kitemq.client.producer.SendResult;
import io.kitemq.protocol.message.Message;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kitemq send}: send test messages with the producer. Not thread-safe: picocli makes one instance per command line and runs it on the calling thread. */
@Command(name = "send", description = "Send message(s) to a topic and print where they were stored.")
final class SendCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<topic>")
    String topic;

    @Parameters(index = "1", paramLabel = "<body>", description = "Message body (UTF-8 text)")
    String body;

    @Option(names = "--tags", description = "Tag of the message")
    String tags;

    @Option(names = "--keys", description = "Keys, space-separated")
    String keys;

    @Option(
            names = {"-p", "--property"},
            paramLabel = "<name=value>",
            description = "User property (repeatable)")
    Map<String, String> properties = new LinkedHashMap<>();

    @Option(names = "--count", description = "Send this many copies (default ${DEFAULT-VALUE})")
    int count = 1;

    @Option(
            names = {"-g", "--group"},
            description = "Producer group (default ${DEFAULT-VALUE})")
    String group = "KITEMQ_CLI_PRODUCER";

    @Override
    public Integer call() {
        KiteMqCli root = (KiteMqCli) spec.root().userObject();
        if (count < 1) {
            throw new IllegalArgumentException("--count must be >= 1");
        }
        Output out = root.output();
        List<SendResult> results = new ArrayList<>();
        try (Producer producer =
                Producer.start(root.clientOptions(), ProducerOptions.of(group).withSendTimeout(root.timeout))) {
            for (int i = 0; i < count; i++) {
                results.add(producer.send(message()));
            }
        }
        if (out.printJson(results)) {
            return 0;
        }
        List<List<?>> rows = new ArrayList<>();
        for (SendResult r : results) {
            rows.add(List.of(
                    r.status(),
                    r.msgId(),
                    String.valueOf(r.offsetMsgId()),
                    r.queue().brokerName(),
                    r.queue().queueId(),
                    r.queueOffset()));
        }
        out.table(Output.headers("STATUS", "MSG_ID", "OFFSET_MSG_ID", "BROKER", "QUEUE", "QUEUE_OFFSET"), rows);
        return 0;
    }

    private Message message() {
        Message m = new Message(topic, tags, keys, body.getBytes(StandardCharsets.UTF_8));
        properties.forEach(m::putUserProperty);
        return m;
    }
}
