package io.hookgate.dispatcher.flows;

/**
 * A normalised contact identifier within one organisation and environment: an e-mail (lower case), a
 * phone (E.164), a chat id, or a channel user id (with its channel).
 */
record ContactKey(String organisationId, String environment, String type, String value, String channel) {
}
