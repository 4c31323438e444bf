package io.hookgate.deploy.faults;

import io.hookgate.deploy.support.Directories;
import io.hookgate.deploy.topology.KafkaBrokerProcess;
import io.hookgate.model.db.PgSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway PostgreSQL 15 cluster of the test's own (never the machine's shared server): initdb in a temporary
 * directory, a free loopback port, trust authentication for user {@code postgres}. It can be stopped
 * ({@code immediate} is a crash, {@code fast} a clean shutdown) and started again on the same data;
 * {@link #close()} stops it and deletes everything. PostgreSQL refuses to run as root, so as root the binaries
 * run through {@code runuser -u postgres}.
 */
final class PostgresCluster implements AutoCloseable {
    static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    private static final String OWNER = "postgres";
    private static final long COMMAND_TIMEOUT_SECONDS = 120;

    private final Path dir;
    private final int port;
    private final Thread cleanup = new Thread(this::removeCluster, "postgres-cluster-cleanup");
    private volatile boolean running;

    private PostgresCluster(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Creates and starts a cluster in a new temporary directory named after {@code name}. */
    static PostgresCluster start(String name) {
        for (String binary : List.of("initdb", "pg_ctl", "postgres")) {
            if (!Files.isExecutable(BIN.resolve(binary))) {
                throw new IllegalStateException(BIN.resolve(binary) + " is missing: the fault suite runs its own PostgreSQL 15 "
                        + "cluster (Debian package postgresql-15) and cannot run without it");
            }
        }
        PostgresCluster cluster = new PostgresCluster(ownedTempDirectory(name), KafkaBrokerProcess.freePort());
        Runtime.getRuntime().addShutdownHook(cluster.cleanup);
        try {
            cluster.run(BIN.resolve("initdb").toString(), "-D", cluster.data(), "-A", "trust", "-U", OWNER, "-E", "UTF8", "--no-sync");
            cluster.startServer();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    PgSettings settings(String database) {
        return new PgSettings("127.0.0.1", port, OWNER, null, database);
    }

    /** Stops the server ({@code immediate}: no checkpoint, crash recovery at the next start; {@code fast}: clean). */
    void stop(String mode) {
        run(BIN.resolve("pg_ctl").toString(), "-D", data(), "-m", mode, "-w", "-t", "60", "stop");
        running = false;
    }

    /** Starts the server on its data directory and port; returns once it accepts connections. */
    void startServer() {
        // fsync off: the cluster lives only as long as the test, and a stop (even immediate) keeps the OS's page cache.
        run(BIN.resolve("pg_ctl").toString(), "-D", data(), "-l", dir.resolve("postgres.log").toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", "start");
        running = true;
    }

    /** Stops the server and deletes its directory; a shutdown hook does the same if the test JVM stops first. */
    @Override
    public void close() {
        removeCluster();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or has run.
        }
    }

    private synchronized void removeCluster() {
        try {
            if (running) {
                stop("immediate");
            }
        } finally {
            Directories.deleteRecursively(dir);
        }
    }

    private String data() {
        return dir.resolve("data").toString();
    }

    private void run(String... command) {
        List<String> full = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            full.addAll(List.of("runuser", "-u", OWNER, "--"));
        }
        full.addAll(List.of(command));
        try {
            Path output = Files.createTempFile(dir, "command-", ".log");
            Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + COMMAND_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue() + ":\n"
                        + Files.readString(output, StandardCharsets.UTF_8) + logTail());
            }
            Files.delete(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private String logTail() throws IOException {
        Path log = dir.resolve("postgres.log");
        return Files.exists(log) ? "\npostgres.log:\n" + Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** A temporary directory the {@code postgres} user owns (it must own its data directory). */
    private static Path ownedTempDirectory(String name) {
        try {
            Path dir = Files.createTempDirectory(name + "-");
            if ("root".equals(System.getProperty("user.name"))) {
                UserPrincipal owner = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(OWNER);
                Files.setOwner(dir, owner);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a directory for PostgreSQL", e);
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL 15 on 127.0.0.1:" + port + " in " + dir;
    }
}
