package io.kitemq.protocol.command;

import io.kitemq.protocol.ProtocolException;

/**
 * How a frame's header is serialized; carried in the most significant byte of the header-length word.
 *
 * <p>Immutable and thread-safe.
 */
public enum SerializeType {
    /** A UTF-8 JSON object (RocketMQ's default). */
    JSON((byte) 0),
    /** RocketMQ's compact binary form ({@code RocketMQSerializable}). */
    ROCKETMQ((byte) 1);

    private final byte code;

    SerializeType(byte code) {
        this.code = code;
    }

    public byte code() {
        return code;
    }

    public static SerializeType fromCode(byte code) {
        return switch (code) {
            case 0 -> JSON;
            case 1 -> ROCKETMQ;
            default -> throw new ProtocolException("unknown header serialize type " + code);
        };
    }
}
