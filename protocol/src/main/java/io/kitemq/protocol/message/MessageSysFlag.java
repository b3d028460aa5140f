package io.kitemq.protocol.message;

import java.net.Inet6Address;
import java.net.InetSocketAddress;

/**
 * The bits of a message's {@code sysFlag} (send header field and stored record field 8), with RocketMQ's
 * constant names and values (PROTOCOL.md §6):
 *
 * <pre>
 *   bit 0       compressed body                 (COMPRESSED_FLAG)
 *   bit 1       several tags                    (MULTI_TAGS_FLAG)
 *   bits 2-3    transaction type                (TRANSACTION_*_TYPE)
 *   bit 4       born host is IPv6               (BORNHOST_V6_FLAG)
 *   bit 5       store host is IPv6              (STOREHOSTADDRESS_V6_FLAG)
 *   bit 6       body is a batch to unwrap       (NEED_UNWRAP_FLAG)
 *   bit 7       record is an inner batch        (INNER_BATCH_FLAG)
 *   bits 8-10   compression type                (COMPRESSION_*_TYPE)
 * </pre>
 *
 * Transaction type (bits 2-3): 0 not transactional, 4 prepared (half), 8 commit, 12 rollback.
 * Compression type (bits 8-10): 1 LZ4, 2 ZSTD, 3 ZLIB; 0 with the compressed bit set also means ZLIB
 * (clients from before the type bits existed only had ZLIB).
 *
 * <p>Constants and pure functions; thread-safe.
 */
public final class MessageSysFlag {

    public static final int COMPRESSED_FLAG = 0x1;
    public static final int MULTI_TAGS_FLAG = 0x1 << 1;
    public static final int TRANSACTION_NOT_TYPE = 0;
    public static final int TRANSACTION_PREPARED_TYPE = 0x1 << 2;
    public static final int TRANSACTION_COMMIT_TYPE = 0x2 << 2;
    public static final int TRANSACTION_ROLLBACK_TYPE = 0x3 << 2;
    /** Mask of the transaction type bits. */
    public static final int TRANSACTION_TYPE_MASK = 0x3 << 2;
    /** The born host is IPv6 (16 + 4 bytes in the stored record instead of 4 + 4). */
    public static final int BORNHOST_V6_FLAG = 0x1 << 4;
    /** The store host is IPv6 (16 + 4 bytes in the stored record instead of 4 + 4). */
    public static final int STOREHOSTADDRESS_V6_FLAG = 0x1 << 5;
    /** The body is a batch (§7) to be unwrapped into several messages. */
    public static final int NEED_UNWRAP_FLAG = 0x1 << 6;
    /** The record is an inner batch: one CommitLog record holding several messages. */
    public static final int INNER_BATCH_FLAG = 0x1 << 7;

    public static final int COMPRESSION_LZ4_TYPE = 0x1 << 8;
    public static final int COMPRESSION_ZSTD_TYPE = 0x2 << 8;
    public static final int COMPRESSION_ZLIB_TYPE = 0x3 << 8;
    /** Mask of the compression type bits. */
    public static final int COMPRESSION_TYPE_MASK = 0x7 << 8;

    private MessageSysFlag() {}

    /** Whether all bits of {@code flag} are set in {@code sysFlag}. */
    public static boolean check(int sysFlag, int flag) {
        return (sysFlag & flag) == flag;
    }

    /** The transaction type: one of the {@code TRANSACTION_*_TYPE} values. */
    public static int transactionType(int sysFlag) {
        return sysFlag & TRANSACTION_TYPE_MASK;
    }

    /** {@code sysFlag} with its transaction type replaced by {@code type}. */
    public static int withTransactionType(int sysFlag, int type) {
        return (sysFlag & ~TRANSACTION_TYPE_MASK) | (type & TRANSACTION_TYPE_MASK);
    }

    public static boolean isCompressed(int sysFlag) {
        return (sysFlag & COMPRESSED_FLAG) != 0;
    }

    /** {@code sysFlag} without the compressed bit (the type bits are kept, as in RocketMQ). */
    public static int clearCompressedFlag(int sysFlag) {
        return sysFlag & ~COMPRESSED_FLAG;
    }

    /**
     * The compression named by the type bits (type 0 means ZLIB). Meaningful only when
     * {@link #isCompressed(int)}.
     *
     * @throws io.kitemq.protocol.ProtocolException for type values 4-7
     */
    public static Compression compression(int sysFlag) {
        return Compression.ofValue((sysFlag & COMPRESSION_TYPE_MASK) >>> 8);
    }

    /** {@code sysFlag} with the compressed bit set and the type bits naming {@code compression}. */
    public static int withCompression(int sysFlag, Compression compression) {
        return (sysFlag & ~COMPRESSION_TYPE_MASK) | COMPRESSED_FLAG | compression.sysFlagBits();
    }

    public static boolean isBornHostV6(int sysFlag) {
        return (sysFlag & BORNHOST_V6_FLAG) != 0;
    }

    public static boolean isStoreHostV6(int sysFlag) {
        return (sysFlag & STOREHOSTADDRESS_V6_FLAG) != 0;
    }

    /**
     * {@code sysFlag} with the two host bits set from the address families of {@code bornHost} and
     * {@code storeHost}, as the broker does before it stores a message.
     */
    public static int withHostFlags(int sysFlag, InetSocketAddress bornHost, InetSocketAddress storeHost) {
        int flag = sysFlag & ~(BORNHOST_V6_FLAG | STOREHOSTADDRESS_V6_FLAG);
        if (bornHost.getAddress() instanceof Inet6Address) {
            flag |= BORNHOST_V6_FLAG;
        }
        if (storeHost.getAddress() instanceof Inet6Address) {
            flag |= STOREHOSTADDRESS_V6_FLAG;
        }
        return flag;
    }
}
