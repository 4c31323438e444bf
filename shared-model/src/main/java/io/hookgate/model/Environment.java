package io.hookgate.model;

import java.util.Optional;

/** Test or live: selected by the API key prefix, and a boundary no key can cross. */
public enum Environment {
    TEST("hg_test_"),
    LIVE("hg_live_");

    private final String keyPrefix;

    Environment(String keyPrefix) {
        this.keyPrefix = keyPrefix;
    }

    public String keyPrefix() {
        return keyPrefix;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The environment an API key belongs to, if it has a well-formed prefix. */
    public static Optional<Environment> ofApiKey(String key) {
        if (key == null) {
            return Optional.empty();
        }
        for (Environment env : values()) {
            if (key.startsWith(env.keyPrefix)) {
                return Optional.of(env);
            }
        }
        return Optional.empty();
    }
}
