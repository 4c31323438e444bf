package io.hookgate.dispatcher.flows;

import io.hookgate.model.Outcome;

import java.util.List;

/**
 * What flow processing adds to a record's history row: the contact, the runs started or resumed, and a
 * tag when the webhook led to no action ({@code IDENTIFIER_NOT_FOUND} with the sender's 202 kept).
 */
public record Annotation(Outcome outcome, String reason, String contactId, List<String> runIds) {
    public static final Annotation NONE = new Annotation(null, null, null, List.of());
}
