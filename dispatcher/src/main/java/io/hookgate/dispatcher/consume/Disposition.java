package io.hookgate.dispatcher.consume;

import io.vertx.sqlclient.DatabaseException;

/** The one decision about a failed write: try again later, or set the record aside as poison. */
enum Disposition {
    /** Transient (connection lost, timeout, serialization failure, deadlock): the same write may succeed later. */
    RETRY,
    /** The data itself is refused (class 22 data exception, class 23 integrity violation): it never will. */
    DEAD_LETTER;

    static Disposition of(Throwable failure) {
        if (failure instanceof DatabaseException db && db.getSqlState() != null) {
            String state = db.getSqlState();
            if (state.startsWith("22") || state.startsWith("23")) {
                return DEAD_LETTER;
            }
        }
        return RETRY;
    }
}
