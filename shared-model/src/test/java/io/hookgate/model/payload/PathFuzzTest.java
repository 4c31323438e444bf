package io.hookgate.model.payload;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hookgate.model.PayloadFormat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing (Jazzer) of what turns a sender's body and a tenant's path into a value:
 * {@link Payload#json}/{@link Payload#xml}, {@link Payload#validatePath} and {@link Payload#scalar}.
 * Regression mode (seeds only) in {@code mvn verify}; {@code JAZZER_FUZZ=1} to explore.
 */
class PathFuzzTest {
    private static final Set<String> REASONS = Set.of("empty_body", "invalid_utf8", "malformed_json", "doctype_forbidden",
            "too_deep", "malformed_xml");

    @FuzzTest(maxDuration = "60s")
    void anyPathOnAnyBodyIsRefusedUpFrontOrEvaluatesWithoutThrowing(FuzzedDataProvider data) {
        PayloadFormat format = data.consumeBoolean() ? PayloadFormat.XML : PayloadFormat.JSON;
        String path = data.consumeString(120);
        byte[] body = data.consumeRemainingAsBytes();
        boolean valid;
        try {
            Payload.validatePath(format, path);
            valid = true;
        } catch (IllegalArgumentException refused) {
            valid = false;
        }
        Payload payload;
        try {
            payload = Payload.parse(format, body);
        } catch (Payload.PayloadParseException e) {
            assertThat(REASONS).contains(e.reason());
            return;
        }
        Optional<String> value = payload.scalar(path);
        value.ifPresent(v -> assertThat(v).isNotEmpty());
        if (!valid && format == PayloadFormat.JSON) {
            assertThat(value).as("a refused JSON path never yields a value").isEmpty();
        }
    }

    @FuzzTest(maxDuration = "60s")
    void acceptedJsonIsAlwaysStrictUtf8(byte[] body) {
        try {
            Payload.json(body);
        } catch (Payload.PayloadParseException e) {
            assertThat(REASONS).contains(e.reason());
            return;
        }
        int start = body.length >= 3 && (body[0] & 0xff) == 0xef && (body[1] & 0xff) == 0xbb && (body[2] & 0xff) == 0xbf ? 3 : 0;
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body, start, body.length - start));
        } catch (CharacterCodingException e) {
            throw new AssertionError("accepted a body that is not UTF-8", e);
        }
    }
}
