package io.hookgate.model;

import java.util.List;

/** The Kafka topic contract shared by every Hookgate process and by downstream consumers. */
public final class Topics {
    /** Accepted webhooks, CloudEvents binary mode, keyed by connection id. */
    public static final String INBOUND = "hookgate.inbound";
    /** Records the dispatcher could not process, with the reason in a header. */
    public static final String INBOUND_DLQ = "hookgate.inbound.dlq";
    /** Rejected requests (auth failures included), kept for history. */
    public static final String REJECTED = "hookgate.rejected";
    /** Commands to the flow engine, keyed by contact. */
    public static final String FLOW_COMMANDS = "hookgate.flow.commands";
    /** Platform events delivered as outbound webhooks. */
    public static final String EVENTS = "hookgate.events";

    public static final List<String> ALL = List.of(INBOUND, INBOUND_DLQ, REJECTED, FLOW_COMMANDS, EVENTS);

    private Topics() {
    }
}
