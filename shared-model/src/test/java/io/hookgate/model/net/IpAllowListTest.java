package io.hookgate.model.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IpAllowListTest {

    @ParameterizedTest(name = "{1} in [{0}] → {2}")
    @CsvSource(delimiter = '|', value = {
            "203.0.113.0/24      | 203.0.113.0       | true",
            "203.0.113.0/24      | 203.0.113.255     | true",
            "203.0.113.0/24      | 203.0.112.255     | false",
            "203.0.113.0/24      | 203.0.114.0       | false",
            "203.0.113.77/24     | 203.0.113.1       | true",
            "10.0.0.0/8          | 10.255.255.255    | true",
            "10.0.0.0/8          | 11.0.0.0          | false",
            "192.168.1.10        | 192.168.1.10      | true",
            "192.168.1.10        | 192.168.1.11      | false",
            "192.168.1.10/32     | 192.168.1.10      | true",
            "0.0.0.0/0           | 8.8.8.8           | true",
            "0.0.0.0/0           | 2001:db8::1       | false",
            "10.0.0.0/8          | ::ffff:10.1.2.3   | true",
            "10.0.0.0/8          | ::10.1.2.3        | false",
            "10.0.0.0/8          | 64:ff9b::a01:203  | false",
            "2001:db8::/32       | 2001:db8:ffff::1  | true",
            "2001:db8::/32       | 2001:db9::        | false",
            "2001:db8::/127      | 2001:db8::1       | true",
            "2001:db8::/127      | 2001:db8::2       | false",
            "::/0                | 2606:4700::1      | true",
            "::/0                | 1.2.3.4           | false",
            "::1                 | ::1               | true",
            "::1/128             | 0:0:0:0:0:0:0:1   | true",
            "[2001:db8::1]       | 2001:db8::1       | true",
            "2001:DB8::/32       | 2001:db8::5       | true",
            "' 10.0.0.0/8 '      | 10.0.0.1          | true",
            "10.0.0.0/8          | [::ffff:10.0.0.1] | true"})
    void matchesAddressesNumericallyAgainstOneRule(String rule, String address, boolean allowed) {
        assertThat(IpAllowList.parse(List.of(rule)).allows(address)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"not-an-ip", "", "10.0.0.1 ", "localhost", "10.0.0.1:443", "fe80::1%eth0"})
    void aCallerAddressThatIsNotALiteralIsNeverAllowed(String address) {
        assertThat(IpAllowList.parse(List.of("0.0.0.0/0", "::/0")).allows(address)).isFalse();
    }

    @Test
    void aNullCallerAddressIsNotAllowedByAList() {
        assertThat(IpAllowList.parse(List.of("0.0.0.0/0")).allows(null)).isFalse();
    }

    @Test
    void anyRuleOfSeveralIsEnough() {
        IpAllowList list = IpAllowList.parse(List.of("203.0.113.0/24", "2001:db8::/32", "198.51.100.7"));

        assertThat(list.allows("203.0.113.9")).isTrue();
        assertThat(list.allows("2001:db8::9")).isTrue();
        assertThat(list.allows("198.51.100.7")).isTrue();
        assertThat(list.allows("198.51.100.8")).isFalse();
    }

    @Test
    void anEmptyOrMissingListAllowsEveryone() {
        assertThat(IpAllowList.parse(List.of())).isSameAs(IpAllowList.ANYONE);
        assertThat(IpAllowList.parse(null)).isSameAs(IpAllowList.ANYONE);
        assertThat(IpAllowList.ANYONE.allows("8.8.8.8")).isTrue();
        assertThat(IpAllowList.ANYONE.allows("anything")).isTrue();
        assertThat(IpAllowList.ANYONE.entries()).isEmpty();
    }

    @Test
    void entriesAreKeptAsWrittenAndCannotBeChangedAfterParsing() {
        List<String> written = new ArrayList<>(List.of("10.0.0.0/8", "2001:DB8::/32"));
        IpAllowList list = IpAllowList.parse(written);
        written.set(0, "0.0.0.0/0");

        assertThat(list.entries()).containsExactly("10.0.0.0/8", "2001:DB8::/32");
        assertThat(list.allows("8.8.8.8")).isFalse();
        assertThatThrownBy(() -> list.entries().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', value = {
            "example.com        | is not an IP address or CIDR",
            "300.1.1.1          | is not an IP address or CIDR",
            "10.0.0             | is not an IP address or CIDR",
            "/8                 | is not an IP address or CIDR",
            "10.0.0.0/          | has no valid prefix length",
            "10.0.0.0/x         | has no valid prefix length",
            "10.0.0.0/8/8       | has no valid prefix length",
            "10.0.0.0/ 8        | has no valid prefix length",
            "10.0.0.0/33        | has a prefix longer than the address",
            "2001:db8::/129     | has a prefix longer than the address",
            "10.0.0.0/-1        | prefix"})
    void refusesEntriesThatAreNotAddressesOrCidrsNamingTheEntry(String entry, String message) {
        assertThatThrownBy(() -> IpAllowList.parse(List.of("192.0.2.0/24", entry)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'" + entry + "'")
                .hasMessageContaining(message);
    }

    @Test
    void refusesBlankAndNullEntries() {
        assertThatThrownBy(() -> IpAllowList.parse(List.of("  "))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IpAllowList.parse(Arrays.asList("10.0.0.0/8", null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'null'");
    }
}
