package io.hookgate.model.event;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookgate.model.Environment;
import io.hookgate.model.Outcome;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps an {@link IngestRecord} to and from a Kafka record in CloudEvents 1.0 <em>binary mode</em>: the
 * attributes travel as {@code ce_*} headers, the webhook body is the record value unchanged, and
 * {@code content-type} carries its media type. Any CloudEvents Kafka SDK can read these records.
 */
public final class CloudEventsCodec {
    public static final String TYPE_ACCEPTED = "io.hookgate.webhook.accepted";
    public static final String TYPE_REJECTED = "io.hookgate.webhook.rejected";
    public static final String TYPE_CAPTURED = "io.hookgate.webhook.captured";

    static final String SPECVERSION = "ce_specversion";
    static final String ID = "ce_id";
    static final String SOURCE = "ce_source";
    static final String TYPE = "ce_type";
    static final String TIME = "ce_time";
    static final String CONTENT_TYPE = "content-type";
    // Extension attributes: lower-case alphanumerics only, as the spec requires.
    static final String REQUEST_ID = "ce_requestid";
    static final String CONNECTION = "ce_connectionid";
    static final String ORGANISATION = "ce_organisationid";
    static final String ENVIRONMENT = "ce_environment";
    static final String OUTCOME = "ce_outcome";
    static final String REASON = "ce_reason";
    static final String EVENT_ID = "ce_eventid";
    static final String DURATION = "ce_durationms";
    static final String HEADERS = "ce_httpheaders";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Characters beyond the BMP written as themselves in UTF-8, as a mapper writing to a String did (not as escaped surrogates). */
    private static final JsonFactory HEADER_WRITER = JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();
    private static final TypeReference<LinkedHashMap<String, List<String>>> HEADER_MAP = new TypeReference<>() {
    };

    private CloudEventsCodec() {
    }

    /** A Kafka header: name and raw value. */
    public record Header(String key, byte[] value) {
        public String text() {
            return new String(value, StandardCharsets.UTF_8);
        }
    }

    public static String sourceOf(String connectionId) {
        return "/hookgate/connections/" + connectionId;
    }

    /** Where {@link #write} puts each header: a Kafka record's own headers, without a list in between. */
    @FunctionalInterface
    public interface HeaderSink {
        void add(String key, byte[] value);
    }

    public static List<Header> headers(IngestRecord record) {
        List<Header> out = new ArrayList<>(15);
        write(record, (key, value) -> out.add(new Header(key, value)));
        return out;
    }

    /** The record's headers, in order; an absent optional attribute is no header at all. */
    public static void write(IngestRecord record, HeaderSink out) {
        add(out, SPECVERSION, "1.0");
        add(out, ID, record.recordId());
        add(out, SOURCE, sourceOf(record.connectionId()));
        add(out, TYPE, switch (record.outcome()) {
            case ACCEPTED -> TYPE_ACCEPTED;
            case SAMPLE_CAPTURED -> TYPE_CAPTURED;
            default -> TYPE_REJECTED;
        });
        add(out, TIME, timeText(record.receivedAt()));
        add(out, CONTENT_TYPE, record.contentType());
        add(out, REQUEST_ID, record.requestId());
        add(out, CONNECTION, record.connectionId());
        add(out, ORGANISATION, record.organisationId());
        add(out, ENVIRONMENT, record.environment() == null ? null : record.environment().wireName());
        add(out, OUTCOME, record.outcome().name());
        add(out, REASON, record.reason());
        add(out, EVENT_ID, record.eventId());
        add(out, DURATION, Long.toString(record.durationMs()));
        out.add(HEADERS, headersJson(record.headers()));
    }

    /**
     * {@link Instant#toString()}'s text (RFC 3339 in UTC, with 0, 3, 6 or 9 fraction digits), written without
     * its general formatter: this runs for every webhook, and the formatter cost about a microsecond.
     */
    static String timeText(Instant time) {
        long seconds = time.getEpochSecond();
        if (seconds < 0 || seconds >= 253_402_300_800L) { // outside 1970–9999: the general form
            return time.toString();
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        int nanos = time.getNano();
        StringBuilder out = new StringBuilder(30);
        digits(out, t.getYear(), 4).append('-');
        digits(out, t.getMonthValue(), 2).append('-');
        digits(out, t.getDayOfMonth(), 2).append('T');
        digits(out, t.getHour(), 2).append(':');
        digits(out, t.getMinute(), 2).append(':');
        digits(out, t.getSecond(), 2);
        if (nanos != 0) {
            out.append('.');
            if (nanos % 1_000_000 == 0) {
                digits(out, nanos / 1_000_000, 3);
            } else if (nanos % 1_000 == 0) {
                digits(out, nanos / 1_000, 6);
            } else {
                digits(out, nanos, 9);
            }
        }
        return out.append('Z').toString();
    }

    private static StringBuilder digits(StringBuilder out, int value, int width) {
        String text = Integer.toString(value);
        for (int pad = width - text.length(); pad > 0; pad--) {
            out.append('0');
        }
        return out.append(text);
    }

    /**
     * Rebuilds the record from Kafka headers and value.
     *
     * @throws MalformedRecordException when a required attribute is missing or unreadable
     */
    public static IngestRecord decode(Iterable<Header> headers, byte[] value) {
        Map<String, String> h = new LinkedHashMap<>();
        for (Header header : headers) {
            if (header.value() != null) {
                h.put(header.key(), header.text());
            }
        }
        if (!"1.0".equals(h.get(SPECVERSION))) {
            throw new MalformedRecordException("not a CloudEvents 1.0 binary-mode record");
        }
        try {
            String env = h.get(ENVIRONMENT);
            return new IngestRecord(
                    required(h, ID),
                    required(h, REQUEST_ID),
                    required(h, CONNECTION),
                    h.get(ORGANISATION),
                    env == null ? null : Environment.valueOf(env.toUpperCase(java.util.Locale.ROOT)),
                    Instant.parse(required(h, TIME)),
                    Outcome.valueOf(required(h, OUTCOME)),
                    h.get(REASON),
                    h.get(CONTENT_TYPE),
                    readHeaders(h.get(HEADERS)),
                    value,
                    h.get(EVENT_ID),
                    h.containsKey(DURATION) ? Long.parseLong(h.get(DURATION)) : 0L);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new MalformedRecordException("unreadable attribute: " + e.getMessage());
        }
    }

    private static String required(Map<String, String> h, String key) {
        String v = h.get(key);
        if (v == null || v.isEmpty()) {
            throw new MalformedRecordException("missing " + key);
        }
        return v;
    }

    private static void add(HeaderSink out, String key, String value) {
        if (value != null) {
            out.add(key, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The request's headers as a JSON object of arrays, in UTF-8, written by the streaming generator (no mapper lookups). */
    private static byte[] headersJson(Map<String, List<String>> headers) {
        ByteArrayBuilder bytes = new ByteArrayBuilder(256);
        try (JsonGenerator json = HEADER_WRITER.createGenerator(bytes, JsonEncoding.UTF8)) {
            json.writeStartObject();
            for (Map.Entry<String, List<String>> header : headers.entrySet()) {
                json.writeArrayFieldStart(header.getKey());
                for (String value : header.getValue()) {
                    json.writeString(value);
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory does not fail", e);
        }
        return bytes.toByteArray();
    }

    private static Map<String, List<String>> readHeaders(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, HEADER_MAP);
        } catch (JsonProcessingException e) {
            throw new MalformedRecordException("unreadable " + HEADERS);
        }
    }

    /** A record on a Hookgate topic that does not follow the contract. */
    public static final class MalformedRecordException extends RuntimeException {
        public MalformedRecordException(String message) {
            super(message);
        }
    }
}
