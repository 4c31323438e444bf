package io.hookgate.bench;

import io.vertx.core.buffer.Buffer;

/** Webhook-like JSON bodies of an exact size. */
final class Bodies {
    private Bodies() {
    }

    static Buffer json(int bytes) {
        String head = "{\"type\":\"invoice.paid\",\"data\":{\"object\":{\"id\":\"in_1\",\"customer_email\":\"a@example.com\",\"pad\":\"";
        String tail = "\"}}}";
        int pad = Math.max(0, bytes - head.length() - tail.length());
        return Buffer.buffer(head + "x".repeat(pad) + tail);
    }
}
