/**
 * The admin client ({@link io.kitemq.client.admin.AdminClient}): what RocketMQ's {@code mqadmin} does, over
 * the remoting protocol, against KiteMQ or Apache RocketMQ — clusters and brokers, topics, subscription
 * groups, consumer connections and progress, offset reset, message look-ups and test sends, and resending
 * dead letters to their original topics. Failures are the client's typed exceptions.
 */
package io.kitemq.client.admin;
