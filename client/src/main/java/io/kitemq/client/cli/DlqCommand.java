package io.kitemq.client.cli;

import io.kitemq.client.admin.AdminClient;
import io.kitemq.client.admin.ResendResult;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kitemq dlq resend}: dead letters back to their topics. Not thread-safe: picocli makes one instance per command line and runs it on the calling thread. */
@Command(name = "dlq", description = "Dead-letter queues (%%DLQ%%<group>).", subcommands = DlqCommand.Resend.class)
final class DlqCommand {

    @Command(
            name = "resend",
            description = "Resend a group's dead letters to their original topics; a second run resends only "
                    + "letters that arrived since.")
    static final class Resend extends AdminCommand {
        @Parameters(index = "0", paramLabel = "<group>")
        String group;

        @Option(names = "--max", description = "At most this many (default ${DEFAULT-VALUE})")
        int max = 10_000;

        @Override
        void run(AdminClient admin, Output out) {
            ResendResult r = admin.deadLetters().resend(group, max);
            if (out.printJson(r)) {
                return;
            }
            List<List<?>> rows = new ArrayList<>();
            r.resentByTopic().forEach((topic, n) -> rows.add(List.of(topic, n)));
            if (!rows.isEmpty()) {
                out.table(Output.headers("TOPIC", "RESENT"), rows);
            }
            out.line("resent " + r.resent() + " dead letter(s) of group " + group
                    + (r.skipped() > 0 ? ", skipped " + r.skipped() + " without an original topic" : ""));
        }
    }
}
