package io.hookgate.deploy.topology;

import java.nio.file.Path;

/** The java launcher of the JVM running the tests, so children run on the same JDK. */
final class Jvm {
    private Jvm() {
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
