package io.kitemq.store.crash;

import io.kitemq.protocol.message.MessageExt;
import io.kitemq.store.AppendResult;
import io.kitemq.store.AppendStatus;
import io.kitemq.store.FlushMode;
import io.kitemq.store.MessageStore;
import io.kitemq.store.StoreConfig;
import io.kitemq.store.StoreMetrics;
import io.kitemq.store.TestMessages;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;

/**
 * The child process of {@link StoreCrashIT}: opens a store, appends messages from two threads forever,
 * and prints one line per acknowledged append ({@code ACK queueId queueOffset commitLogOffset body}).
 * The test kills it with SIGKILL at a random moment.
 */
public final class CrashingAppender {

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        String mode = args[1];
        String prefix = args[2];
        MessageStore store = MessageStore.open(config(dir, mode), InstantSource.system(), StoreMetrics.NONE);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        out.println("READY");
        out.flush();
        for (int t = 0; t < 2; t++) {
            int thread = t;
            Thread writer = new Thread(() -> {
                for (long n = 0; ; n++) {
                    String body = prefix + "-" + thread + "-" + n;
                    MessageExt m = TestMessages.message("CrashTopic", (int) (n % 4), body);
                    m.setKeys(body);
                    CompletableFuture<AppendResult> f = store.append(m);
                    AppendResult r = f.join();
                    if (r.status() == AppendStatus.PUT_OK) {
                        synchronized (out) {
                            out.println("ACK " + m.getQueueId() + " " + r.queueOffset() + " " + r.commitLogOffset()
                                    + " " + body);
                            out.flush();
                        }
                    }
                }
            });
            writer.start();
        }
    }

    /**
     * The store of a crash-test variant: {@code SYNC}, {@code ASYNC} (pwrite) or {@code ASYNC_WINDOWS} (records
     * written through 16 KiB mapped windows, so that records cross windows and windows change often).
     */
    public static StoreConfig config(Path dir, String variant) {
        boolean windows = variant.equals("ASYNC_WINDOWS");
        return StoreConfig.defaults(dir)
                .withSegmentBytes(256 * 1024, 512)
                .withIndexSize(1024, 4096)
                .withFlushMode(windows ? FlushMode.ASYNC : FlushMode.valueOf(variant))
                .withWriteWindows(windows ? 16 * 1024 : 0);
    }
}
