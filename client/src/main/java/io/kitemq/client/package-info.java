/**
 * The KiteMQ client: producers, push and lite pull consumers, the transactional producer, the admin
 * client and the {@code kitemq} CLI. Plain Java over {@code kitemq-remoting}; no Spring. Works against
 * KiteMQ and against Apache RocketMQ NameServers and Brokers.
 */
package io.kitemq.client;
