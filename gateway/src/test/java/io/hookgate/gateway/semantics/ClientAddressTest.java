package io.hookgate.gateway.semantics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressTest {
    private static final String PEER = "10.0.0.9";

    @ParameterizedTest(name = "hops={1} xff=''{0}'' → {2}")
    @CsvSource(delimiter = '|', value = {
            "1.1.1.1                      | 1 | 1.1.1.1",
            "1.1.1.1, 2.2.2.2             | 1 | 2.2.2.2",
            "1.1.1.1, 2.2.2.2             | 2 | 1.1.1.1",
            "6.6.6.6, 1.1.1.1, 2.2.2.2    | 2 | 1.1.1.1",
            "6.6.6.6,1.1.1.1,2.2.2.2      | 1 | 2.2.2.2",
            "'  1.1.1.1  ,  2.2.2.2  '    | 2 | 1.1.1.1",
            "2001:db8::1, 2.2.2.2         | 2 | 2001:db8::1",
            "1.1.1.1                      | 3 | 1.1.1.1",
            "1.1.1.1, 2.2.2.2             | 5 | 1.1.1.1"})
    void behindTrustedProxiesTheClientIsThatManyEntriesFromTheRight(String forwardedFor, int hops, String client) {
        assertThat(ClientAddress.of(PEER, forwardedFor, hops)).isEqualTo(client);
    }

    @Test
    void withoutTrustedProxiesTheHeaderIsIgnored() {
        assertThat(ClientAddress.of(PEER, "1.1.1.1", 0)).isEqualTo(PEER);
        assertThat(ClientAddress.of(PEER, "1.1.1.1", -1)).isEqualTo(PEER);
    }

    @Test
    void withoutTheHeaderThePeerIsTheClient() {
        assertThat(ClientAddress.of(PEER, null, 1)).isEqualTo(PEER);
        assertThat(ClientAddress.of(PEER, "", 1)).isEqualTo(PEER);
        assertThat(ClientAddress.of(PEER, "   ", 2)).isEqualTo(PEER);
    }

    @Test
    void aSpoofedLeftmostEntryIsNotBelievedWhenTheProxyAppended() {
        // The client sent "X-Forwarded-For: 127.0.0.1"; the one trusted proxy appended the real peer.
        assertThat(ClientAddress.of(PEER, "127.0.0.1, 203.0.113.5", 1)).isEqualTo("203.0.113.5");
    }

    @Test
    void aSpoofedLineIsNotBelievedWhenTheProxyAddedItsOwnLine() {
        // The client sent "X-Forwarded-For: 127.0.0.1"; the trusted proxy added a second header line with the real peer.
        assertThat(ClientAddress.ofLines(PEER, java.util.List.of("127.0.0.1", "203.0.113.5"), 1)).isEqualTo("203.0.113.5");
        assertThat(ClientAddress.ofLines(PEER, java.util.List.of("10.0.0.1, 127.0.0.1", "203.0.113.5, 198.51.100.7"), 2))
                .isEqualTo("203.0.113.5");
        assertThat(ClientAddress.ofLines(PEER, java.util.List.of(), 1)).isEqualTo(PEER);
    }

    @Test
    void aMissingPeerStaysMissingWithoutTheHeader() {
        assertThat(ClientAddress.of(null, null, 1)).isNull();
    }

    @ParameterizedTest(name = "hops={1} xff=''{0}''")
    @CsvSource(delimiter = '|', value = {
            "','          | 1",
            "',,,'        | 2",
            "' , '        | 1",
            "'1.1.1.1,'   | 1"})
    void anEmptyEntryWhereTheClientShouldBeIsNoAddressRatherThanAnError(String forwardedFor, int hops) {
        assertThat(ClientAddress.of(PEER, forwardedFor, hops)).isEmpty();
    }
}
