package io.hookgate.deploy.manifests;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** deploy/container/healthcheck.sh, the image's HEALTHCHECK, run by bash against a stand-in /health. */
class HealthcheckScriptTest {
    private static final Path SCRIPT = Path.of(System.getProperty("basedir", "")).toAbsolutePath()
            .resolve("container/healthcheck.sh");

    private final AtomicInteger status = new AtomicInteger(200);
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void everyRoleIsHealthyWhileItsManagementPortAnswers200() throws Exception {
        int port = serveHealth();
        for (String roles : new String[]{"dispatcher", "delivery", "ingest", "admin", " Dispatcher,delivery "}) {
            assertThat(run(Map.of("HOOKGATE_ROLES", roles, "HOOKGATE_MANAGEMENT_PORT", Integer.toString(port),
                    "HOOKGATE_INGEST_PORT", "1", "HOOKGATE_ADMIN_PORT", "1"))).as(roles).isZero();
        }
        status.set(503);
        assertThat(run(Map.of("HOOKGATE_ROLES", "dispatcher", "HOOKGATE_MANAGEMENT_PORT", Integer.toString(port)))).isEqualTo(1);
    }

    @Test
    void withManagementOffTheIngestRoleIsHealthyWhileItsPortAnswers200() throws Exception {
        int port = serveHealth();
        Map<String, String> env = Map.of("HOOKGATE_ROLES", "ingest", "HOOKGATE_INGEST_PORT", Integer.toString(port),
                "HOOKGATE_MANAGEMENT_PORT", "off");
        assertThat(run(env)).isZero();
        status.set(503);
        assertThat(run(env)).isEqualTo(1);
    }

    @Test
    void withManagementOffTheAdminRoleProbesTheAdminPort() throws Exception {
        int port = serveHealth();
        assertThat(run(Map.of("HOOKGATE_ROLES", " Admin ", "HOOKGATE_ADMIN_PORT", Integer.toString(port),
                "HOOKGATE_INGEST_PORT", "1", "HOOKGATE_MANAGEMENT_PORT", "OFF"))).isZero();
    }

    @Test
    void nothingListeningIsUnhealthy() throws Exception {
        int port = serveHealth();
        server.stop(0);
        server = null;
        assertThat(run(Map.of("HOOKGATE_ROLES", "dispatcher", "HOOKGATE_MANAGEMENT_PORT", Integer.toString(port)))).isEqualTo(1);
        assertThat(run(Map.of("HOOKGATE_ROLES", "ingest,dispatcher", "HOOKGATE_INGEST_PORT", Integer.toString(port),
                "HOOKGATE_MANAGEMENT_PORT", "off"))).isEqualTo(1);
    }

    @Test
    void rolesWithoutAPortOfTheirOwnAndManagementOffProbeNothing() throws Exception {
        assertThat(run(Map.of("HOOKGATE_ROLES", "dispatcher,delivery", "HOOKGATE_INGEST_PORT", "1", "HOOKGATE_ADMIN_PORT", "1",
                "HOOKGATE_MANAGEMENT_PORT", "off"))).isZero();
    }

    private int serveHealth() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.start();
        return server.getAddress().getPort();
    }

    private static int run(Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("HOOKGATE_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("health check finished").isTrue();
        return process.exitValue();
    }
}
