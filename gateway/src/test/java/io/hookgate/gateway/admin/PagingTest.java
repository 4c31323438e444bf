package io.hookgate.gateway.admin;

import io.hookgate.gateway.common.PageCursor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class PagingTest {
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static AdminProbe probe;

    @BeforeAll
    static void start() {
        probe = new AdminProbe(rc -> {
            Paging paging = Paging.of(rc);
            return new JsonObject().put("limit", paging.limit())
                    .put("cursor", paging.cursor() == null ? null : paging.cursor().encode());
        });
    }

    @AfterAll
    static void stop() {
        probe.close();
    }

    private record Row(String id, Instant at) {
    }

    private static List<Row> rows(int n) {
        return IntStream.range(0, n).mapToObj(i -> new Row("r" + i, T0.plusSeconds(i))).toList();
    }

    private static JsonObject render(int limit, List<Row> fetched) {
        return new Paging(limit, null).render(fetched, r -> new JsonObject().put("id", r.id()), r -> new PageCursor(r.at(), r.id()));
    }

    @Test
    void anExtraFetchedRowMeansAnotherPageStartingAfterTheLastShown() {
        JsonObject page = render(3, rows(4));

        assertThat(page.getJsonArray("data")).isEqualTo(new JsonArray().add(new JsonObject().put("id", "r0"))
                .add(new JsonObject().put("id", "r1")).add(new JsonObject().put("id", "r2")));
        assertThat(PageCursor.decode(page.getString("nextCursor"))).hasValue(new PageCursor(T0.plusSeconds(2), "r2"));
    }

    @Test
    void aShortOrExactPageIsTheLastAndSaysSoWithANullCursor() {
        for (int fetched : new int[]{0, 1, 3}) {
            JsonObject page = render(3, rows(fetched));

            assertThat(page.getJsonArray("data")).hasSize(fetched);
            assertThat(page.containsKey("nextCursor")).isTrue();
            assertThat(page.getValue("nextCursor")).isNull();
        }
    }

    @Test
    void withoutParametersTheFirstPageHasFiftyRows() {
        assertThat(probe.get("/probe").bodyAsJsonObject()).isEqualTo(new JsonObject().put("limit", 50).putNull("cursor"));
    }

    @Test
    void theLimitMayBeOneToTwoHundred() {
        assertThat(probe.get("/probe?limit=1").bodyAsJsonObject().getInteger("limit")).isEqualTo(1);
        assertThat(probe.get("/probe?limit=200").bodyAsJsonObject().getInteger("limit")).isEqualTo(200);
    }

    @ParameterizedTest(name = "limit=''{0}''")
    @ValueSource(strings = {"0", "201", "-1", "abc", "", "1.5", "9999999999", "%201"})
    void anyOtherLimitIs400NamingLimit(String limit) {
        HttpResponse<Buffer> response = probe.get("/probe?limit=" + limit);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("error", new JsonObject()
                .put("code", "validation_failed").put("message", "limit must be between 1 and 200").put("field", "limit")));
    }

    @Test
    void aCursorFromAPreviousPageIsTakenBack() {
        String cursor = new PageCursor(T0, "req_1").encode();

        assertThat(probe.get("/probe?cursor=" + cursor).bodyAsJsonObject().getString("cursor")).isEqualTo(cursor);
        assertThat(probe.get("/probe?cursor=").bodyAsJsonObject().getValue("cursor")).as("empty = first page").isNull();
    }

    @ParameterizedTest(name = "cursor=''{0}''")
    @ValueSource(strings = {"abc", "bm90LWEtY3Vyc29y", "!!"})
    void aCursorThisApiDidNotReturnIs400NamingCursor(String cursor) {
        HttpResponse<Buffer> response = probe.get("/probe?cursor=" + cursor);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.bodyAsJsonObject().getJsonObject("error"))
                .isEqualTo(new JsonObject().put("code", "validation_failed")
                        .put("message", "cursor is not one this API returned").put("field", "cursor"));
    }
}
