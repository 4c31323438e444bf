package io.hookgate.model.concurrent;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * For work shared between callers on different event loops (one bcrypt or one database load answering
 * several requests): each caller continues on its own context, never on the thread that finished the work.
 */
public final class CallerContext {
    private CallerContext() {
    }

    /** {@code shared}, answered on the current context (as it is when called from no context). */
    public static <T> Future<T> of(Future<T> shared) {
        Context context = Vertx.currentContext();
        if (context == null) {
            return shared;
        }
        Promise<T> answer = Promise.promise();
        shared.onComplete(ar -> {
            if (Vertx.currentContext() == context) {
                answer.handle(ar);
            } else {
                context.runOnContext(v -> answer.handle(ar));
            }
        });
        return answer.future();
    }
}
