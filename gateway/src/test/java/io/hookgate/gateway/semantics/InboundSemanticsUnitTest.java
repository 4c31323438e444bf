package io.hookgate.gateway.semantics;

import io.hookgate.model.net.IpAllowList;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookgate.model.payload.JsonPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pure rules of the ingest path: allow-lists, client addresses, rate limits and path lookups. */
class InboundSemanticsUnitTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{1} in {0} → {2}")
    @CsvSource({
            "203.0.113.0/24, 203.0.113.77, true",
            "203.0.113.0/24, 203.0.114.1, false",
            "127.0.0.1, 127.0.0.1, true",
            "127.0.0.1, 127.0.0.2, false",
            "10.0.0.0/8, ::ffff:10.1.2.3, true",
            "2001:db8::/32, 2001:db8:1::5, true",
            "2001:db8::/32, 2001:db9::5, false",
            "0.0.0.0/0, 8.8.8.8, true",
            "10.0.0.0/8, not-an-ip, false",
            "::1, ::1, true"})
    void allowListMatchesAddressesNumerically(String cidr, String address, boolean allowed) {
        assertThat(IpAllowList.parse(List.of(cidr)).allows(address)).isEqualTo(allowed);
    }

    @Test
    void allowListRefusesEntriesThatAreNotAddressesNamingThem() {
        assertThatThrownBy(() -> IpAllowList.parse(List.of("10.0.0.0/8", "example.com"))).hasMessageContaining("example.com");
        assertThatThrownBy(() -> IpAllowList.parse(List.of("10.0.0.0/33"))).hasMessageContaining("prefix");
        assertThatThrownBy(() -> IpAllowList.parse(List.of("300.1.1.1"))).hasMessageContaining("300.1.1.1");
        assertThat(IpAllowList.parse(List.of()).allows("1.2.3.4")).isTrue();
    }

    @Test
    void clientAddressTrustsForwardedForOnlyAsFarAsConfigured() {
        assertThat(ClientAddress.of("10.0.0.9", "1.1.1.1, 2.2.2.2", 0)).isEqualTo("10.0.0.9");
        assertThat(ClientAddress.of("10.0.0.9", "1.1.1.1, 2.2.2.2", 1)).isEqualTo("2.2.2.2");
        assertThat(ClientAddress.of("10.0.0.9", "1.1.1.1, 2.2.2.2", 2)).isEqualTo("1.1.1.1");
        assertThat(ClientAddress.of("10.0.0.9", null, 1)).isEqualTo("10.0.0.9");
    }

    @Test
    void rateLimiterAllowsABurstOfOneSecondThenRefillsPerConnection() {
        AtomicLong nanos = new AtomicLong();
        RateLimiter limiter = new RateLimiter(nanos::get);
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.acquire("con_a", 5)).isZero();
        }
        assertThat(limiter.acquire("con_a", 5)).isEqualTo(1);
        assertThat(limiter.acquire("con_b", 5)).as("another connection's bucket").isZero();
        nanos.addAndGet(200_000_000L);
        assertThat(limiter.acquire("con_a", 5)).isZero();
        assertThat(limiter.acquire("con_a", 5)).isEqualTo(1);
    }

    @Test
    void pathsResolveJsonPathAndDottedFormsToScalarsOnly() throws Exception {
        JsonNode doc = JSON.readTree("""
                {"data":{"customer":{"email":"Ann@Example.com","age":41,"vip":true,"tags":["a","b"],"none":null}},
                 "contacts":[{"wa_id":"447700900123"}],"order":{"id":"ord_1"}}""");

        assertThat(JsonPaths.scalar(doc, "$.data.customer.email")).hasValue("Ann@Example.com");
        assertThat(JsonPaths.scalar(doc, "$.contacts[0].wa_id")).hasValue("447700900123");
        assertThat(JsonPaths.scalar(doc, "order.id")).hasValue("ord_1");
        assertThat(JsonPaths.scalar(doc, "data.customer.age")).hasValue("41");
        assertThat(JsonPaths.scalar(doc, "$.data.customer.vip")).hasValue("true");
        assertThat(JsonPaths.scalar(doc, "$..wa_id")).hasValue("447700900123");
        assertThat(JsonPaths.scalar(doc, "$.data.customer")).as("an object").isEmpty();
        assertThat(JsonPaths.scalar(doc, "$.data.customer.tags")).as("an array").isEmpty();
        assertThat(JsonPaths.scalar(doc, "$.data.customer.none")).as("null").isEmpty();
        assertThat(JsonPaths.scalar(doc, "$.data.customer.missing")).isEmpty();
        assertThat(JsonPaths.scalar(doc, "$[[[")).as("not a path").isEmpty();
        assertThatThrownBy(() -> JsonPaths.compile("$[[[")).isInstanceOf(IllegalArgumentException.class);
    }
}
