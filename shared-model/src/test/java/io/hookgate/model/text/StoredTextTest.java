package io.hookgate.model.text;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StoredTextTest {

    @Test
    void postgresTextLosesOnlyNulAndBrokenSurrogates() {
        String clean = "con_ok é 😀 \t line\n";
        assertThat(StoredText.forPostgres(clean)).isSameAs(clean);
        assertThat(StoredText.forPostgres("a\u0000b")).isEqualTo("a\uFFFDb");
        assertThat(StoredText.forPostgres("x\ud800y\udc00")).isEqualTo("x\uFFFDy\uFFFD");
        assertThat(StoredText.forPostgres(null)).isNull();
    }

    @Test
    void printableTextLosesEveryControlCharacterAndIsCutWithoutSplittingAPair() {
        assertThat(StoredText.printable("con_\u0000\r\n\u001b[31m\u0085", 100)).isEqualTo("con_\uFFFD\uFFFD\uFFFD\uFFFD[31m\uFFFD");
        assertThat(StoredText.printable("ab😀", 3)).isEqualTo("ab");
        assertThat(StoredText.printable("abcdef", 4)).isEqualTo("abcd");
        assertThat(StoredText.isPrintable("ok 😀")).isTrue();
        assertThat(StoredText.isPrintable("no\u007f")).isFalse();
    }
}
