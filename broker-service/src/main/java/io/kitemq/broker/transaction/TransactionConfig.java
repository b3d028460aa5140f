package io.kitemq.broker.transaction;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of transactional (half) messages; defaults are RocketMQ 5's.
 *
 * @param transactionTimeout an undecided half message is first checked back this long after it was stored
 *     ({@code transactionTimeOut}, 6 s), unless its {@code CHECK_IMMUNITY_TIME_IN_SECONDS} says otherwise
 * @param checkInterval then it is checked again this often ({@code transactionCheckInterval}, 30 s)
 * @param maxChecks after this many checks without an answer it is parked in {@code TRANS_CHECK_MAX_TIME_TOPIC}
 *     ({@code transactionCheckMax}, 15)
 *
 * <p>Immutable; thread-safe.
 */
public record TransactionConfig(Duration transactionTimeout, Duration checkInterval, int maxChecks) {

    public TransactionConfig {
        Objects.requireNonNull(transactionTimeout, "transactionTimeout");
        Objects.requireNonNull(checkInterval, "checkInterval");
        if (transactionTimeout.isNegative()) {
            throw new IllegalArgumentException("transactionTimeout must not be negative: " + transactionTimeout);
        }
        if (checkInterval.toMillis() < 1) {
            throw new IllegalArgumentException("checkInterval must be at least 1 ms: " + checkInterval);
        }
        if (maxChecks < 0) {
            throw new IllegalArgumentException("maxChecks must be >= 0: " + maxChecks);
        }
    }

    public static TransactionConfig defaults() {
        return new TransactionConfig(Duration.ofSeconds(6), Duration.ofSeconds(30), 15);
    }
}
