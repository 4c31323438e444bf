package io.hookgate.deploy.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * A {@link Load} in a JVM of its own, driven over stdin by {@link ForkedLoad}: one command a line
 * ({@code open <connection> <perSecond> <seconds>}, {@code flood <connection> <concurrency>}, {@code stop},
 * {@code exit}), each answered by one stdout line starting with {@link #REPLY} (anything else on stdout is log).
 */
public final class LoadProcess {
    static final String REPLY = "@@load ";

    private LoadProcess() {
    }

    public static void main(String[] args) throws Exception {
        try (Load load = new Load(Integer.parseInt(args[0]), Integer.parseInt(args[1]));
             BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            reply("ready");
            Load.Flood flood = null;
            for (String line; (line = commands.readLine()) != null; ) {
                String[] command = line.split(" ");
                switch (command[0]) {
                    case "open" -> reply("run " + encode(load.openLoop(command[1], Integer.parseInt(command[2]), Double.parseDouble(command[3]))));
                    case "flood" -> {
                        flood = load.flood(command[1], Integer.parseInt(command[2]));
                        reply("flooding");
                    }
                    case "stop" -> {
                        JsonObject statuses = new JsonObject();
                        flood.stop().forEach((status, count) -> statuses.put(status.toString(), count));
                        flood = null;
                        reply("stopped " + statuses.encode());
                    }
                    case "exit" -> {
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown load command: " + line);
                }
            }
        }
    }

    private static void reply(String line) {
        System.out.println(REPLY + line);
        System.out.flush();
    }

    private static String encode(Load.Run run) {
        JsonObject statuses = new JsonObject();
        run.statuses().forEach((status, count) -> statuses.put(status.toString(), count));
        return new JsonObject().put("latenciesMs", new JsonArray(Arrays.stream(run.latenciesMs()).boxed().toList()))
                .put("statuses", statuses).encode();
    }

    static Load.Run decodeRun(String json) {
        JsonObject run = new JsonObject(json);
        double[] latencies = run.getJsonArray("latenciesMs").stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
        return new Load.Run(latencies, decodeCounts(run.getJsonObject("statuses"), Number::intValue));
    }

    static <N> Map<Integer, N> decodeCounts(JsonObject counts, java.util.function.Function<Number, N> as) {
        Map<Integer, N> decoded = new java.util.TreeMap<>();
        counts.forEach(e -> decoded.put(Integer.parseInt(e.getKey()), as.apply((Number) e.getValue())));
        return decoded;
    }
}
