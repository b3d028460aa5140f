package io.kitemq.protocol.message;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A message as the broker stores it and consumers receive it: the {@link Message} plus the fields of
 * the stored record (PROTOCOL.md §6, {@link StoredMessageFormat}) — the shape of RocketMQ's
 * {@code MessageExt}. {@link #getMsgId()} is the broker-assigned offsetMsgId ({@link OffsetMsgId});
 * {@link #getUniqKey()} the client-assigned id users usually call msgId.
 *
 * <p>Mutable and not thread-safe.
 */
public class MessageExt extends Message {

    private String brokerName;
    private int queueId;
    private int storeSize;
    private long queueOffset;
    private int sysFlag;
    private long bornTimestamp;
    private InetSocketAddress bornHost;
    private long storeTimestamp;
    private InetSocketAddress storeHost;
    private String msgId;
    private long commitLogOffset;
    private int bodyCRC;
    private int reconsumeTimes;
    private long preparedTransactionOffset;

    public MessageExt() {}

    public String getBrokerName() {
        return brokerName;
    }

    public void setBrokerName(String brokerName) {
        this.brokerName = brokerName;
    }

    public int getQueueId() {
        return queueId;
    }

    public void setQueueId(int queueId) {
        this.queueId = queueId;
    }

    /** TOTALSIZE of the stored record, set by the decoder. */
    public int getStoreSize() {
        return storeSize;
    }

    public void setStoreSize(int storeSize) {
        this.storeSize = storeSize;
    }

    /** Logical offset in the ConsumeQueue. */
    public long getQueueOffset() {
        return queueOffset;
    }

    public void setQueueOffset(long queueOffset) {
        this.queueOffset = queueOffset;
    }

    /** See {@link MessageSysFlag}. */
    public int getSysFlag() {
        return sysFlag;
    }

    public void setSysFlag(int sysFlag) {
        this.sysFlag = sysFlag;
    }

    public long getBornTimestamp() {
        return bornTimestamp;
    }

    public void setBornTimestamp(long bornTimestamp) {
        this.bornTimestamp = bornTimestamp;
    }

    /** The producer's address as the broker saw it. */
    public InetSocketAddress getBornHost() {
        return bornHost;
    }

    public void setBornHost(InetSocketAddress bornHost) {
        this.bornHost = bornHost;
    }

    /** The born host's IP as text, or {@code null}. */
    public String getBornHostString() {
        return bornHost == null || bornHost.getAddress() == null
                ? null
                : bornHost.getAddress().getHostAddress();
    }

    public long getStoreTimestamp() {
        return storeTimestamp;
    }

    public void setStoreTimestamp(long storeTimestamp) {
        this.storeTimestamp = storeTimestamp;
    }

    /** The storing broker's advertised address. */
    public InetSocketAddress getStoreHost() {
        return storeHost;
    }

    public void setStoreHost(InetSocketAddress storeHost) {
        this.storeHost = storeHost;
    }

    /** The offsetMsgId: store host plus CommitLog offset in hex (see {@link OffsetMsgId}). */
    public String getMsgId() {
        return msgId;
    }

    public void setMsgId(String msgId) {
        this.msgId = msgId;
    }

    /** Physical offset of the record in the CommitLog. */
    public long getCommitLogOffset() {
        return commitLogOffset;
    }

    public void setCommitLogOffset(long commitLogOffset) {
        this.commitLogOffset = commitLogOffset;
    }

    /** CRC32 of the stored body masked to 31 bits ({@link StoredMessageFormat#bodyCrc(byte[])}). */
    public int getBodyCRC() {
        return bodyCRC;
    }

    public void setBodyCRC(int bodyCRC) {
        this.bodyCRC = bodyCRC;
    }

    public int getReconsumeTimes() {
        return reconsumeTimes;
    }

    public void setReconsumeTimes(int reconsumeTimes) {
        this.reconsumeTimes = reconsumeTimes;
    }

    public long getPreparedTransactionOffset() {
        return preparedTransactionOffset;
    }

    public void setPreparedTransactionOffset(long preparedTransactionOffset) {
        this.preparedTransactionOffset = preparedTransactionOffset;
    }

    /** Equal when the {@link Message} parts and every stored-record field are equal. */
    @Override
    public boolean equals(Object o) {
        if (!super.equals(o)) {
            return false;
        }
        MessageExt that = (MessageExt) o;
        return queueId == that.queueId
                && storeSize == that.storeSize
                && queueOffset == that.queueOffset
                && sysFlag == that.sysFlag
                && bornTimestamp == that.bornTimestamp
                && storeTimestamp == that.storeTimestamp
                && commitLogOffset == that.commitLogOffset
                && bodyCRC == that.bodyCRC
                && reconsumeTimes == that.reconsumeTimes
                && preparedTransactionOffset == that.preparedTransactionOffset
                && Objects.equals(brokerName, that.brokerName)
                && Objects.equals(bornHost, that.bornHost)
                && Objects.equals(storeHost, that.storeHost)
                && Objects.equals(msgId, that.msgId);
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + Objects.hash(queueId, queueOffset, commitLogOffset, msgId);
    }

    @Override
    public String toString() {
        return "MessageExt{brokerName=" + brokerName + ", queueId=" + queueId + ", storeSize=" + storeSize
                + ", queueOffset=" + queueOffset + ", sysFlag=" + sysFlag + ", bornTimestamp=" + bornTimestamp
                + ", bornHost=" + bornHost + ", storeTimestamp=" + storeTimestamp + ", storeHost=" + storeHost
                + ", msgId=" + msgId + ", commitLogOffset=" + commitLogOffset + ", bodyCRC=" + bodyCRC
                + ", reconsumeTimes=" + reconsumeTimes + ", preparedTransactionOffset=" + preparedTransactionOffset
                + ", topic=" + getTopic() + ", flag=" + getFlag() + ", properties=" + getProperties()
                + ", body=" + bodySummary(getBody()) + '}';
    }
}
