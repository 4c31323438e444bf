package io.hookgate.deploy.manifests;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** yamllint over deploy/compose.yaml and deploy/k8s with deploy/.yamllint.yaml, when yamllint is installed (Debian: yamllint). */
class YamllintTest {
    private static final Path DEPLOY = Path.of(System.getProperty("basedir", "")).toAbsolutePath();

    @Test
    void manifestsPassYamllint() throws Exception {
        assumeTrue(onPath("yamllint"), "yamllint is not installed; skipping the lint");
        Process lint = new ProcessBuilder("yamllint", "--strict", "-f", "parsable", "-c", ".yamllint.yaml", "compose.yaml", "k8s")
                .directory(DEPLOY.toFile()).redirectErrorStream(true).start();
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lint.waitFor(60, TimeUnit.SECONDS)).as("yamllint finished").isTrue();
        assertThat(lint.exitValue()).as(output).isZero();
    }

    private static boolean onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Arrays.stream(path.split(File.pathSeparator)).map(dir -> Path.of(dir, command)).anyMatch(Files::isExecutable);
    }
}
