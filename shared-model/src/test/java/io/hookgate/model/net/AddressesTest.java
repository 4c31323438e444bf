package io.hookgate.model.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;

class AddressesTest {

    /** Literal to address without DNS: getByName never resolves an IP literal. */
    private static InetAddress literal(String text) throws UnknownHostException {
        byte[] bytes = Addresses.parse(text);
        assertThat(bytes).as("%s parses", text).isNotNull();
        return InetAddress.getByAddress(bytes);
    }

    @ParameterizedTest(name = "{0} public={1} ({2})")
    @CsvFileSource(resources = "/net/is-public.csv", delimiter = ',', ignoreLeadingAndTrailingWhitespace = true)
    void onlyGloballyRoutableUnicastAddressesArePublic(String address, boolean expected, String range) throws Exception {
        assertThat(Addresses.isPublic(literal(address))).as(range).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "1.2.3.4            | 1.2.3.4",
            "0.0.0.0            | 0.0.0.0",
            "255.255.255.255    | 255.255.255.255",
            "001.02.3.4         | 1.2.3.4",
            "[1.2.3.4]          | 1.2.3.4",
            "::ffff:1.2.3.4     | 1.2.3.4",
            "::1                | 0:0:0:0:0:0:0:1",
            "[::1]              | 0:0:0:0:0:0:0:1",
            "2001:DB8::A        | 2001:db8:0:0:0:0:0:a",
            "::1.2.3.4          | 0:0:0:0:0:0:102:304"})
    void parsesIpLiteralsToTheirAddress(String text, String expected) throws Exception {
        assertThat(InetAddress.getByAddress(Addresses.parse(text)).getHostAddress()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "''{0}''")
    @NullAndEmptySource
    @ValueSource(strings = {
            "localhost", "example.com", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4 ", " 1.2.3.4", "1.2.3.-4",
            "1.2.3.4/8", "0x7f.0.0.1", "2130706433", "١.٢.٣.٤", "fe80::1%eth0", "fe80::1%25eth0", ":::", "1:2",
            "1::2::3", "12345::1", "g::1", "[::1", "::1]", "1.2.3.4:80",
            "0000:0000:0000:0000:0000:0000:0000:0000:0001"})
    void anythingButAnIpLiteralParsesToNull(String text) {
        assertThat(Addresses.parse(text)).isNull();
    }

    @Test
    void embeddedIpv4IsFoundInEveryTransitionForm() throws Exception {
        byte[] expected = {10, 1, 2, 3};
        assertThat(Addresses.embeddedIpv4(InetAddress.getByName("::10.1.2.3").getAddress())).isEqualTo(expected);
        assertThat(Addresses.embeddedIpv4(InetAddress.getByName("64:ff9b::10.1.2.3").getAddress())).isEqualTo(expected);
        assertThat(Addresses.embeddedIpv4(InetAddress.getByName("2002:a01:203::").getAddress())).isEqualTo(expected);
        assertThat(Addresses.embeddedIpv4(InetAddress.getByName("2606:4700::1").getAddress())).isNull();
        assertThat(Addresses.embeddedIpv4(new byte[]{10, 1, 2, 3})).as("already IPv4").isNull();
    }

    @Test
    void unmapTurnsOnlyIpv4MappedAddressesIntoIpv4() {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 0, 0, 1};
        byte[] compatible = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 0, 0, 1};
        byte[] almost = {0, 0, 0, 0, 0, 0, 0, 0, 0, 1, (byte) 0xff, (byte) 0xff, 10, 0, 0, 1};
        byte[] v4 = {10, 0, 0, 1};

        assertThat(Addresses.unmapIpv4(mapped)).containsExactly(10, 0, 0, 1);
        assertThat(Addresses.unmapIpv4(compatible)).isSameAs(compatible);
        assertThat(Addresses.unmapIpv4(almost)).isSameAs(almost);
        assertThat(Addresses.unmapIpv4(v4)).isSameAs(v4);
    }
}
