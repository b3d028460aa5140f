package io.kitemq.remoting;

import io.kitemq.protocol.command.CommandCodec;
import io.kitemq.protocol.command.CommandFormat;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * Cuts the byte stream into frames by the 4-byte length field (at most {@code maxFrameBytes}) and decodes
 * each into a {@link io.kitemq.protocol.command.RemotingCommand}. A frame that is too long or cannot be
 * decoded raises an exception; the connection handler then closes this one connection.
 *
 * <p>One instance per channel; confined to that channel's event loop.
 */
final class FrameDecoder extends LengthFieldBasedFrameDecoder {

    FrameDecoder(int maxFrameBytes) {
        super(maxFrameBytes, 0, CommandFormat.LENGTH_FIELD_BYTES, 0, CommandFormat.LENGTH_FIELD_BYTES);
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        ByteBuf frame = (ByteBuf) super.decode(ctx, in);
        if (frame == null) {
            return null;
        }
        try {
            return CommandCodec.decode(frame.nioBuffer());
        } finally {
            frame.release();
        }
    }
}
