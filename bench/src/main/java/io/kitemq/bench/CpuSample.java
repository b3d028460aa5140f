package io.kitemq.bench;

/**
 * CPU time used so far by a server process and by this JVM (the driver), with the wall clock, for the CPU
 * columns of {@link BrokerBenchmark}: take one before a phase and {@link #since} after it. Nanoseconds; the
 * process figures have /proc's 10 ms resolution and are -1 where unknown.
 */
record CpuSample(long serverNanos, long driverNanos, long wallNanos) {

    static CpuSample now(long serverPid) {
        return new CpuSample(
                ServerProcessProbe.cpuNanos(serverPid),
                ServerProcessProbe.cpuNanos(ServerProcessProbe.self()),
                System.nanoTime());
    }

    /** The CPU used between {@code start} and now, as a sample of differences. */
    CpuSample since(CpuSample start) {
        return new CpuSample(
                serverNanos < 0 || start.serverNanos < 0 ? -1 : serverNanos - start.serverNanos,
                driverNanos < 0 || start.driverNanos < 0 ? -1 : driverNanos - start.driverNanos,
                wallNanos - start.wallNanos);
    }

    /** Server CPU in percent of one core over the wall time of a difference. */
    double serverPercent() {
        return serverNanos < 0 || wallNanos <= 0 ? -1 : 100.0 * serverNanos / wallNanos;
    }

    double driverPercent() {
        return driverNanos < 0 || wallNanos <= 0 ? -1 : 100.0 * driverNanos / wallNanos;
    }

    /** Server CPU microseconds per message of a difference in which {@code messages} were handled. */
    double serverMicrosPer(long messages) {
        return serverNanos < 0 || messages <= 0 ? -1 : serverNanos / 1000.0 / messages;
    }
}
