package io.hookgate.gateway.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookgate.model.AuthMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class BodyEventIdsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode read(String json) throws Exception {
        return JSON.readTree(json);
    }

    @ParameterizedTest(name = "{0} reads {1}")
    @CsvSource({"STRIPE, id", "PADDLE, notification_id", "SLACK, event_id"})
    void providersThatCarryTheEventIdInTheBodyAreRead(AuthMode mode, String field) throws Exception {
        assertThat(BodyEventIds.of(mode, read("{\"" + field + "\":\"evt_123\",\"other\":\"x\"}"))).isEqualTo("evt_123");
    }

    @ParameterizedTest
    @EnumSource(value = AuthMode.class, names = {"STRIPE", "PADDLE", "SLACK"}, mode = EnumSource.Mode.EXCLUDE)
    void otherModesNeverTakeAnIdFromTheBody(AuthMode mode) throws Exception {
        assertThat(BodyEventIds.of(mode, read("{\"id\":\"x\",\"notification_id\":\"y\",\"event_id\":\"z\"}"))).isNull();
    }

    @Test
    void anotherProvidersFieldIsNotRead() throws Exception {
        assertThat(BodyEventIds.of(AuthMode.STRIPE, read("{\"event_id\":\"Ev1\"}"))).isNull();
        assertThat(BodyEventIds.of(AuthMode.SLACK, read("{\"id\":\"evt_1\"}"))).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"id\":42}", "{\"id\":true}", "{\"id\":null}", "{\"id\":\"\"}", "{\"id\":{\"v\":\"evt\"}}",
            "{\"id\":[\"evt\"]}", "[{\"id\":\"evt\"}]", "\"evt\"", "{\"data\":{\"id\":\"nested\"}}"})
    void onlyANonEmptyTopLevelStringCounts(String body) throws Exception {
        assertThat(BodyEventIds.of(AuthMode.STRIPE, read(body))).isNull();
    }

    @Test
    void idsLongerThan200CharactersAreIgnored() throws Exception {
        assertThat(BodyEventIds.of(AuthMode.STRIPE, read("{\"id\":\"" + "e".repeat(200) + "\"}"))).hasSize(200);
        assertThat(BodyEventIds.of(AuthMode.STRIPE, read("{\"id\":\"" + "e".repeat(201) + "\"}"))).isNull();
    }
}
