package io.hookgate.deploy.support;

import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@link Load} from a child JVM: the load's own allocation and collections stay out of the JVM that runs the
 * server under test, so a latency measured against that server is the server's, not a pause the load caused
 * in it. Same operations as {@link Load}; {@link #close()} always leaves the child dead.
 */
public final class ForkedLoad implements AutoCloseable {
    private static final Duration REPLY_WAIT = Duration.ofSeconds(60);
    /** coreutils' {@code nice}, part of every Linux this runs on. */
    private static final Path NICE = Path.of("/usr/bin/nice");

    private final Process process;
    private final Writer commands;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();

    /** The CPU priority of the child. */
    public enum Priority {
        /** As this JVM's. */
        NORMAL,
        /**
         * Below this JVM's ({@code nice -n 10}), for a sender that stands for one on another machine: its own CPU use
         * then takes only what the server under test and the other loads leave, instead of their share of a small box.
         */
        BACKGROUND
    }

    public ForkedLoad(int port, int poolSize) {
        this(port, poolSize, Priority.NORMAL);
    }

    public ForkedLoad(int port, int poolSize, Priority priority) {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>();
        if (priority == Priority.BACKGROUND) {
            command.addAll(List.of(NICE.toString(), "-n", "10"));
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", classpath, LoadProcess.class.getName(), Integer.toString(port), Integer.toString(poolSize)));
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start a load process", e);
        }
        commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread pump = new Thread(this::pump, "forked-load-" + process.pid());
        pump.setDaemon(true);
        pump.start();
        await("ready");
    }

    /** As {@link Load#openLoop}, from the child. */
    public Load.Run openLoop(String connectionId, int perSecond, double seconds) {
        send("open " + connectionId + " " + perSecond + " " + seconds);
        return LoadProcess.decodeRun(await("run "));
    }

    /** As {@link Load#flood}, from the child: the flood runs until {@link Flood#stop()}. */
    public Flood flood(String connectionId, int concurrency) {
        send("flood " + connectionId + " " + concurrency);
        await("flooding");
        return new Flood();
    }

    /** A flood running in the child. */
    public final class Flood {
        private Flood() {
        }

        /** Stops it, waits for its last requests and returns the count of every status it got. */
        public Map<Integer, Long> stop() {
            send("stop");
            return LoadProcess.decodeCounts(new JsonObject(await("stopped ")), Number::longValue);
        }
    }

    private void send(String command) {
        try {
            commands.write(command + "\n");
            commands.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("The load process is gone", e);
        }
    }

    /** The next reply, which must start with {@code expected}; what follows that prefix. */
    private String await(String expected) {
        try {
            String reply = replies.poll(REPLY_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (reply == null) {
                throw new IllegalStateException("the load process did not answer '" + expected + "' within " + REPLY_WAIT
                        + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")"));
            }
            if (!reply.startsWith(expected)) {
                throw new IllegalStateException("the load process answered '" + reply + "' instead of '" + expected + "'");
            }
            return reply.substring(expected.length());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Replies go to the queue; the child's log lines to this JVM's stdout. */
    private void pump() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith(LoadProcess.REPLY)) {
                    replies.add(line.substring(LoadProcess.REPLY.length()));
                } else {
                    System.out.println("[load " + process.pid() + "] " + line);
                }
            }
        } catch (IOException e) {
            // the child is gone; await() reports it
        }
    }

    @Override
    public void close() {
        try {
            send("exit");
            commands.close();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (RuntimeException | IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
