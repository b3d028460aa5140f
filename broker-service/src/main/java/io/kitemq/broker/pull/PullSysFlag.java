package io.kitemq.broker.pull;

/** The bits of a pull request's {@code sysFlag} (RocketMQ's {@code PullSysFlag}). Constants only. */
final class PullSysFlag {

    static final int COMMIT_OFFSET = 0x1;
    static final int SUSPEND = 0x2;
    static final int SUBSCRIPTION = 0x4;
    static final int CLASS_FILTER = 0x8;
    static final int LITE_PULL = 0x10;

    private PullSysFlag() {}

    static boolean has(int sysFlag, int bit) {
        return (sysFlag & bit) != 0;
    }
}
