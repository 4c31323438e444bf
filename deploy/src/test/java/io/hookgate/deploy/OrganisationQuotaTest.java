package io.hookgate.deploy;

import io.hookgate.deploy.support.Http;
import io.hookgate.deploy.support.InboundWatch;
import io.hookgate.deploy.support.SharedKafka;
import io.hookgate.deploy.support.TestApp;
import io.hookgate.deploy.support.TestDatabase;
import io.hookgate.deploy.support.TopicProbe;
import io.hookgate.dispatcher.consume.BatchObserver;
import io.hookgate.model.Topics;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Organisation quotas (issue 9): requests a second across all of an organisation's connections, the default from
 * HOOKGATE_ORGANISATION_RATE_LIMIT_PER_SECOND, an organisation's own quota set by the operator and heard by the
 * running gateway; over it 429 RATE_LIMITED with Retry-After, recorded, never on {@code hookgate.inbound}.
 */
class OrganisationQuotaTest {
    private static final int DEFAULT_QUOTA = 3;
    private static Hookgate app;

    @BeforeAll
    static void start() {
        app = TestApp.start(SharedKafka.bootstrap(), Map.of("HOOKGATE_ORGANISATION_RATE_LIMIT_PER_SECOND",
                Integer.toString(DEFAULT_QUOTA)), BatchObserver.NONE);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void anOrganisationOverItsQuotaAcrossItsConnectionsGets429WithRetryAfterRecordedAndNotPublished() throws Exception {
        TestDatabase.Tenant tenant = TestDatabase.newTenant();
        String first = connection(tenant, "First", null);
        String second = connection(tenant, "Second", null);

        List<Http.Reply> replies = burst(12, i -> i % 2 == 0 ? first : second);

        List<Http.Reply> refused = replies.stream().filter(r -> r.status() != 202).toList();
        assertThat(replies.size() - refused.size()).as("the quota is one second's worth across both connections")
                .isBetween(DEFAULT_QUOTA, DEFAULT_QUOTA + 2);
        Http.Reply reply = refused.getFirst();
        String requestId = reply.json().getString("requestId");
        assertThat(reply.status()).isEqualTo(429);
        assertThat(reply.json().getString("outcome")).isEqualTo("RATE_LIMITED");
        assertThat(reply.json().getString("message")).isNotBlank();
        assertThat(reply.header("x-request-id")).isEqualTo(requestId);
        assertThat(reply.header("retry-after")).as("a token comes back within a second at 3/s").isEqualTo("1");
        assertThat(refused).allSatisfy(r -> assertThat(r.status()).isEqualTo(429));
        await().atMost(Duration.ofSeconds(20)).until(() -> !TestDatabase.historyRows(requestId).isEmpty());
        assertThat(TestDatabase.historyRows(requestId).getFirst()).containsEntry("outcome", "RATE_LIMITED")
                .containsEntry("status", 429).containsEntry("reason", "organisation_rate_limited")
                .containsEntry("organisationId", tenant.organisationId());
        assertThat(TopicProbe.recordsWithRequestId(app.kafkaBootstrap(), Topics.REJECTED, requestId)).hasSize(1);
        try (InboundWatch inbound = new InboundWatch(app.kafkaBootstrap(), Topics.INBOUND)) {
            assertThat(refused).as("nothing refused is published")
                    .noneMatch(r -> inbound.published(r.json().getString("requestId")));
            assertThat(replies.stream().filter(r -> r.status() == 202)).as("what was accepted is")
                    .allMatch(r -> inbound.published(r.json().getString("requestId")));
        }
        assertThat(metrics()).containsPattern("hookgate_ingest_rate_limited_total\\{scope=\"organisation\"} [1-9]");
    }

    @Test
    void oneOrganisationFloodingLeavesAnothersQuotaWhole() throws Exception {
        String flooding = connection(TestDatabase.newTenant(), "Flooding", null);
        String other = connection(TestDatabase.newTenant(), "Other", null);
        burst(30, i -> flooding);

        List<Http.Reply> replies = burst(DEFAULT_QUOTA, i -> other);

        assertThat(replies).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(202));
    }

    @Test
    void aRequestRefusedByItsConnectionsOwnLimitTakesNothingOfItsOrganisationsQuota() throws Exception {
        TestDatabase.Tenant tenant = TestDatabase.newTenant();
        String limited = connection(tenant, "Limited", 1);
        String sibling = connection(tenant, "Sibling", null);

        List<Http.Reply> limitedReplies = burst(10, i -> limited);
        List<Http.Reply> siblingReplies = burst(DEFAULT_QUOTA - 1, i -> sibling);

        assertThat(limitedReplies.stream().filter(r -> r.status() == 202).count()).isEqualTo(1);
        assertThat(limitedReplies.stream().filter(r -> r.status() == 429).count()).isEqualTo(9);
        assertThat(siblingReplies).as("the connection's 9 refusals left the organisation's other 2 requests")
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(202));
        String refusedId = limitedReplies.stream().filter(r -> r.status() == 429).findFirst().orElseThrow()
                .json().getString("requestId");
        await().atMost(Duration.ofSeconds(20)).until(() -> !TestDatabase.historyRows(refusedId).isEmpty());
        assertThat(TestDatabase.historyRows(refusedId).getFirst()).containsEntry("reason", "rate_limited");
        assertThat(metrics()).containsPattern("hookgate_ingest_rate_limited_total\\{scope=\"connection\"} [1-9]");
    }

    @Test
    void anOperatorsChangeToAnOrganisationsQuotaTakesEffectWithoutRestart() throws Exception {
        TestDatabase.Tenant tenant = TestDatabase.newTenant();
        String name = "test-" + tenant.organisationId();
        String connection = connection(tenant, "Changing", null);
        assertThat(cli(name)).containsEntry("rateLimitPerSecond", null);
        assertThat(burst(10, i -> connection).stream().filter(r -> r.status() == 202).count())
                .as("the default first").isLessThanOrEqualTo(DEFAULT_QUOTA + 2);

        assertThat(cli(name, "1000")).containsEntry("rateLimitPerSecond", 1000)
                .containsEntry("organisationId", tenant.organisationId());

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(burst(20, i -> connection))
                .as("raised").allSatisfy(r -> assertThat(r.status()).isEqualTo(202)));
        assertThat(cli(name)).containsEntry("rateLimitPerSecond", 1000);

        cli(name, "1");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(burst(10, i -> connection).stream()
                .filter(r -> r.status() == 202).count()).as("lowered").isLessThanOrEqualTo(2));

        assertThat(cli(name, "default")).containsEntry("rateLimitPerSecond", null);
        // Each try waits for the bucket to refill at the default rate, so a try before the change arrived cannot starve the next.
        await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ofMillis(1100)).pollInterval(Duration.ofMillis(1100)).untilAsserted(() -> assertThat(burst(DEFAULT_QUOTA, i -> connection))
                .as("back to the default").allSatisfy(r -> assertThat(r.status()).isEqualTo(202)));
    }

    @Test
    void theOperatorCommandRefusesQuotasOutOfRangeAndUnknownOrganisations() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        for (String bad : new String[]{"0", "-5", "1000001", "lots", ""}) {
            assertThat(Cli.run(new String[]{"organisation-rate-limit", "anyone", bad}, env(), System.out, new PrintStream(err)))
                    .as(bad).isEqualTo(2);
        }
        assertThat(Cli.run(new String[]{"organisation-rate-limit", "no-such-" + UUID.randomUUID()}, env(), System.out,
                new PrintStream(err))).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("organisation-rate-limit ORGANISATION").contains("no organisation named");
    }

    private static List<Http.Reply> burst(int count, java.util.function.IntFunction<String> connectionOf) throws Exception {
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Http.Reply>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String connection = connectionOf.apply(i);
                String requestId = "quota-" + UUID.randomUUID();
                sent.add(clients.submit(() -> Http.webhook(app.ingestPort(), connection).header("x-request-id", requestId).send()));
            }
            List<Http.Reply> replies = new ArrayList<>();
            for (Future<Http.Reply> f : sent) {
                replies.add(f.get());
            }
            return replies;
        }
    }

    private static String connection(TestDatabase.Tenant tenant, String name, Integer rateLimit) {
        JsonObject body = new JsonObject().put("name", name).put("auth", new JsonObject().put("mode", "NONE"));
        if (rateLimit != null) {
            body.put("rateLimitPerSecond", rateLimit);
        }
        return new Http.Admin(app.adminPort(), tenant.testKey()).post("/api/v1/connections", body).json().getString("id");
    }

    private static Map<String, Object> cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] command = new String[args.length + 1];
        command[0] = "organisation-rate-limit";
        System.arraycopy(args, 0, command, 1, args.length);
        assertThat(Cli.run(command, env(), new PrintStream(out), System.err)).isZero();
        return new JsonObject(out.toString(StandardCharsets.UTF_8).trim()).getMap();
    }

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("PGDATABASE", TestDatabase.NAME);
        return env;
    }

    private static String metrics() {
        return new Http.Admin(app.adminPort(), null).get("/metrics").body();
    }
}
