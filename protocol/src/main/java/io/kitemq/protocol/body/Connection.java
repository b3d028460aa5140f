package io.kitemq.protocol.body;

/**
 * One client connection of a group, inside {@link ConsumerConnection}: client id, remote address,
 * language (a RocketMQ {@code LanguageCode} name such as {@code "JAVA"}, kept as text so a new language
 * never fails the body) and the client's version number.
 *
 * <p>Immutable and thread-safe.
 */
public record Connection(String clientId, String clientAddr, String language, int version) {}
