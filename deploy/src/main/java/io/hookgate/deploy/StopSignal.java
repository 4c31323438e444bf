package io.hookgate.deploy;

/**
 * SIGTERM is how Kubernetes, systemd and compose ask a process to stop. The JVM's own handler runs the
 * shutdown hooks and then exits 143 (128 + 15), which supervisors report as a failure; once Hookgate is
 * serving, a SIGTERM is a requested stop: the hooks still run (servers drained, consumers closed) and the
 * process exits 0. Before start-up finishes a SIGTERM keeps the JVM's default, an abort.
 *
 * <p>{@code sun.misc.Signal} lives in {@code jdk.unsupported}, kept accessible on purpose for this use
 * (JEP 260); javac warns about it on every use, which is why it is used in this one place only.
 */
final class StopSignal {
    private StopSignal() {
    }

    static void exitZeroOnSigterm() {
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> System.exit(0));
    }
}
