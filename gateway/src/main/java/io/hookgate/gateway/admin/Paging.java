package io.hookgate.gateway.admin;

import io.hookgate.gateway.common.PageCursor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.function.Function;

/** {@code ?limit=&cursor=} in, {@code {"data":[…],"nextCursor":…}} out. */
record Paging(int limit, PageCursor cursor) {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    static Paging of(RoutingContext rc) {
        String limitParam = rc.queryParams().get("limit");
        int limit = DEFAULT_LIMIT;
        if (limitParam != null) {
            try {
                limit = Integer.parseInt(limitParam);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw ApiException.validation("limit", "limit must be between 1 and " + MAX_LIMIT);
            }
        }
        String cursorParam = rc.queryParams().get("cursor");
        PageCursor cursor = null;
        if (cursorParam != null && !cursorParam.isEmpty()) {
            cursor = PageCursor.decode(cursorParam)
                    .orElseThrow(() -> ApiException.validation("cursor", "cursor is not one this API returned"));
        }
        return new Paging(limit, cursor);
    }

    /**
     * Renders a page fetched with {@code limit + 1} rows: the extra row only tells that there is more.
     */
    <T> JsonObject render(List<T> fetched, Function<T, JsonObject> json, Function<T, PageCursor> position) {
        boolean more = fetched.size() > limit;
        List<T> page = more ? fetched.subList(0, limit) : fetched;
        JsonArray data = new JsonArray();
        page.forEach(item -> data.add(json.apply(item)));
        return new JsonObject()
                .put("data", data)
                .put("nextCursor", more ? position.apply(page.get(page.size() - 1)).encode() : null);
    }
}
