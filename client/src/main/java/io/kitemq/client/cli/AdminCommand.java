package io.kitemq.client.cli;

import io.kitemq.client.admin.AdminClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of the commands that talk to the cluster through an {@link AdminClient}: opens one for the
 * invocation (NameServers and timeout from the root options), runs, closes it. Exit code 0 unless the
 * command throws (the root's handler turns that into a message and exit code 1).
 *
 * <p>Not thread-safe: picocli makes one instance per command line and runs it on the calling thread.
 */
abstract class AdminCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        KiteMqCli root = root();
        try (AdminClient admin = root.admin()) {
            run(admin, root.output());
        }
        return 0;
    }

    KiteMqCli root() {
        return (KiteMqCli) spec.root().userObject();
    }

    abstract void run(AdminClient admin, Output out);
}
