package io.kitemq.protocol.command;

/**
 * The language of the peer that sent a command: a name in JSON headers, one byte in binary headers.
 *
 * <p>Immutable and thread-safe.
 */
public enum LanguageCode {
    JAVA(0),
    CPP(1),
    DOTNET(2),
    PYTHON(3),
    DELPHI(4),
    ERLANG(5),
    RUBY(6),
    OTHER(7),
    HTTP(8),
    GO(9),
    PHP(10),
    OMS(11),
    RUST(12),
    NODE_JS(13);

    private static final LanguageCode[] BY_CODE = new LanguageCode[14];

    static {
        for (LanguageCode l : values()) {
            BY_CODE[l.code] = l;
        }
    }

    private final byte code;

    LanguageCode(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** The language for a binary code; unknown codes map to {@link #OTHER} so a newer peer is still served. */
    public static LanguageCode fromCode(byte code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : OTHER;
    }

    /** The language for a JSON name; unknown or null names map to {@link #OTHER}. */
    public static LanguageCode fromName(String name) {
        if (name != null) {
            for (LanguageCode l : BY_CODE) {
                if (l.name().equals(name)) {
                    return l;
                }
            }
        }
        return OTHER;
    }
}
