package io.hookgate.deploy;

import io.hookgate.dispatcher.consume.BatchObserver;

import java.time.Clock;

/**
 * {@code java -jar deploy/target/hookgate.jar}: the roles of {@code HOOKGATE_ROLES}, until SIGTERM (exit 0 after
 * a clean stop) or Ctrl-C.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (Cli.handles(args)) {
            System.exit(Cli.run(args, System.getenv(), System.out, System.err));
            return;
        }
        if (args.length > 0) {
            System.err.println("usage: java -jar hookgate.jar [create-organisation NAME | create-api-key ORGANISATION test|live"
                    + " | organisation-rate-limit ORGANISATION [N|default]]");
            System.exit(2);
            return;
        }
        HookgateConfig config;
        try {
            config = HookgateConfig.fromEnv(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("hookgate: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        Hookgate app;
        try {
            app = Hookgate.start(config, Clock.systemUTC(), BatchObserver.NONE);
        } catch (Exception e) {
            System.err.println("hookgate: failed to start: " + e.getMessage());
            e.printStackTrace(System.err);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "hookgate-shutdown"));
        StopSignal.exitZeroOnSigterm();
        // Fields are only ever added at the end: scripts and tests parse this line.
        System.out.println("hookgate ready ingest=" + port(app.ingestPort()) + " admin=" + port(app.adminPort())
                + " management=" + port(app.managementPort()));
        System.out.flush();
    }

    private static String port(int port) {
        return port < 0 ? "off" : Integer.toString(port);
    }
}
