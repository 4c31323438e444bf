package io.hookgate.model.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads typed settings from an environment map (passed in, so tests never touch the real environment)
 * and fails fast with the variable's name on anything out of range.
 */
public final class EnvReader {
    private final Map<String, String> env;

    public EnvReader(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public String string(String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    public int integer(String name, int fallback, int min, int max) {
        String raw = string(name, null);
        if (raw == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was '" + raw + "'");
        }
    }

    /** A comma-separated list; empty when unset. */
    public java.util.List<String> list(String name) {
        String raw = string(name, null);
        if (raw == null) {
            return java.util.List.of();
        }
        return java.util.Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public boolean bool(String name, boolean fallback) {
        String raw = string(name, null);
        if (raw == null) {
            return fallback;
        }
        return switch (raw.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, was '" + raw + "'");
        };
    }

    public Duration millis(String name, long fallbackMillis, long min, long max) {
        return Duration.ofMillis(integer(name, (int) fallbackMillis, (int) min, (int) max));
    }

    /**
     * Every variable starting with {@code prefix}, as Kafka-style property names:
     * {@code HOOKGATE_KAFKA_PRODUCER_LINGER_MS} → {@code linger.ms}.
     */
    public Map<String, String> properties(String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith(prefix) && name.length() > prefix.length()) {
                out.put(name.substring(prefix.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return out;
    }
}
