/**
 * Clustering rebalance: which queues of a topic each client of a consumer group owns. Pluggable
 * {@link io.kitemq.client.rebalance.AllocationStrategy} with RocketMQ's five built-in strategies.
 */
package io.kitemq.client.rebalance;
