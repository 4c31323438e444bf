package io.hookgate.model;

/** Whether the contact is resolved after the 202 (ASYNC, by the dispatcher) or before it (SYNC, by the gateway). */
public enum ContactResolution {
    ASYNC,
    SYNC
}
