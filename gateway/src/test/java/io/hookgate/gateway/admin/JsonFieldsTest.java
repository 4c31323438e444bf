package io.hookgate.gateway.admin;

import io.hookgate.model.PayloadFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class JsonFieldsTest {

    private static ApiException refused(ThrowingCallable call) {
        ApiException e = catchThrowableOfType(ApiException.class, call);
        assertThat(e).as("refused with an ApiException").isNotNull();
        return e;
    }

    private static void assertValidation(ThrowingCallable call, String field, String message) {
        ApiException e = refused(call);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo("validation_failed");
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    @Test
    void absentAndNullFieldsReadAsNullForEveryType() {
        JsonObject json = new JsonObject().putNull("n");
        for (String key : new String[]{"n", "missing"}) {
            assertThat(JsonFields.string(json, key, key)).isNull();
            assertThat(JsonFields.integer(json, key, key, 0, 10)).isNull();
            assertThat(JsonFields.bool(json, key, key)).isNull();
            assertThat(JsonFields.object(json, key, key)).isNull();
            assertThat(JsonFields.array(json, key, key)).isNull();
            assertThat(JsonFields.enumValue(json, key, key, PayloadFormat.class)).isNull();
        }
    }

    @Test
    void valuesOfTheRightTypeAreReturnedAsIs() {
        JsonObject json = new JsonObject().put("s", " text ").put("i", 7).put("b", false)
                .put("o", new JsonObject().put("k", 1)).put("a", new JsonArray().add(1)).put("e", "xml");

        assertThat(JsonFields.string(json, "s", "s")).isEqualTo(" text ");
        assertThat(JsonFields.requiredString(json, "s", "s")).isEqualTo(" text ");
        assertThat(JsonFields.integer(json, "i", "i", 0, 10)).isEqualTo(7);
        assertThat(JsonFields.bool(json, "b", "b")).isFalse();
        assertThat(JsonFields.object(json, "o", "o")).isEqualTo(new JsonObject().put("k", 1));
        assertThat(JsonFields.array(json, "a", "a")).containsExactly(1);
        assertThat(JsonFields.enumValue(json, "e", "e", PayloadFormat.class)).isEqualTo(PayloadFormat.XML);
    }

    @Test
    void aRequiredStringThatIsMissingNamesTheField() {
        assertValidation(() -> JsonFields.requiredString(new JsonObject(), "name", "name"), "name", "name is required");
        assertValidation(() -> JsonFields.requiredString(new JsonObject().putNull("name"), "name", "name"), "name", "name is required");
    }

    @Test
    void theReportedFieldIsTheDottedOneNotTheKey() {
        assertValidation(() -> JsonFields.string(new JsonObject().put("mode", 1), "mode", "auth.mode"),
                "auth.mode", "auth.mode must be a string");
    }

    @Test
    void wrongTypesAreRefusedNamingTheField() {
        JsonObject json = new JsonObject().put("n", 1).put("s", "x").put("t", true).put("o", new JsonObject())
                .put("a", new JsonArray());

        assertValidation(() -> JsonFields.string(json, "n", "n"), "n", "n must be a string");
        assertValidation(() -> JsonFields.string(json, "o", "o"), "o", "o must be a string");
        assertValidation(() -> JsonFields.integer(json, "s", "s", 0, 9), "s", "s must be a whole number");
        assertValidation(() -> JsonFields.integer(json, "t", "t", 0, 9), "t", "t must be a whole number");
        assertValidation(() -> JsonFields.bool(json, "s", "s"), "s", "s must be true or false");
        assertValidation(() -> JsonFields.bool(json, "n", "n"), "n", "n must be true or false");
        assertValidation(() -> JsonFields.object(json, "a", "a"), "a", "a must be an object");
        assertValidation(() -> JsonFields.array(json, "o", "o"), "o", "o must be an array");
        assertValidation(() -> JsonFields.enumValue(json, "n", "n", PayloadFormat.class), "n", "n must be a string");
    }

    @Test
    void anUnknownEnumValueListsTheChoices() {
        assertValidation(() -> JsonFields.enumValue(new JsonObject().put("f", "yaml"), "f", "format", PayloadFormat.class),
                "format", "format must be one of [JSON, XML]");
        assertValidation(() -> JsonFields.enumValue(new JsonObject().put("f", ""), "f", "format", PayloadFormat.class),
                "format", "format must be one of [JSON, XML]");
        assertValidation(() -> JsonFields.enumValue(new JsonObject().put("f", " json"), "f", "format", PayloadFormat.class),
                "format", "format must be one of [JSON, XML]");
    }

    @Test
    void integersMustBeWholeAndWithinBounds() {
        assertThat(JsonFields.integer(new JsonObject().put("i", 1), "i", "i", 1, 5)).isEqualTo(1);
        assertThat(JsonFields.integer(new JsonObject().put("i", 5), "i", "i", 1, 5)).isEqualTo(5);
        assertThat(JsonFields.integer(new JsonObject().put("i", 3.0), "i", "i", 1, 5)).as("3.0 is whole").isEqualTo(3);

        assertValidation(() -> JsonFields.integer(new JsonObject().put("i", 0), "i", "i", 1, 5), "i", "i must be between 1 and 5");
        assertValidation(() -> JsonFields.integer(new JsonObject().put("i", 6), "i", "i", 1, 5), "i", "i must be between 1 and 5");
        assertValidation(() -> JsonFields.integer(new JsonObject().put("i", 2.5), "i", "i", 1, 5), "i", "i must be a whole number");
        assertValidation(() -> JsonFields.integer(new JsonObject().put("i", Long.MAX_VALUE), "i", "i", 1, 5),
                "i", "i must be between 1 and 5");
        assertValidation(() -> JsonFields.integer(new JsonObject().put("i", 2_147_483_648L), "i", "i", 1, Integer.MAX_VALUE),
                "i", "i must be between 1 and 2147483647");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1e400", "-1e400", "1e19", "9223372036854775808", "18446744073709551621", "-18446744073709551611",
            "36893488147419103237"})
    void hugeNumbersFromTheWireAreOutOfRange(String number) {
        JsonObject json = new JsonObject("{\"i\":" + number + "}");

        assertValidation(() -> JsonFields.integer(json, "i", "i", 1, 5), "i", "i must be between 1 and 5");
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class RequestBody {
        private AdminProbe probe;

        @BeforeAll
        void start() {
            probe = new AdminProbe(JsonFields::body);
        }

        @AfterAll
        void stop() {
            probe.close();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"{}", "{\"name\":\"x\",\"n\":[1,{}]}", " {\"a\":null} "})
        void aJsonObjectIsTheBody(String body) {
            HttpResponse<Buffer> response = probe.post("application/json", Buffer.buffer(body));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject(body));
        }

        @ParameterizedTest(name = "[{index}] ''{0}''")
        @ValueSource(strings = {"", "null", "[]", "[{}]", "\"text\"", "42", "true", "{", "not json", "{\"a\":1}}"})
        void anythingElseIs400WithoutAField(String body) {
            HttpResponse<Buffer> response = probe.post("application/json", Buffer.buffer(body));

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("error", new JsonObject()
                    .put("code", "validation_failed").put("message", "Request body must be a JSON object")));
        }
    }
}
