package io.hookgate.gateway.connection;

/**
 * A flow bound to a connection, as the gateway needs it: to refuse a webhook when none is bound
 * ({@code requireTrigger}) and to check a RESUME trigger's correlation path before accepting.
 */
public record TriggerRef(String id, String flowId, Action action, String correlationPath) {
    public enum Action {
        START,
        RESUME
    }
}
