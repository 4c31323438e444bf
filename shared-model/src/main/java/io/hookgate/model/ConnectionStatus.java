package io.hookgate.model;

/** Lifecycle of an inbound connection. Only ACTIVE connections accept webhooks. */
public enum ConnectionStatus {
    ACTIVE,
    PAUSED,
    DELETED
}
