package io.kitemq.remoting;

import io.kitemq.protocol.command.CommandCodec;
import io.kitemq.protocol.command.CommandFormat;
import io.kitemq.protocol.command.HeaderBuffer;
import io.kitemq.protocol.command.RemotingCommand;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.List;

/**
 * Writes a {@link RemotingCommand} as one frame: the two length words and the header go into a pooled
 * buffer; the body follows as a wrapped buffer, so bodies (stored records, for pulls) are never copied.
 *
 * <p>Stateless and shared by all channels; thread-safe.
 */
@ChannelHandler.Sharable
final class FrameEncoder extends MessageToMessageEncoder<RemotingCommand> {

    static final FrameEncoder INSTANCE = new FrameEncoder();

    private FrameEncoder() {
        super(RemotingCommand.class);
    }

    /** Per-thread scratch space for headers, so encoding allocates nothing but the network buffer. */
    private static final FastThreadLocal<HeaderBuffer> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected HeaderBuffer initialValue() {
            return new HeaderBuffer(1024);
        }
    };

    @Override
    protected void encode(ChannelHandlerContext ctx, RemotingCommand cmd, List<Object> out) {
        HeaderBuffer header = SCRATCH.get();
        int headerLen = CommandCodec.encodeHeader(cmd, header);
        int bodyLen = cmd.bodyLength();
        ByteBuf head = ctx.alloc()
                .buffer(CommandFormat.LENGTH_FIELD_BYTES + CommandFormat.HEADER_LENGTH_WORD_BYTES + headerLen);
        head.writeInt(CommandFormat.HEADER_LENGTH_WORD_BYTES + headerLen + bodyLen);
        head.writeInt(CommandFormat.headerLengthWord(cmd.serializeType(), headerLen));
        head.writeBytes(header.array(), 0, headerLen);
        out.add(head);
        if (bodyLen > 0) {
            out.add(
                    cmd.bodyBuffers().length > 0
                            ? Unpooled.wrappedBuffer(cmd.bodyBuffers().length, duplicates(cmd))
                            : Unpooled.wrappedBuffer(cmd.body()));
        }
    }

    private static java.nio.ByteBuffer[] duplicates(RemotingCommand cmd) {
        java.nio.ByteBuffer[] parts = cmd.bodyBuffers();
        java.nio.ByteBuffer[] copy = new java.nio.ByteBuffer[parts.length];
        for (int i = 0; i < parts.length; i++) {
            copy[i] = parts[i].duplicate();
        }
        return copy;
    }
}
