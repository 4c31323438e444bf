package io.hookgate.deploy.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The environment variables Hookgate's code reads, found where it reads them: calls of {@code EnvReader}
 * ({@code r.integer("HOOKGATE_…", …)}) and of the environment map ({@code env.get("PGHOST")}) in the main
 * sources of every module a process runs. A name ending in {@code _} is a prefix
 * ({@code HOOKGATE_KAFKA_PRODUCER_} + a Kafka property).
 */
final class KnownVariables {
    private static final List<String> MODULES = List.of("shared-model", "gateway", "dispatcher", "deploy");
    private static final Pattern READ = Pattern.compile(
            "\\.(?:string|integer|bool|millis|list|properties|get|getOrDefault)\\(\\s*\"((?:HOOKGATE|PG)[A-Z0-9_]*)\"");
    /** Read by the JVM itself, not by Hookgate. */
    private static final Set<String> JVM = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "TZ");

    private final Set<String> names;

    private KnownVariables(Set<String> names) {
        this.names = names;
    }

    /** Scans {@code <repository>/<module>/src/main/java} of every module. */
    static KnownVariables scan(Path repository) {
        Set<String> names = new TreeSet<>();
        for (String module : MODULES) {
            try (Stream<Path> files = Files.walk(repository.resolve(module).resolve("src/main/java"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher m = READ.matcher(Files.readString(file, StandardCharsets.UTF_8));
                    while (m.find()) {
                        names.add(m.group(1));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new KnownVariables(names);
    }

    Set<String> names() {
        return names;
    }

    /** Whether a process of the image reads {@code name}: Hookgate (exactly or by prefix), or the JVM. */
    boolean isRead(String name) {
        if (JVM.contains(name) || names.contains(name)) {
            return true;
        }
        return names.stream().anyMatch(prefix -> prefix.endsWith("_") && name.startsWith(prefix) && name.length() > prefix.length());
    }
}
