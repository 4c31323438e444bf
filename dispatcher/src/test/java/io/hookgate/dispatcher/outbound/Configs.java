package io.hookgate.dispatcher.outbound;

import java.util.HashMap;
import java.util.Map;

/** Delivery configs for tests: the defaults, with a few variables set. */
final class Configs {
    private Configs() {
    }

    static DeliveryConfig defaults() {
        return with(Map.of());
    }

    static DeliveryConfig with(Map<String, String> env) {
        return DeliveryConfig.fromEnv(new HashMap<>(env), "unused:9092");
    }

    static DeliveryConfig with(String... pairs) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return with(env);
    }
}
