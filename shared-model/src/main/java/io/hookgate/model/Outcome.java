package io.hookgate.model;

/**
 * Every answer the ingest endpoint can give. The HTTP status lives here so that the gateway maps an
 * outcome to HTTP in exactly one place and the dispatcher can store the same status in history.
 */
public enum Outcome {
    ACCEPTED(202, "Accepted"),
    SAMPLE_CAPTURED(202, "Sample captured; not dispatched"),
    UNAUTHORIZED(401, "Authentication failed"),
    INVALID_JSON(400, "Body is not valid JSON"),
    INVALID_XML(400, "Body is not valid XML"),
    PAYLOAD_TOO_LARGE(413, "Body exceeds the connection's size limit"),
    /** Not in the public table: the request (head, then body) did not arrive within the request timeout. */
    REQUEST_TIMEOUT(408, "Request not received in time"),
    /** Not in the public table: request headers over the size or count limit. */
    HEADERS_TOO_LARGE(431, "Request headers too large"),
    /** Not in the public table: request line (method, URI, version) over the length limit. */
    URI_TOO_LONG(414, "Request URI too long"),
    /** Not in the public table: not well-formed HTTP (bad header bytes, broken chunked encoding, a body cut short). */
    MALFORMED_REQUEST(400, "Malformed HTTP request"),
    IDENTIFIER_NOT_FOUND(422, "Contact identifier not found in the payload"),
    TRIGGER_NOT_FOUND(404, "No active connection at this URL"),
    PROVIDER_MISMATCH(400, "Provider in the URL does not match the connection"),
    FORBIDDEN_IP(403, "Caller address is not allowed"),
    RATE_LIMITED(429, "Rate limit exceeded"),
    UNAVAILABLE(503, "Temporarily unavailable; retry later"),
    ERROR(500, "Internal error");

    private final int httpStatus;
    private final String defaultMessage;

    Outcome(int httpStatus, String defaultMessage) {
        this.httpStatus = httpStatus;
        this.defaultMessage = defaultMessage;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String defaultMessage() {
        return defaultMessage;
    }

    /** True for the outcomes after which the webhook was taken in (published or captured). */
    public boolean isSuccess() {
        return httpStatus < 300;
    }
}
