/**
 * Consume progress: on the brokers for clustering ({@link io.kitemq.client.consumer.offset.BrokerOffsetStore}),
 * in a local file for broadcasting ({@link io.kitemq.client.consumer.offset.FileOffsetStore}).
 */
package io.kitemq.client.consumer.offset;
