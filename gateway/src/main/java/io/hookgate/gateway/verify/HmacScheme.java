package io.hookgate.gateway.verify;

import java.time.Duration;
import java.util.List;

/**
 * A body-HMAC signature scheme described as data: where the signature is, how it is encoded, and which
 * bytes are signed. The generic {@code HMAC} mode and most provider presets are just instances of this.
 *
 * @param headers           signature header names, first present wins (lower case)
 * @param prefix            text before the encoded signature ({@code sha256=}), or null
 * @param prefixOptional    accept the signature with or without the prefix
 * @param entrySeparator    several signatures in one header, split by this (each with the prefix), or null
 * @param timestampHeader   header of the signed timestamp, or null
 * @param defaultTolerance  the window for that timestamp, or null for none
 * @param bodyTimestampField a top-level JSON body field holding a millisecond timestamp to check after the signature, or null
 * @param eventIdHeader     header with the provider's event id (for flow dedup), or null
 */
public record HmacScheme(
        List<String> headers,
        Crypto.HmacAlgorithm algorithm,
        Encoding encoding,
        String prefix,
        boolean prefixOptional,
        String entrySeparator,
        Signed signed,
        String timestampHeader,
        TimestampUnit timestampUnit,
        Duration defaultTolerance,
        String bodyTimestampField,
        String eventIdHeader) {

    public enum Encoding {
        HEX,
        BASE64
    }

    /** Which bytes the HMAC covers. */
    public enum Signed {
        BODY,
        /** Timestamp header text, then the body, no separator (Zendesk). */
        TIMESTAMP_THEN_BODY,
        /** Method, public URL (a few escapes decoded), body, timestamp, no separators (HubSpot v3). */
        METHOD_URI_BODY_TIMESTAMP
    }

    public enum TimestampUnit {
        SECONDS,
        MILLIS,
        ISO8601
    }

    public HmacScheme {
        headers = List.copyOf(headers);
        if (headers.isEmpty()) {
            throw new IllegalArgumentException("an HMAC scheme needs a signature header");
        }
    }

    /** A plain scheme: one header, HMAC of the body, optional prefix. */
    static HmacScheme body(String header, Crypto.HmacAlgorithm algorithm, Encoding encoding, String prefix, String eventIdHeader) {
        return new HmacScheme(List.of(header), algorithm, encoding, prefix, false, null, Signed.BODY, null, null, null, null, eventIdHeader);
    }
}
