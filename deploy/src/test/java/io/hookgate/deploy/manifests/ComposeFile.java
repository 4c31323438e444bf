package io.hookgate.deploy.manifests;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code deploy/compose.yaml}: its services, and those that run the Hookgate image read as {@link Workload}s. */
final class ComposeFile {
    /** Compose's default wait between SIGTERM and SIGKILL. */
    private static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);
    /** {@code ${NAME}}, {@code ${NAME:-default}}, {@code ${NAME:?error}} and their forms without the colon. */
    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");
    private static final Pattern DURATION = Pattern.compile("(?:(\\d+)m)?(?:(\\d+)s)?");

    private final Node root;

    private ComposeFile(Node root) {
        this.root = root;
    }

    static ComposeFile load(Path file) {
        List<Node> documents = Node.documents(file, "compose.yaml");
        if (documents.size() != 1) {
            throw new IllegalStateException("compose.yaml should hold one document, has " + documents.size());
        }
        return new ComposeFile(documents.getFirst());
    }

    Map<String, Node> services() {
        return root.get("services").entries();
    }

    /** Services built from deploy/container/Containerfile, keyed by service name. */
    Map<String, Workload> hookgateServices() {
        Map<String, Workload> out = new LinkedHashMap<>();
        services().forEach((name, service) -> {
            String dockerfile = service.at("build.dockerfile").string();
            if (dockerfile != null && dockerfile.endsWith("container/Containerfile")) {
                out.put(name, workload(service));
            }
        });
        return out;
    }

    private static Workload workload(Node service) {
        Map<String, String> env = new HashMap<>();
        Set<String> names = new TreeSet<>();
        environment(service.get("environment")).forEach((name, raw) -> {
            names.add(name);
            String value = interpolate(raw);
            if (value != null) {
                env.put(name, value);
            }
        });
        Set<Integer> published = new TreeSet<>();
        for (Node port : service.get("ports").list()) {
            String mapping = port.string();
            published.add(Integer.parseInt(mapping.substring(mapping.lastIndexOf(':') + 1).replaceAll("/.*", "")));
        }
        String user = service.get("user").string();
        boolean nonRoot = user == null || !(user.equals("root") || user.equals("0") || user.startsWith("0:") || user.startsWith("root:"));
        return new Workload(service.path(), env, names, service.at("deploy.replicas").integer(1), Map.of(), published,
                List.of(), grace(service.get("stop_grace_period").string()), Duration.ZERO, nonRoot, Map.of(), false);
    }

    /** {@code environment:} as a mapping or as a list of {@code NAME=value}. */
    private static Map<String, String> environment(Node node) {
        if (!(node.value() instanceof List<?>)) {
            return node.strings();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Node item : node.list()) {
            String entry = item.string();
            int eq = entry.indexOf('=');
            out.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? null : entry.substring(eq + 1));
        }
        return out;
    }

    /** The value as Compose would pass it when the variables are unset: null when it would need one. */
    static String interpolate(String raw) {
        if (raw == null) {
            return null;
        }
        Matcher m = INTERPOLATION.matcher(raw);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String operator = m.group(2);
            if (operator == null || operator.endsWith("?")) {
                return null;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(3)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Duration grace(String text) {
        if (text == null) {
            return DEFAULT_GRACE;
        }
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches() || (m.group(1) == null && m.group(2) == null)) {
            throw new IllegalStateException("stop_grace_period '" + text + "' is not like 1m30s");
        }
        return Duration.ofMinutes(m.group(1) == null ? 0 : Long.parseLong(m.group(1)))
                .plusSeconds(m.group(2) == null ? 0 : Long.parseLong(m.group(2)));
    }
}
