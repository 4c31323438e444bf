package io.hookgate.model;

/** What kind of contact identifier a connection extracts from each payload. */
public enum IdentifierType {
    CHANNEL_USER_ID,
    PHONE,
    EMAIL,
    CHAT_ID
}
