package io.hookgate.model.payload;

import io.hookgate.model.PayloadFormat;
import io.hookgate.model.contact.ContactKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a JSON body must be before anything looks inside it, and which paths may look. */
class PayloadStrictnessTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"UTF-16LE", "UTF-16BE", "UTF-16", "UTF-32LE", "UTF-32BE"})
    void jsonInAnotherUnicodeEncodingIsInvalidUtf8(String charset) {
        byte[] body = "{\"a\":\"b\"}".getBytes(Charset.forName(charset));

        assertThatThrownBy(() -> Payload.json(body)).isInstanceOfSatisfying(Payload.PayloadParseException.class,
                e -> assertThat(e.reason()).isEqualTo("invalid_utf8"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "7b2261223a22c0af227d",       // overlong '/'
            "7b2261223a22e080af227d",     // three-byte overlong '/'
            "7b2261223a22eda080227d",     // encoded high surrogate
            "7b2261223a22edbfbf227d",     // encoded low surrogate
            "7b2261223a22f4908080227d",   // above U+10FFFF
            "7b2261223a22f8888080227d",   // five-byte form
            "7b2261223a2280227d",         // lone continuation byte
            "7b2261223a22e282227d",       // truncated three-byte sequence
            "7b2261223a22ff227d",         // never valid
            "7b2261223a22c3"})            // body cut inside a sequence
    void malformedUtf8IsRefusedBeforeParsing(String hex) {
        byte[] body = HexFormat.of().parseHex(hex);

        assertThatThrownBy(() -> Payload.json(body)).isInstanceOfSatisfying(Payload.PayloadParseException.class,
                e -> assertThat(e.reason()).isEqualTo("invalid_utf8"));
    }

    @Test
    void aUtf8ByteOrderMarkIsSkipped() {
        byte[] body = HexFormat.of().parseHex("efbbbf7b2261223a22c3a9227d");

        assertThat(Payload.json(body).tree().get("a").asText()).isEqualTo("é");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"efbbbfefbbbf7b2261223a2262227d", "efbbbf20efbbbf7b2261223a2262227d", "7b2261223a2262227defbbbf"})
    void aByteOrderMarkAnywhereButTheVeryStartIsMalformed(String hex) {
        byte[] body = HexFormat.of().parseHex(hex);

        assertThatThrownBy(() -> Payload.json(body)).isInstanceOfSatisfying(Payload.PayloadParseException.class,
                e -> assertThat(e.reason()).isEqualTo("malformed_json"));
    }

    @Test
    void nestingUpToTheLimitParsesAndOneMoreLevelIsMalformed() {
        assertThat(Payload.json(nested(Payload.MAX_DEPTH)).tree()).isNotNull();
        assertThatThrownBy(() -> Payload.json(nested(Payload.MAX_DEPTH + 1)))
                .isInstanceOfSatisfying(Payload.PayloadParseException.class, e -> assertThat(e.reason()).isEqualTo("malformed_json"));
    }

    @Test
    void numbersUpToAThousandDigitsParseAndLongerOnesAreMalformed() {
        assertThat(Payload.json(("{\"n\":" + "9".repeat(1000) + "}").getBytes(StandardCharsets.UTF_8)).tree().get("n").isNumber()).isTrue();
        assertThatThrownBy(() -> Payload.json(("{\"n\":" + "9".repeat(1001) + "}").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(Payload.PayloadParseException.class, e -> assertThat(e.reason()).isEqualTo("malformed_json"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"$[?(@.a =~ /(a+)+$/)]", "$.items[?(@.price > 10)].id", "$.items[(@.length-1)]",
            "$.a.length()", "$..book[?(@.isbn)]", "a\u0000b", "$.a\nb"})
    void pathsThatRunExpressionsAreRefused(String path) {
        assertThatThrownBy(() -> Payload.validatePath(PayloadFormat.JSON, path)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"$.data.email", "order.id", "$.items[0].sku", "$['we?ird (key)']", "$..email", "$.items[*].id",
            "$[\"a=b\"]", "$.items[0:2]"})
    void navigationPathsAreAccepted(String path) {
        Payload.validatePath(PayloadFormat.JSON, path);
    }

    @Test
    void identifiersWithControlCharactersAreNoIdentifiers() {
        assertThat(ContactKeys.email("a\u0000b@example.com")).isEmpty();
        assertThat(ContactKeys.id("us\u0000er")).isEmpty();
        assertThat(ContactKeys.id("\ud800x")).isEmpty();
        assertThat(ContactKeys.id("user-1")).contains("user-1");
    }

    private static byte[] nested(int depth) {
        return ("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.UTF_8);
    }
}
