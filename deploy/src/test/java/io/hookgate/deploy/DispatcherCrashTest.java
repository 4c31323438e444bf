package io.hookgate.deploy;

import io.hookgate.deploy.support.Http;
import io.hookgate.deploy.support.SharedKafka;
import io.hookgate.deploy.support.TestApp;
import io.hookgate.deploy.support.TestDatabase;
import io.hookgate.dispatcher.consume.BatchObserver;
import io.hookgate.model.event.IngestRecord;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dispatcher dies after its database commit and before its offset commit; the next dispatcher
 * re-reads the batch, and history and flow runs end with every request exactly once.
 */
class DispatcherCrashTest {
    private static final int REQUESTS = 30;

    /** Stands for the process dying: an Error, which the consumer loop does not catch. */
    static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("simulated dispatcher crash between database commit and offset commit", null, false, false);
        }
    }

    @Test
    void crashBetweenDatabaseCommitAndOffsetCommitLosesAndDoublesNothing() throws Exception {
        List<String> requestIds = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            requestIds.add("crash-" + System.nanoTime() + "-" + i);
        }
        Set<String> ours = Set.copyOf(requestIds);
        CountDownLatch crashed = new CountDownLatch(1);
        AtomicLong rowsAtCrash = new AtomicLong();
        BatchObserver crashOnce = records -> {
            if (crashed.getCount() > 0 && records.stream().map(IngestRecord::requestId).anyMatch(ours::contains)) {
                rowsAtCrash.set(TestDatabase.countHistory(requestIds));
                crashed.countDown();
                throw new SimulatedCrash();
            }
        };

        TestDatabase.Tenant tenant = TestDatabase.newTenant();
        String flowId;
        Hookgate first = TestApp.start(SharedKafka.bootstrap(), Map.of(), crashOnce);
        try {
            Http.Admin admin = new Http.Admin(first.adminPort(), tenant.testKey());
            String connectionId = admin.post("/api/v1/connections", new JsonObject().put("name", "Crash")
                    .put("auth", new JsonObject().put("mode", "NONE"))).json().getString("id");
            flowId = admin.post("/api/v1/flows", new JsonObject().put("name", "Crash flow")).json().getString("id");
            admin.post("/api/v1/connections/" + connectionId + "/triggers", new JsonObject().put("flowId", flowId).put("action", "START"));
            for (String id : requestIds) {
                assertThat(Http.webhook(first.ingestPort(), connectionId).header("x-request-id", id).send().status()).isEqualTo(202);
            }
            assertThat(crashed.await(30, TimeUnit.SECONDS)).as("dispatcher reached the crash point").isTrue();
        } finally {
            first.close();
        }
        assertThat(rowsAtCrash.get()).as("the crashed batch was committed to the database").isPositive();

        Hookgate second = TestApp.start(SharedKafka.bootstrap());
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> TestDatabase.countDistinctHistory(requestIds) == REQUESTS);
            // Give the restarted dispatcher time to finish re-reading the batch, then count every row.
            await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> true);
            assertThat(TestDatabase.countHistory(requestIds)).isEqualTo(REQUESTS);
            Http.Admin admin = new Http.Admin(second.adminPort(), tenant.testKey());
            assertThat(admin.get("/api/v1/flows/" + flowId + "/runs?limit=200").json().getJsonArray("data"))
                    .as("every request started its run exactly once").hasSize(REQUESTS);
        } finally {
            second.close();
        }
    }
}
