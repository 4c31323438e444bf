package io.hookgate.model;

/** The body format a connection parses. */
public enum PayloadFormat {
    JSON,
    XML
}
