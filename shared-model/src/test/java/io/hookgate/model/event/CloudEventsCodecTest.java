package io.hookgate.model.event;

import io.hookgate.model.Environment;
import io.hookgate.model.Outcome;
import io.hookgate.model.event.CloudEventsCodec.Header;
import io.hookgate.model.event.CloudEventsCodec.MalformedRecordException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class CloudEventsCodecTest {
    private static final Instant RECEIVED = Instant.parse("2026-11-24T10:15:30.123456Z");

    private static IngestRecord accepted() {
        return new IngestRecord("rec_1", "req_1", "con_1", "org_1", Environment.LIVE, RECEIVED, Outcome.ACCEPTED, null,
                "application/json", Map.of("content-type", List.of("application/json"), "x-multi", List.of("a", "b")),
                "{\"type\":\"invoice.paid\"}".getBytes(StandardCharsets.UTF_8), "evt_42", 17);
    }

    private static Map<String, String> headerMap(List<Header> headers) {
        Map<String, String> out = new LinkedHashMap<>();
        headers.forEach(h -> out.put(h.key(), h.text()));
        return out;
    }

    /** ce_time is written by hand (it runs for every webhook): its text must stay Instant.toString's, to the digit. */
    @ParameterizedTest
    @MethodSource("instants")
    void writesTheTimeAsInstantWritesIt(Instant time) {
        assertThat(CloudEventsCodec.timeText(time)).isEqualTo(time.toString());
    }

    static Stream<Instant> instants() {
        java.util.Random random = new java.util.Random(20261207);
        Stream<Instant> edges = Stream.of("1970-01-01T00:00:00Z", "1970-01-01T00:00:00.000000001Z", "1969-12-31T23:59:59.999Z",
                "2026-12-07T11:15:24Z", "2026-12-07T11:15:24.100Z", "2026-12-07T11:15:24.000100Z", "2026-12-07T11:15:24.120000001Z",
                "2028-02-29T23:59:59.999999999Z", "9999-12-31T23:59:59.999999999Z", "+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z")
                .map(Instant::parse);
        // Random instants across 1970–9999, with their nanos cut to seconds, millis, micros or kept whole.
        Stream<Instant> randoms = Stream.generate(() -> {
            long seconds = Math.floorMod(random.nextLong(), 253_402_300_800L);
            int nanos = random.nextInt(1_000_000_000);
            int cut = new int[]{1_000_000_000, 1_000_000, 1_000, 1}[random.nextInt(4)];
            return Instant.ofEpochSecond(seconds, nanos / cut * cut % 1_000_000_000);
        }).limit(500);
        return Stream.concat(edges, randoms);
    }

    /** ce_httpheaders is written by the streaming generator: the same bytes the mapper wrote, escapes included. */
    @Test
    void writesTheHttpHeadersAsTheMapperWould() throws Exception {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("content-type", List.of("application/json"));
        headers.put("x-quoted", List.of("a \"quoted\" \\ value", "second"));
        headers.put("x-control", List.of("tab\there\u0001\u001f"));
        headers.put("x-unicode", List.of("caf\u00e9 \u2603 \ud83d\ude00"));
        headers.put("x-empty", List.of(""));
        IngestRecord record = new IngestRecord("rec_1", "req_1", "con_1", "org_1", Environment.LIVE, RECEIVED, Outcome.ACCEPTED,
                null, "application/json", headers, new byte[0], null, 0);

        byte[] written = CloudEventsCodec.headers(record).stream().filter(h -> h.key().equals("ce_httpheaders"))
                .findFirst().orElseThrow().value();

        assertThat(new String(written, StandardCharsets.UTF_8))
                .isEqualTo(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(headers));
        assertThat(CloudEventsCodec.decode(CloudEventsCodec.headers(record), new byte[0]).headers()).isEqualTo(headers);
    }

    @Test
    void writesTheContractAttributesAsBinaryModeHeaders() {
        Map<String, String> h = headerMap(CloudEventsCodec.headers(accepted()));

        assertThat(h).containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_id", "rec_1")
                .containsEntry("ce_source", "/hookgate/connections/con_1")
                .containsEntry("ce_type", "io.hookgate.webhook.accepted")
                .containsEntry("ce_time", "2026-11-24T10:15:30.123456Z")
                .containsEntry("content-type", "application/json")
                .containsEntry("ce_requestid", "req_1")
                .containsEntry("ce_connectionid", "con_1")
                .containsEntry("ce_organisationid", "org_1")
                .containsEntry("ce_environment", "live")
                .containsEntry("ce_outcome", "ACCEPTED")
                .containsEntry("ce_eventid", "evt_42")
                .containsEntry("ce_durationms", "17")
                .doesNotContainKey("ce_reason");
        assertThat(h.keySet()).filteredOn(k -> k.startsWith("ce_") && !k.equals("ce_specversion"))
                .allSatisfy(k -> assertThat(k.substring(3)).matches("[a-z0-9]+"));
    }

    @Test
    void roundTripsEveryField() {
        IngestRecord original = accepted();

        IngestRecord decoded = CloudEventsCodec.decode(CloudEventsCodec.headers(original), original.payload());

        assertThat(decoded).usingRecursiveComparison().isEqualTo(original);
    }

    @Test
    void roundTripsARejectionOfAnUnknownConnectionWithoutOptionalAttributes() {
        IngestRecord original = new IngestRecord("rec_2", "req_2", "con_missing", null, null, RECEIVED,
                Outcome.TRIGGER_NOT_FOUND, "unknown_connection", null, null, null, null, 0);

        List<Header> headers = CloudEventsCodec.headers(original);
        IngestRecord decoded = CloudEventsCodec.decode(headers, new byte[0]);

        assertThat(headerMap(headers)).doesNotContainKeys("ce_organisationid", "ce_environment", "content-type", "ce_eventid")
                .containsEntry("ce_type", "io.hookgate.webhook.rejected")
                .containsEntry("ce_reason", "unknown_connection");
        assertThat(decoded).usingRecursiveComparison().isEqualTo(original);
        assertThat(decoded.accepted()).isFalse();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("types")
    void typeSaysAcceptedCapturedOrRejected(Outcome outcome, String type) {
        IngestRecord record = new IngestRecord("rec", "req", "con", null, null, RECEIVED, outcome, null, null, null, null, null, 0);

        assertThat(headerMap(CloudEventsCodec.headers(record))).containsEntry("ce_type", type);
    }

    static Stream<Arguments> types() {
        return Stream.of(Outcome.values()).map(o -> arguments(o, switch (o) {
            case ACCEPTED -> CloudEventsCodec.TYPE_ACCEPTED;
            case SAMPLE_CAPTURED -> CloudEventsCodec.TYPE_CAPTURED;
            default -> CloudEventsCodec.TYPE_REJECTED;
        }));
    }

    @Test
    void theBodyTravelsAsTheValueByteForByte() {
        byte[] binary = {0, (byte) 0xff, (byte) 0xc3, 0x28, '\n'};
        IngestRecord record = new IngestRecord("rec", "req", "con", null, null, RECEIVED, Outcome.ACCEPTED, null,
                "application/octet-stream", null, binary, null, 0);

        assertThat(CloudEventsCodec.decode(CloudEventsCodec.headers(record), binary).payload()).isEqualTo(binary);
    }

    @Test
    void headerValuesWithUnicodeAndQuotesSurviveTheJsonHeaderMap() {
        Map<String, List<String>> headers = Map.of("user-agent", List.of("Bot \"ü\" 🚀", ""), "x-empty", List.of());
        IngestRecord record = new IngestRecord("rec", "req", "con", null, null, RECEIVED, Outcome.ACCEPTED, null, null,
                headers, null, null, 0);

        assertThat(CloudEventsCodec.decode(CloudEventsCodec.headers(record), null).headers()).isEqualTo(headers);
    }

    @Test
    void unknownHeadersAndNullValuedHeadersAreIgnored() {
        List<Header> headers = new ArrayList<>(CloudEventsCodec.headers(accepted()));
        headers.add(new Header("traceparent", "00-abc".getBytes(StandardCharsets.UTF_8)));
        headers.add(new Header("ce_reason", null));

        assertThat(CloudEventsCodec.decode(headers, new byte[0]).reason()).isNull();
    }

    @Test
    void environmentIsReadCaseInsensitively() {
        assertThat(CloudEventsCodec.decode(Scenario.valid().with("ce_environment", "TEST").headers(), null).environment())
                .isEqualTo(Environment.TEST);
    }

    @Test
    void aMissingDurationReadsAsZero() {
        assertThat(CloudEventsCodec.decode(Scenario.valid().without("ce_durationms").headers(), null).durationMs()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedRecordsAreRefusedWithAReason(String why, Scenario scenario, String message) {
        assertThatThrownBy(() -> CloudEventsCodec.decode(scenario.headers(), new byte[0]))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining(message);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                arguments("no specversion", Scenario.valid().without("ce_specversion"), "not a CloudEvents 1.0"),
                arguments("specversion 0.3", Scenario.valid().with("ce_specversion", "0.3"), "not a CloudEvents 1.0"),
                arguments("specversion null-valued", Scenario.valid().nullValued("ce_specversion"), "not a CloudEvents 1.0"),
                arguments("no headers at all", Scenario.empty(), "not a CloudEvents 1.0"),
                arguments("no id", Scenario.valid().without("ce_id"), "missing ce_id"),
                arguments("empty id", Scenario.valid().with("ce_id", ""), "missing ce_id"),
                arguments("no request id", Scenario.valid().without("ce_requestid"), "missing ce_requestid"),
                arguments("no connection id", Scenario.valid().without("ce_connectionid"), "missing ce_connectionid"),
                arguments("no time", Scenario.valid().without("ce_time"), "missing ce_time"),
                arguments("no outcome", Scenario.valid().without("ce_outcome"), "missing ce_outcome"),
                arguments("unreadable time", Scenario.valid().with("ce_time", "yesterday"), "unreadable attribute"),
                arguments("time without zone", Scenario.valid().with("ce_time", "2026-11-24T10:15:30"), "unreadable attribute"),
                arguments("unknown outcome", Scenario.valid().with("ce_outcome", "MAYBE"), "unreadable attribute"),
                arguments("lower-case outcome", Scenario.valid().with("ce_outcome", "accepted"), "unreadable attribute"),
                arguments("unknown environment", Scenario.valid().with("ce_environment", "staging"), "unreadable attribute"),
                arguments("empty environment", Scenario.valid().with("ce_environment", ""), "unreadable attribute"),
                arguments("duration not a number", Scenario.valid().with("ce_durationms", "12ms"), "unreadable attribute"),
                arguments("headers not JSON", Scenario.valid().with("ce_httpheaders", "{not json"), "unreadable ce_httpheaders"),
                arguments("headers an array", Scenario.valid().with("ce_httpheaders", "[1,2]"), "unreadable ce_httpheaders"),
                arguments("header values not lists", Scenario.valid().with("ce_httpheaders", "{\"a\":\"b\"}"), "unreadable ce_httpheaders"),
                arguments("header values of objects", Scenario.valid().with("ce_httpheaders", "{\"a\":[{}]}"), "unreadable ce_httpheaders"));
    }

    /** The headers of a valid record, with one thing broken at a time. */
    record Scenario(Map<String, String> values, String label) {
        static Scenario valid() {
            return new Scenario(headerMap(CloudEventsCodec.headers(accepted())), "valid");
        }

        static Scenario empty() {
            return new Scenario(new LinkedHashMap<>(), "empty");
        }

        Scenario with(String key, String value) {
            Map<String, String> copy = new LinkedHashMap<>(values);
            copy.put(key, value);
            return new Scenario(copy, label + " " + key + "=" + value);
        }

        Scenario without(String key) {
            Map<String, String> copy = new LinkedHashMap<>(values);
            copy.remove(key);
            return new Scenario(copy, label + " -" + key);
        }

        Scenario nullValued(String key) {
            return with(key, null);
        }

        List<Header> headers() {
            List<Header> out = new ArrayList<>();
            values.forEach((k, v) -> out.add(new Header(k, v == null ? null : v.getBytes(StandardCharsets.UTF_8))));
            return out;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    @Test
    void sourceNamesTheConnection() {
        assertThat(CloudEventsCodec.sourceOf("con_x")).isEqualTo("/hookgate/connections/con_x");
    }
}
