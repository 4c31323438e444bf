package io.hookgate.dispatcher.flows;

import io.hookgate.model.PayloadFormat;

import java.util.List;

/**
 * What the dispatcher needs to know about a connection to act on its webhooks: where the contact
 * identifier is, whether to create missing contacts, which flows it triggers, and its schema's paths
 * (the flow variables).
 */
record ConnectionContext(
        String id,
        String organisationId,
        String environment,
        PayloadFormat format,
        String identifierType,
        String identifierPath,
        String identifierChannel,
        boolean createMissingContacts,
        List<Trigger> triggers,
        List<String> schemaPaths) {

    record Trigger(String id, String flowId, String action, String correlationPath) {
        boolean starts() {
            return "START".equals(action);
        }
    }

    boolean hasWork() {
        return identifierType != null || !triggers.isEmpty();
    }
}
