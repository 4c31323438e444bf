package io.hookgate.model.contact;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ContactKeysTest {

    @ParameterizedTest(name = "{0} ''{1}'' → {2}")
    @CsvFileSource(resources = "/contact/normal-forms.csv", delimiter = '|', nullValues = "EMPTY",
            ignoreLeadingAndTrailingWhitespace = true)
    void eachIdentifierHasOneNormalForm(String type, String raw, String expected) {
        assertThat(ContactKeys.normalise(type, raw)).isEqualTo(Optional.ofNullable(expected));
    }

    @Test
    void theNormalFormIsStable() {
        String once = ContactKeys.phone("0044 (7700) 900-123").orElseThrow();
        assertThat(ContactKeys.phone(once)).hasValue(once);
        String email = ContactKeys.email(" Ann@Example.COM ").orElseThrow();
        assertThat(ContactKeys.email(email)).hasValue(email);
    }

    @Test
    void nothingNormalisesToNothing() {
        assertThat(ContactKeys.email(null)).isEmpty();
        assertThat(ContactKeys.phone(null)).isEmpty();
        assertThat(ContactKeys.id(null)).isEmpty();
        assertThat(ContactKeys.channel(null)).isEmpty();
    }

    @Test
    void emailPartsAreBoundedByTheirRfcLengths() {
        assertThat(ContactKeys.email("a".repeat(64) + "@example.com")).isPresent();
        assertThat(ContactKeys.email("a".repeat(65) + "@example.com")).isEmpty();
        assertThat(ContactKeys.email("a@" + "b".repeat(255))).isPresent();
        assertThat(ContactKeys.email("a@" + "b".repeat(256))).isEmpty();
    }

    @Test
    void idsAreTrimmedAndAtMost256Characters() {
        assertThat(ContactKeys.id(" " + "x".repeat(256) + " ")).hasValue("x".repeat(256));
        assertThat(ContactKeys.id("x".repeat(257))).isEmpty();
        assertThat(ContactKeys.id("")).isEmpty();
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"whatsapp", "WhatsApp", " telegram ", "my_channel.v2", "a-b"})
    void channelNamesAreLowerCased(String raw) {
        assertThat(ContactKeys.channel(raw)).hasValue(raw.trim().toLowerCase(java.util.Locale.ROOT));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "  ", "what's app", "chan/nel", "ch@n", "émoji"})
    void channelNamesOutsideTheAlphabetAreRefused(String raw) {
        assertThat(ContactKeys.channel(raw)).isEmpty();
    }

    @Test
    void channelNamesAreAtMost64Characters() {
        assertThat(ContactKeys.channel("c".repeat(64))).isPresent();
        assertThat(ContactKeys.channel("c".repeat(65))).isEmpty();
    }
}
