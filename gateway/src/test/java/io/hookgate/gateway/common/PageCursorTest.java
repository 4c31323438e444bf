package io.hookgate.gateway.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class PageCursorTest {
    private static final Instant AT = Instant.parse("2026-11-24T10:15:30.123456789Z");

    private static String encoded(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void decodesWhatItEncoded() {
        PageCursor cursor = new PageCursor(AT, "req_ABCDEFGHIJKLMNOPQRSTUVWX");

        assertThat(PageCursor.decode(cursor.encode())).hasValue(cursor);
    }

    @Test
    void idsWithTheSeparatorOrUnicodeRoundTrip() {
        PageCursor cursor = new PageCursor(AT, "a|b|ü 🚀");

        assertThat(PageCursor.decode(cursor.encode())).hasValue(cursor);
    }

    @Test
    void theEncodingIsUrlSafeWithoutPadding() {
        for (int length = 1; length < 40; length++) {
            assertThat(new PageCursor(AT, "?".repeat(length) + ">>").encode()).matches("[A-Za-z0-9_-]+");
        }
    }

    @Test
    void theEncodingIsOpaque() {
        assertThat(new PageCursor(AT, "con_secretish").encode()).doesNotContain("con_").doesNotContain("2026");
    }

    @Test
    void aPaddedEncodingIsAlsoAccepted() {
        PageCursor cursor = new PageCursor(AT, "x");
        String padded = Base64.getUrlEncoder().encodeToString(("" + AT + "|x").getBytes(StandardCharsets.UTF_8));

        assertThat(PageCursor.decode(padded)).hasValue(cursor);
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {"", "!!!", "not a cursor", "a+b/c==", "====", "%41%42"})
    void textThatIsNotBase64UrlIsNotACursor(String text) {
        assertThat(PageCursor.decode(text)).isEmpty();
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"no separator", "|req_1", "2026-11-24T10:15:30Z|", "yesterday|req_1", "2026-11-24|req_1",
            "2026-11-24T10:15:30|req_1", "|", "||"})
    void base64OfAnythingButTimeBarIdIsNotACursor(String raw) {
        assertThat(PageCursor.decode(encoded(raw))).isEmpty();
    }
}
