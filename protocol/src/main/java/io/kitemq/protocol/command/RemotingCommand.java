package io.kitemq.protocol.command;

import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.header.CommandCustomHeader;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * One request or response of the RocketMQ remoting protocol: the header fields (code, language,
 * version, opaque, flag, remark, extFields) and an opaque body.
 *
 * <p>The body is either a {@code byte[]} (what decoders produce and most senders use) or a list of
 * {@link ByteBuffer} parts that a transport writes without copying — a pull response hands views of
 * the stored records straight to the socket.
 *
 * <p>Custom header fields live flattened in {@link #extFields()} as strings; typed headers map
 * themselves to and from that map. A command is a mutable value: build it on one thread, then hand it
 * over. Not thread-safe.
 */
public final class RemotingCommand {

    /** Flag bit 0: this command is a response. */
    public static final int RESPONSE_FLAG = 1;
    /** Flag bit 1: the sender expects no response. */
    public static final int ONEWAY_FLAG = 1 << 1;
    /** The protocol version we announce: RocketMQ's MQVersion ordinal of V5_3_3. */
    public static final int CURRENT_VERSION = 479;

    private static final ByteBuffer[] NO_BUFFERS = new ByteBuffer[0];
    private static final byte[] NO_BODY = new byte[0];

    private int code;
    private LanguageCode language = LanguageCode.JAVA;
    private int version = CURRENT_VERSION;
    private int opaque;
    private int flag;
    private String remark;
    private Map<String, String> extFields;
    private SerializeType serializeType = SerializeType.JSON;
    private byte[] body;
    private ByteBuffer[] bodyBuffers = NO_BUFFERS;

    /** A new two-way request with the given code; the transport assigns the opaque when it sends. */
    public static RemotingCommand request(int code) {
        RemotingCommand c = new RemotingCommand();
        c.code = code;
        return c;
    }

    /** A new two-way request carrying {@code header}'s fields. */
    public static RemotingCommand request(int code, CommandCustomHeader header) {
        return request(code).header(header);
    }

    /** Adds the fields of a typed header to extFields. */
    public RemotingCommand header(CommandCustomHeader header) {
        header.encodeTo(extFields());
        return this;
    }

    /** A new response with the given code and remark; {@link #respondingTo} sets opaque and format. */
    public static RemotingCommand response(int code, String remark) {
        RemotingCommand c = new RemotingCommand();
        c.code = code;
        c.remark = remark;
        c.flag = RESPONSE_FLAG;
        return c;
    }

    /** A new response with the given code and remark. */
    public static RemotingCommand response(ResponseCode code, String remark) {
        return response(code.code(), remark);
    }

    /** A success response with no remark. */
    public static RemotingCommand success() {
        return response(ResponseCode.SUCCESS.code(), null);
    }

    /** Makes this command the response to {@code request}: same opaque and header serialization. */
    public RemotingCommand respondingTo(RemotingCommand request) {
        this.opaque = request.opaque;
        this.serializeType = request.serializeType;
        this.flag |= RESPONSE_FLAG;
        return this;
    }

    public int code() {
        return code;
    }

    public RemotingCommand code(int code) {
        this.code = code;
        return this;
    }

    public LanguageCode language() {
        return language;
    }

    public RemotingCommand language(LanguageCode language) {
        this.language = language;
        return this;
    }

    public int version() {
        return version;
    }

    public RemotingCommand version(int version) {
        this.version = version;
        return this;
    }

    public int opaque() {
        return opaque;
    }

    public RemotingCommand opaque(int opaque) {
        this.opaque = opaque;
        return this;
    }

    public int flag() {
        return flag;
    }

    public RemotingCommand flag(int flag) {
        this.flag = flag;
        return this;
    }

    public boolean isResponse() {
        return (flag & RESPONSE_FLAG) != 0;
    }

    public boolean isOneway() {
        return (flag & ONEWAY_FLAG) != 0;
    }

    public RemotingCommand markOneway() {
        this.flag |= ONEWAY_FLAG;
        return this;
    }

    public String remark() {
        return remark;
    }

    public RemotingCommand remark(String remark) {
        this.remark = remark;
        return this;
    }

    /** The custom header fields, created on first use; never null. */
    public Map<String, String> extFields() {
        if (extFields == null) {
            extFields = new HashMap<>();
        }
        return extFields;
    }

    /** True when there is at least one custom header field (does not create the map). */
    public boolean hasExtFields() {
        return extFields != null && !extFields.isEmpty();
    }

    /** One custom header field, or null. */
    public String extField(String name) {
        return extFields == null ? null : extFields.get(name);
    }

    public RemotingCommand extField(String name, String value) {
        extFields().put(name, value);
        return this;
    }

    public RemotingCommand extFields(Map<String, String> fields) {
        this.extFields = fields;
        return this;
    }

    public SerializeType serializeType() {
        return serializeType;
    }

    public RemotingCommand serializeType(SerializeType serializeType) {
        this.serializeType = serializeType;
        return this;
    }

    /**
     * The body as one array. When the body was given as buffers, they are copied into a new array
     * (the buffers' positions are not changed).
     */
    public byte[] body() {
        if (body == null && bodyBuffers.length > 0) {
            byte[] joined = new byte[bodyLength()];
            int at = 0;
            for (ByteBuffer b : bodyBuffers) {
                int n = b.remaining();
                b.duplicate().get(joined, at, n);
                at += n;
            }
            return joined;
        }
        return body == null ? NO_BODY : body;
    }

    public boolean hasBody() {
        return bodyLength() > 0;
    }

    public RemotingCommand body(byte[] body) {
        this.body = body;
        this.bodyBuffers = NO_BUFFERS;
        return this;
    }

    /**
     * Sets the body as buffers whose remaining bytes are sent in order without being copied. The
     * caller must keep the bytes valid until the command is written.
     */
    public RemotingCommand bodyBuffers(ByteBuffer... buffers) {
        this.body = null;
        this.bodyBuffers = buffers == null ? NO_BUFFERS : buffers;
        return this;
    }

    /** The body parts as given to {@link #bodyBuffers}, or an empty array when the body is an array. */
    public ByteBuffer[] bodyBuffers() {
        return bodyBuffers;
    }

    public int bodyLength() {
        if (body != null) {
            return body.length;
        }
        int n = 0;
        for (ByteBuffer b : bodyBuffers) {
            n += b.remaining();
        }
        return n;
    }

    @Override
    public String toString() {
        return "RemotingCommand[code=" + code + ", language=" + language + ", version=" + version + ", opaque="
                + opaque + ", flag=" + flag + ", remark=" + remark + ", extFields=" + extFields + ", serializeType="
                + serializeType + ", bodyLength=" + bodyLength() + "]";
    }
}
