package io.hookgate.gateway.limits;

import io.hookgate.gateway.semantics.RateLimiter;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrganisationQuotasTest {
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong nanos = new AtomicLong(42L);

    private OrganisationQuotas quotas(int defaultPerSecond) {
        return new OrganisationQuotas(defaultPerSecond, new RateLimiter(nanos::get));
    }

    private static int admitted(OrganisationQuotas quotas, String organisation, Integer override, int attempts) {
        int ok = 0;
        for (int i = 0; i < attempts; i++) {
            if (quotas.acquire(organisation, override) == 0) {
                ok++;
            }
        }
        return ok;
    }

    @Test
    void withoutADefaultOrAnOverrideNothingIsLimited() {
        assertThat(admitted(quotas(0), "org_a", null, 10_000)).isEqualTo(10_000);
    }

    @Test
    void theDefaultAppliesToAnOrganisationWithoutItsOwnQuota() {
        OrganisationQuotas quotas = quotas(20);

        assertThat(admitted(quotas, "org_a", null, 50)).isEqualTo(20);
        assertThat(quotas.acquire("org_a", null)).as("Retry-After in whole seconds").isEqualTo(1);
    }

    @Test
    void anOrganisationsOwnQuotaWinsOverTheDefaultEitherWay() {
        OrganisationQuotas quotas = quotas(20);

        assertThat(admitted(quotas, "org_big", 100, 150)).isEqualTo(100);
        assertThat(admitted(quotas, "org_small", 5, 50)).isEqualTo(5);
        assertThat(admitted(quotas(0), "org_capped", 7, 50)).as("an override applies with no default too").isEqualTo(7);
    }

    @Test
    void oneOrganisationExhaustingItsQuotaLeavesAnothersWhole() {
        OrganisationQuotas quotas = quotas(10);
        admitted(quotas, "org_a", null, 1_000);

        assertThat(admitted(quotas, "org_b", null, 10)).isEqualTo(10);
    }

    @Test
    void theQuotaRefillsAtItsRate() {
        OrganisationQuotas quotas = quotas(10);
        admitted(quotas, "org_a", null, 10);

        nanos.addAndGet(SECOND / 2);
        assertThat(admitted(quotas, "org_a", null, 10)).isEqualTo(5);
    }

    @Test
    void aNegativeDefaultIsRefused() {
        assertThatThrownBy(() -> quotas(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
