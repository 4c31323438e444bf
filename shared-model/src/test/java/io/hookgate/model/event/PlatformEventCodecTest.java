package io.hookgate.model.event;

import io.hookgate.model.Environment;
import io.hookgate.model.Topics;
import io.hookgate.model.event.CloudEventsCodec.Header;
import io.hookgate.model.event.CloudEventsCodec.MalformedRecordException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

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

class PlatformEventCodecTest {
    private static final Instant TIME = Instant.parse("2026-11-24T10:15:30Z");

    private static PlatformEvent contactCreated() {
        return new PlatformEvent("evt_1", "contact.created", "org_1", Environment.TEST, TIME,
                "{\"contactId\":\"ctc_1\"}".getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> headerMap(List<Header> headers) {
        Map<String, String> out = new LinkedHashMap<>();
        headers.forEach(h -> out.put(h.key(), h.text()));
        return out;
    }

    private static List<Header> headersOf(Map<String, String> map) {
        List<Header> out = new ArrayList<>();
        map.forEach((k, v) -> out.add(new Header(k, v == null ? null : v.getBytes(StandardCharsets.UTF_8))));
        return out;
    }

    @Test
    void writesTheEventAsACloudEventOfItsOrganisation() {
        assertThat(headerMap(PlatformEventCodec.headers(contactCreated()))).containsExactly(
                Map.entry("ce_specversion", "1.0"),
                Map.entry("ce_id", "evt_1"),
                Map.entry("ce_source", "/hookgate/organisations/org_1"),
                Map.entry("ce_type", "contact.created"),
                Map.entry("ce_time", "2026-11-24T10:15:30Z"),
                Map.entry("content-type", "application/json"),
                Map.entry("ce_organisationid", "org_1"),
                Map.entry("ce_environment", "test"));
    }

    @Test
    void roundTripsEveryField() {
        PlatformEvent original = contactCreated();

        PlatformEvent decoded = PlatformEventCodec.decode(PlatformEventCodec.headers(original), original.data());

        assertThat(decoded).usingRecursiveComparison().isEqualTo(original);
    }

    @Test
    void aNullValueDecodesAsEmptyData() {
        assertThat(PlatformEventCodec.decode(PlatformEventCodec.headers(contactCreated()), null).data()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedEventsAreRefused(String why, Map<String, String> headers, String message) {
        assertThatThrownBy(() -> PlatformEventCodec.decode(headersOf(headers), new byte[0]))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining(message);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                arguments("no specversion", without("ce_specversion"), "not a CloudEvents 1.0"),
                arguments("specversion 2.0", with("ce_specversion", "2.0"), "not a CloudEvents 1.0"),
                arguments("specversion null-valued", with("ce_specversion", null), "not a CloudEvents 1.0"),
                arguments("no id", without("ce_id"), "missing ce_id"),
                arguments("empty id", with("ce_id", ""), "missing ce_id"),
                arguments("no type", without("ce_type"), "missing ce_type"),
                arguments("no organisation", without("ce_organisationid"), "missing ce_organisationid"),
                arguments("no environment", without("ce_environment"), "missing ce_environment"),
                arguments("no time", without("ce_time"), "missing ce_time"),
                arguments("unknown environment", with("ce_environment", "prod"), "unreadable event"),
                arguments("unreadable time", with("ce_time", "10:15"), "unreadable event"),
                arguments("type not dotted", with("ce_type", "contactcreated"), "unreadable event"),
                arguments("type upper-case", with("ce_type", "Contact.Created"), "unreadable event"),
                arguments("type too deep", with("ce_type", "a.b.c.d.e"), "unreadable event"));
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> h = headerMap(PlatformEventCodec.headers(contactCreated()));
        h.put(key, value);
        return h;
    }

    private static Map<String, String> without(String key) {
        Map<String, String> h = headerMap(PlatformEventCodec.headers(contactCreated()));
        h.remove(key);
        return h;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"contact.created", "flow.started", "flow.order_shipped", "a.b.c.d", "x1.y2"})
    void eventTypesAreLowerCaseDottedNames(String type) {
        assertThat(new PlatformEvent("evt", type, "org", Environment.LIVE, TIME, new byte[0]).type()).isEqualTo(type);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "contact", "contact.", ".created", "flow.Order", "flow.1st", "a.b.c.d.e", "flow.order-shipped", "flow..x"})
    void otherEventTypesAreRefused(String type) {
        assertThatThrownBy(() -> new PlatformEvent("evt", type, "org", Environment.LIVE, TIME, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anOutboxMessageOfAnEventGoesToTheEventsTopicKeyedByOrganisation() {
        OutboxMessage message = OutboxMessage.of(contactCreated());

        assertThat(message.topic()).isEqualTo(Topics.EVENTS);
        assertThat(message.key()).isEqualTo("org_1");
        assertThat(message.payload()).isEqualTo(contactCreated().data());
    }

    @Test
    void outboxHeadersRoundTripThroughTheirJsonForm() throws Exception {
        OutboxMessage message = OutboxMessage.of(contactCreated());
        @SuppressWarnings("unchecked")
        Map<String, Object> json = new com.fasterxml.jackson.databind.ObjectMapper().readValue(message.headersJson(), Map.class);

        List<Header> restored = OutboxMessage.headersFrom(json);

        assertThat(PlatformEventCodec.decode(restored, message.payload())).usingRecursiveComparison().isEqualTo(contactCreated());
    }
}
