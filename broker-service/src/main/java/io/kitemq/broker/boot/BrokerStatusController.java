package io.kitemq.broker.boot;

import io.kitemq.broker.Broker;
import io.kitemq.store.FlushMode;
import io.kitemq.store.MessageStore;
import java.io.File;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The broker's status over REST: identity, NameServers, the CommitLog's extent and how far dispatch
 * and flush have come, whether (and why) the store refuses writes, pulls held by long polling and disk
 * use. Stateless apart from its collaborators; thread-safe.
 */
@RestController
class BrokerStatusController {

    /** Offsets are CommitLog byte positions; {@code readOnlyReason} is null while the store accepts writes. */
    record StatusView(
            String brokerName,
            String clusterName,
            long brokerId,
            String address,
            List<String> nameServers,
            FlushMode flushMode,
            int maxMessageBytes,
            long commitLogMinOffset,
            long commitLogMaxOffset,
            long dispatchedOffset,
            long flushedOffset,
            boolean writable,
            String readOnlyReason,
            int heldPulls,
            int heldRestPulls,
            double diskUsedRatio,
            int topics,
            int groups,
            int onlineConsumerGroups) {}

    private final Broker broker;
    private final MessageArrivals arrivals;

    BrokerStatusController(Broker broker, MessageArrivals arrivals) {
        this.broker = broker;
        this.arrivals = arrivals;
    }

    @GetMapping("/api/broker")
    Mono<StatusView> status() {
        MessageStore store = broker.store();
        String readOnly = store.readOnlyReason();
        return Mono.just(new StatusView(
                broker.config().brokerName(),
                broker.config().clusterName(),
                broker.config().brokerId(),
                broker.address(),
                broker.config().nameServerAddrs(),
                store.config().flushMode(),
                store.config().maxMessageBytes(),
                store.commitLogMinOffset(),
                store.commitLogMaxOffset(),
                store.dispatchedOffset(),
                store.flushedOffset(),
                readOnly == null,
                readOnly,
                broker.holds().heldCount(),
                arrivals.waitingCount(),
                diskUsedRatio(store.config().dir().toFile()),
                broker.topics().all().size(),
                broker.groups().all().size(),
                broker.clients().groups().size()));
    }

    private static double diskUsedRatio(File dir) {
        long total = dir.getTotalSpace();
        return total == 0 ? 0 : 1.0 - (double) dir.getUsableSpace() / total;
    }
}
