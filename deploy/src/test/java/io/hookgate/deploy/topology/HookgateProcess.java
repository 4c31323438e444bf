package io.hookgate.deploy.topology;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar hookgate.jar} as one process of a split deployment: the roles it runs, and the ports it
 * printed in its ready line ({@code off} for a port the roles do not serve). Every process gets a free
 * management port unless told otherwise: they share one machine.
 */
public final class HookgateProcess implements AutoCloseable {
    static final Pattern READY = Pattern.compile("hookgate ready ingest=(\\d+|off) admin=(\\d+|off)(?: management=(\\d+|off))?");
    private static final List<String> JVM_OPTIONS = List.of("-Xms64m", "-Xmx320m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final ChildProcess process;
    private final String roles;
    private int ingestPort = -1;
    private int adminPort = -1;
    private int managementPort = -1;

    private HookgateProcess(ChildProcess process, String roles) {
        this.process = process;
        this.roles = roles;
    }

    /** Launches the process; {@link #awaitReady(Duration)} waits for its ready line. */
    static HookgateProcess launch(Path jar, String name, String roles, Map<String, String> env, Path dir, Path log) {
        Map<String, String> all = new HashMap<>(env);
        all.put("HOOKGATE_ROLES", roles);
        all.put("HOOKGATE_DATA_DIR", dir.resolve("data").toString());
        all.putIfAbsent("HOOKGATE_MANAGEMENT_PORT", "0");
        List<String> command = new java.util.ArrayList<>();
        command.add(Jvm.java());
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-jar", jar.toString()));
        return new HookgateProcess(ChildProcess.start(name, command, all, dir, log), roles);
    }

    HookgateProcess awaitReady(Duration timeout) {
        Matcher ready = process.awaitLine(READY, timeout);
        ingestPort = port(ready.group(1));
        adminPort = port(ready.group(2));
        managementPort = ready.group(3) == null ? -1 : port(ready.group(3));
        return this;
    }

    public String name() {
        return process.name();
    }

    public String roles() {
        return roles;
    }

    /** The ingest port, when this process serves one. */
    public Optional<Integer> ingestPort() {
        return ingestPort < 0 ? Optional.empty() : Optional.of(ingestPort);
    }

    public Optional<Integer> adminPort() {
        return adminPort < 0 ? Optional.empty() : Optional.of(adminPort);
    }

    /** The management port (/health, /ready, /metrics), when this process serves one. */
    public Optional<Integer> managementPort() {
        return managementPort < 0 ? Optional.empty() : Optional.of(managementPort);
    }

    public ChildProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }

    private static int port(String printed) {
        return printed.equals("off") ? -1 : Integer.parseInt(printed);
    }

    @Override
    public String toString() {
        return process + " roles=" + roles;
    }
}
