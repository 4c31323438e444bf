package io.hookgate.model.payload;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-place check agrees with the JDK's strict UTF-8 decoder (NUL aside, which it refuses on purpose). */
class StrictUtf8Test {

    @ParameterizedTest
    @ValueSource(strings = {"", "7b7d", "c2a9", "dfbf", "e0a080", "e282ac", "ed9fbf", "ee8080", "efbfbf", "efbfbe",
            "f0908080", "f48fbfbf", "f3bfbfbf"})
    void acceptsEveryWellFormedSequenceShape(String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        assertThat(StrictUtf8.isValid(bytes, 0, bytes.length)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"00", "80", "bf", "c0af", "c1bf", "c2", "c27f", "c2c0", "e080af", "e09fbf", "eda080", "edbfbf",
            "e282", "f08f bfbf", "f4908080", "f5808080", "ff", "fe", "f0908080" + "80", "e2" + "82" + "41"})
    void refusesOverlongSurrogateTruncatedOutOfRangeStrayAndNul(String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex.replace(" ", ""));
        assertThat(StrictUtf8.isValid(bytes, 0, bytes.length)).as(hex).isFalse();
    }

    @Test
    void checksOnlyTheRangeItIsGiven() {
        byte[] bytes = HexFormat.of().parseHex("ff41e282ac42ff");
        assertThat(StrictUtf8.isValid(bytes, 1, 6)).isTrue();
        assertThat(StrictUtf8.isValid(bytes, 1, 4)).as("a sequence cut by the range's end").isFalse();
    }

    @Test
    void agreesWithTheJdksStrictDecoderOnRandomBytes() {
        Random random = new Random(20261206);
        for (int n = 0; n < 200_000; n++) {
            byte[] bytes = new byte[random.nextInt(12)];
            for (int i = 0; i < bytes.length; i++) {
                // Mostly the bytes around the boundaries of Table 3-7, so that most cases are near-misses.
                int pick = random.nextInt(4);
                bytes[i] = (byte) switch (pick) {
                    case 0 -> 0x80 + random.nextInt(0x40);
                    case 1 -> 0xC0 + random.nextInt(0x40);
                    case 2 -> 0x01 + random.nextInt(0x7F);
                    default -> random.nextInt(256);
                };
            }
            assertThat(StrictUtf8.isValid(bytes, 0, bytes.length)).as(HexFormat.of().formatHex(bytes)).isEqualTo(jdkAccepts(bytes));
        }
    }

    private static boolean jdkAccepts(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
