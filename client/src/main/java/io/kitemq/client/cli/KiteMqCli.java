package io.kitemq.client.cli;

import io.kitemq.client.KiteMqClientException;
import io.kitemq.client.admin.AdminClient;
import io.kitemq.client.core.ClientOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code kitemq} command: cluster, topic, group, consumer, offset, message and dead-letter
 * administration plus {@code send} and {@code consume}, over the admin client, the producer and pulls.
 * Works against KiteMQ and Apache RocketMQ NameServers and brokers.
 *
 * <p>Options {@code -n/--namesrv}, {@code --json}, {@code --timeout} and {@code --verbose} may be given
 * anywhere on the line. Exit codes: 0 success, 1 the operation failed (the message says why), 2 bad
 * usage. No stack traces unless {@code --verbose}.
 *
 * <p>{@link #run} executes one command line in-process with the given streams and environment (tests do
 * that); {@link #main} runs it against the process's own. One instance per command line.
 */
@Command(
        name = "kitemq",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        version = "kitemq 0.1.0",
        description = "KiteMQ / RocketMQ command-line administration.",
        subcommands = {
            ClusterCommands.Clusters.class,
            ClusterCommands.Brokers.class,
            TopicCommand.class,
            GroupCommand.class,
            ConsumerCommand.class,
            OffsetCommand.class,
            MessageCommand.class,
            SendCommand.class,
            ConsumeCommand.class,
            DlqCommand.class,
            CommandLine.HelpCommand.class
        })
/** Not thread-safe: picocli makes one instance per command line and runs it on the calling thread. */
public final class KiteMqCli implements Runnable {

    /** Exit code of a failed operation. */
    public static final int FAILED = 1;
    /** Exit code of a command line that does not parse (picocli's). */
    public static final int USAGE = 2;

    @Option(
            names = {"-n", "--namesrv"},
            scope = ScopeType.INHERIT,
            paramLabel = "<host:port;...>",
            description = "NameServer address(es); default: $NAMESRV_ADDR, else 127.0.0.1:9876")
    String namesrv;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print JSON instead of tables")
    boolean json;

    @Option(
            names = "--timeout",
            scope = ScopeType.INHERIT,
            paramLabel = "<duration>",
            description = "Request timeout, e.g. 3s, 500ms (default 5s)",
            converter = DurationConverter.class)
    Duration timeout = Duration.ofSeconds(5);

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces of errors")
    boolean verbose;

    private final Map<String, String> env;
    private final PrintWriter out;

    KiteMqCli(Map<String, String> env, PrintWriter out) {
        this.env = env;
        this.out = out;
    }

    public static void main(String[] args) {
        // the CLI jar logs through slf4j-simple: warnings only, unless the user asks for more
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(args, out, err, System.getenv()));
    }

    /** Runs one command line; returns its exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
        KiteMqCli root = new KiteMqCli(env, out);
        CommandLine cli = new CommandLine(root);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            err.println("error: " + describe(e));
            if (root.verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return FAILED;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(out);
    }

    /** The NameServer addresses: the option, else NAMESRV_ADDR, else the default. */
    String nameServers() {
        if (namesrv != null && !namesrv.isBlank()) {
            return namesrv;
        }
        String fromEnv = env.get(ClientOptions.NAMESRV_ADDR_ENV);
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv : ClientOptions.DEFAULT_NAME_SERVER;
    }

    ClientOptions clientOptions() {
        return ClientOptions.of(nameServers()).withRequestTimeout(timeout);
    }

    AdminClient admin() {
        return AdminClient.create(clientOptions());
    }

    Output output() {
        return new Output(out, json);
    }

    PrintWriter out() {
        return out;
    }

    private static String describe(Exception e) {
        if (e instanceof KiteMqClientException || e instanceof IllegalArgumentException) {
            return e.getMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** Reads {@code 3s}, {@code 500ms}, {@code 2m}, {@code 1h} or ISO-8601 ({@code PT3S}). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return Durations.parse(value);
        }
    }
}
