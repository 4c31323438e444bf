package io.hookgate.model.event;

import io.hookgate.model.Environment;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@link PlatformEvent} as a CloudEvents 1.0 binary-mode Kafka record: {@code ce_type} is the event type,
 * {@code ce_source} the organisation, the value the JSON data. Keyed by organisation so an organisation's
 * events keep their order.
 */
public final class PlatformEventCodec {
    private PlatformEventCodec() {
    }

    public static String sourceOf(String organisationId) {
        return "/hookgate/organisations/" + organisationId;
    }

    public static List<CloudEventsCodec.Header> headers(PlatformEvent e) {
        List<CloudEventsCodec.Header> out = new ArrayList<>(8);
        add(out, "ce_specversion", "1.0");
        add(out, "ce_id", e.id());
        add(out, "ce_source", sourceOf(e.organisationId()));
        add(out, "ce_type", e.type());
        add(out, "ce_time", e.time().toString());
        add(out, "content-type", "application/json");
        add(out, "ce_organisationid", e.organisationId());
        add(out, "ce_environment", e.environment().wireName());
        return out;
    }

    public static PlatformEvent decode(Iterable<CloudEventsCodec.Header> headers, byte[] value) {
        Map<String, String> h = new LinkedHashMap<>();
        for (CloudEventsCodec.Header header : headers) {
            if (header.value() != null) {
                h.put(header.key(), header.text());
            }
        }
        if (!"1.0".equals(h.get("ce_specversion"))) {
            throw new CloudEventsCodec.MalformedRecordException("not a CloudEvents 1.0 binary-mode record");
        }
        try {
            return new PlatformEvent(required(h, "ce_id"), required(h, "ce_type"), required(h, "ce_organisationid"),
                    Environment.valueOf(required(h, "ce_environment").toUpperCase(Locale.ROOT)),
                    Instant.parse(required(h, "ce_time")), value == null ? new byte[0] : value);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new CloudEventsCodec.MalformedRecordException("unreadable event: " + e.getMessage());
        }
    }

    private static String required(Map<String, String> h, String key) {
        String v = h.get(key);
        if (v == null || v.isEmpty()) {
            throw new CloudEventsCodec.MalformedRecordException("missing " + key);
        }
        return v;
    }

    private static void add(List<CloudEventsCodec.Header> out, String key, String value) {
        out.add(new CloudEventsCodec.Header(key, value.getBytes(StandardCharsets.UTF_8)));
    }
}
