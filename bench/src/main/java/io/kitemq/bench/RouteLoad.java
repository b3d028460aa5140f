package io.kitemq.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Closed-loop route lookups against one NameServer: {@code threads} threads each ask for the route of a
 * random topic, wait for the answer, and ask again. A case runs for {@code ramp} unmeasured, then for
 * {@code measure}; a call counts if it started inside the measured window. The server's and this JVM's CPU
 * time are read at the window's edges.
 */
final class RouteLoad {

    /** One measured case. CPU figures are nanoseconds of CPU time within the window, -1 if unknown. */
    record Result(
            long calls,
            long errors,
            long nanos,
            LatencyHistogram latency,
            long serverCpuNanos,
            long driverCpuNanos,
            String firstError) {

        /** Successful lookups per second. */
        double perSecond() {
            return Units.perSecond(calls - errors, nanos);
        }

        /** Server CPU per successful lookup in microseconds, -1 if unknown. */
        double serverCpuMicrosPerLookup() {
            return serverCpuNanos < 0 || calls == errors ? -1 : serverCpuNanos / 1000.0 / (calls - errors);
        }

        /** Server CPU as a share of one core, percent. */
        double serverCpuPercent() {
            return serverCpuNanos < 0 ? -1 : 100.0 * serverCpuNanos / nanos;
        }

        double driverCpuPercent() {
            return driverCpuNanos < 0 ? -1 : 100.0 * driverCpuNanos / nanos;
        }
    }

    private final RouteDriver driver;
    private final String address;
    private final List<String> topics;
    private final long serverPid;

    RouteLoad(RouteDriver driver, String address, List<String> topics, long serverPid) {
        this.driver = driver;
        this.address = address;
        this.topics = topics;
        this.serverPid = serverPid;
    }

    Result run(int threads, Duration ramp, Duration measure) throws InterruptedException {
        long begin = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20); // all threads started by then
        long from = begin + ramp.toNanos();
        long to = from + measure.toNanos();
        List<Caller> callers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Caller c = new Caller(from, to);
            c.thread = new Thread(c, "bench-lookup-" + i);
            c.thread.start();
            callers.add(c);
        }
        sleepUntil(from);
        long server0 = ServerProcessProbe.cpuNanos(serverPid);
        long self0 = ServerProcessProbe.cpuNanos(ServerProcessProbe.self());
        sleepUntil(to);
        long server1 = ServerProcessProbe.cpuNanos(serverPid);
        long self1 = ServerProcessProbe.cpuNanos(ServerProcessProbe.self());
        LatencyHistogram latency = new LatencyHistogram();
        long calls = 0;
        long errors = 0;
        String firstError = null;
        for (Caller c : callers) {
            c.thread.join();
            latency.add(c.latency);
            calls += c.calls;
            errors += c.errors;
            firstError = firstError != null ? firstError : c.firstError;
        }
        return new Result(
                calls,
                errors,
                to - from,
                latency,
                server0 < 0 || server1 < 0 ? -1 : server1 - server0,
                self0 < 0 || self1 < 0 ? -1 : self1 - self0,
                firstError);
    }

    private static void sleepUntil(long nanoTime) {
        for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    /** One calling thread; its counters are read after it has been joined. */
    private final class Caller implements Runnable {
        final long from;
        final long to;
        final LatencyHistogram latency = new LatencyHistogram();
        Thread thread;
        long calls;
        long errors;
        String firstError;

        Caller(long from, long to) {
            this.from = from;
            this.to = to;
        }

        @Override
        public void run() {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            int n = topics.size();
            while (true) {
                long start = System.nanoTime();
                if (start >= to) {
                    return;
                }
                boolean ok;
                try {
                    ok = driver.route(address, topics.get(random.nextInt(n))).length > 0;
                    if (!ok && firstError == null) {
                        firstError = "empty route body";
                    }
                } catch (Exception e) {
                    ok = false;
                    if (firstError == null) {
                        firstError = e.toString();
                    }
                }
                if (start >= from) {
                    latency.record(System.nanoTime() - start);
                    calls++;
                    errors += ok ? 0 : 1;
                }
            }
        }
    }
}
