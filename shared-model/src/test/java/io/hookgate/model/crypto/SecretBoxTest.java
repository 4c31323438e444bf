package io.hookgate.model.crypto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretBoxTest {
    private static final byte[] KEY = filled(32, (byte) 7);
    private static final byte[] OTHER_KEY = filled(32, (byte) 8);
    private static final int HEADER = 1 + 12;
    private static final int TAG = 16;

    private final SecretBox box = new SecretBox(KEY);

    private static byte[] filled(int n, byte value) {
        byte[] out = new byte[n];
        Arrays.fill(out, value);
        return out;
    }

    @Test
    void opensWhatItSealedForTheSameContext() {
        byte[] sealed = box.seal("whsec_secret", "con_1");

        assertThat(box.openText(sealed, "con_1")).isEqualTo("whsec_secret");
        assertThat(new SecretBox(KEY.clone()).openText(sealed, "con_1")).as("another box with the same key").isEqualTo("whsec_secret");
    }

    @Test
    void sealedValueIsVersionNonceThenCiphertextAndTag() {
        byte[] plaintext = "0123456789".getBytes(StandardCharsets.UTF_8);

        byte[] sealed = box.seal(plaintext, "ctx");

        assertThat(sealed).hasSize(HEADER + plaintext.length + TAG);
        assertThat(sealed[0]).isEqualTo((byte) 1);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("0123456789");
    }

    @Test
    void sealingTwiceGivesDifferentValuesBecauseEachHasAFreshNonce() {
        byte[] a = box.seal("same", "ctx");
        byte[] b = box.seal("same", "ctx");

        assertThat(a).isNotEqualTo(b);
        assertThat(Arrays.copyOfRange(a, 1, HEADER)).isNotEqualTo(Arrays.copyOfRange(b, 1, HEADER));
    }

    @Test
    void emptyAndUnicodeSecretsRoundTrip() {
        assertThat(box.open(box.seal(new byte[0], "ctx"), "ctx")).isEmpty();
        assertThat(box.openText(box.seal("pässwörd 🔑", "ctx"), "ctx")).isEqualTo("pässwörd 🔑");
    }

    @Test
    void aValueSealedUnderAnotherKeyDoesNotOpen() {
        byte[] sealed = new SecretBox(OTHER_KEY).seal("secret", "con_1");

        assertThatThrownBy(() -> box.open(sealed, "con_1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sealed value does not open with this key and context");
    }

    @Test
    void aValueCopiedToAnotherRowDoesNotOpen() {
        byte[] sealed = box.seal("secret", "con_1");

        assertThatThrownBy(() -> box.open(sealed, "con_2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> box.open(sealed, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> box.open(sealed, "con_1 ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void flippingAnyBitOfNonceCiphertextOrTagIsDetected() {
        byte[] sealed = box.seal("secret", "ctx");

        for (int i = 1; i < sealed.length; i++) {
            for (int bit = 0; bit < 8; bit += 7) {
                byte[] tampered = sealed.clone();
                tampered[i] ^= (byte) (1 << bit);
                int index = i;
                assertThatThrownBy(() -> box.open(tampered, "ctx"))
                        .as("byte %d bit %d", index, bit)
                        .isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    @Test
    void anUnknownVersionIsNotASealedValue() {
        byte[] sealed = box.seal("secret", "ctx");
        sealed[0] = 2;

        assertThatThrownBy(() -> box.open(sealed, "ctx")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a sealed value");
    }

    @Test
    void truncatedAndMissingValuesAreNotSealedValues() {
        byte[] sealed = box.seal("", "ctx");

        assertThat(sealed).hasSize(HEADER + TAG);
        assertThatThrownBy(() -> box.open(Arrays.copyOf(sealed, sealed.length - 1), "ctx")).hasMessage("not a sealed value");
        assertThatThrownBy(() -> box.open(new byte[0], "ctx")).hasMessage("not a sealed value");
        assertThatThrownBy(() -> box.open(null, "ctx")).hasMessage("not a sealed value");
        byte[] longer = box.seal("abc", "ctx");
        assertThatThrownBy(() -> box.open(Arrays.copyOf(longer, longer.length - 1), "ctx"))
                .as("tag cut short").isInstanceOf(IllegalArgumentException.class);
        byte[] appended = Arrays.copyOf(longer, longer.length + 1);
        assertThatThrownBy(() -> box.open(appended, "ctx")).as("trailing byte").isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 16, 24, 31, 33, 64})
    void keysOtherThan256BitsAreRefused(int length) {
        assertThatThrownBy(() -> new SecretBox(new byte[length]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
    }

    @Test
    void aNullKeyIsRefused() {
        assertThatThrownBy(() -> new SecretBox(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theBoxKeepsItsOwnCopyOfTheKey() {
        byte[] key = KEY.clone();
        SecretBox own = new SecretBox(key);
        byte[] sealed = own.seal("secret", "ctx");
        Arrays.fill(key, (byte) 0);

        assertThat(own.openText(sealed, "ctx")).isEqualTo("secret");
    }

    @Test
    void generatedKeysAreBase64Of32RandomBytesAndMakeWorkingBoxes() {
        String a = SecretBox.generateKey();
        String b = SecretBox.generateKey();

        assertThat(Base64.getDecoder().decode(a)).hasSize(32);
        assertThat(a).isNotEqualTo(b);
        SecretBox fromKey = SecretBox.fromBase64(" " + a + "\n");
        assertThat(fromKey.openText(fromKey.seal("x", "c"), "c")).isEqualTo("x");
    }

    @Test
    void fromBase64RefusesKeysThatAreNotBase64OrNot256Bits() {
        assertThatThrownBy(() -> SecretBox.fromBase64("not base64!"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("HOOKGATE_MASTER_KEY must be base64");
        assertThatThrownBy(() -> SecretBox.fromBase64(Base64.getEncoder().encodeToString(new byte[16])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
    }

    @Test
    void toStringNeverShowsTheKey() {
        assertThat(box.toString()).isEqualTo("SecretBox[AES-256-GCM]");
    }
}
