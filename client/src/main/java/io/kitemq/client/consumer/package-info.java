/**
 * Push consumption: {@link io.kitemq.client.consumer.PushConsumer} with a
 * {@link io.kitemq.client.consumer.ConcurrentListener} or {@link io.kitemq.client.consumer.OrderlyListener};
 * long-polling pulls ({@code PullLoop}), per-queue buffers and flow control
 * ({@link io.kitemq.client.consumer.ProcessQueue}, {@link io.kitemq.client.consumer.FlowControl}), rebalancing
 * ({@link io.kitemq.client.consumer.Rebalancer}) and the broker requests a consumer sends
 * ({@link io.kitemq.client.consumer.ConsumerRequests}).
 */
package io.kitemq.client.consumer;
