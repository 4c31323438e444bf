package io.hookgate.deploy.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One ingest request as bytes on the wire, so that anything can be wrong with it: duplicated or
 * reordered headers, lying or missing lengths, chunked framing, bytes no client library would send.
 * Every request carries its own {@code x-request-id} and asks for {@code connection: close}.
 */
final class HostileRequest {
    static final String HEADER_MARKER = "HeAdErMaRkEr-7f3a";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    final String requestId = "hostile-" + SEQUENCE.incrementAndGet() + "-" + UUID.randomUUID();
    private String method = "POST";
    private final String target;
    private final List<String[]> headers = new ArrayList<>();
    private byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    private boolean chunked;
    private String contentLength;
    private boolean sendBody = true;
    private byte[] rawHead;

    private HostileRequest(String target) {
        this.target = target;
    }

    private String contentType = "application/json";

    static HostileRequest post(String target) {
        return new HostileRequest(target);
    }

    HostileRequest contentType(String value) {
        this.contentType = value;
        return this;
    }

    /** Exactly these bytes, with nothing added (not even a request id). */
    static HostileRequest raw(String head) {
        HostileRequest r = new HostileRequest(null);
        r.rawHead = head.getBytes(StandardCharsets.ISO_8859_1);
        r.body = new byte[0];
        return r;
    }

    /** Adds this request's {@code x-request-id} after the request line of a raw request. */
    HostileRequest withId() {
        String head = new String(rawHead, StandardCharsets.ISO_8859_1);
        int eol = head.indexOf("\r\n") + 2;
        rawHead = (head.substring(0, eol) + "x-request-id: " + requestId + "\r\n" + head.substring(eol))
                .getBytes(StandardCharsets.ISO_8859_1);
        return this;
    }

    HostileRequest method(String method) {
        this.method = method;
        return this;
    }

    /** Adds a header line; the same name twice gives two lines. */
    HostileRequest header(String name, String value) {
        headers.add(new String[]{name, value});
        return this;
    }

    HostileRequest body(String text) {
        return body(text.getBytes(StandardCharsets.UTF_8));
    }

    HostileRequest body(byte[] bytes) {
        this.body = bytes;
        return this;
    }

    HostileRequest chunked() {
        this.chunked = true;
        return this;
    }

    /** Declares this Content-Length whatever the body is (a lie, a non-number, two values…). */
    HostileRequest contentLength(String declared) {
        this.contentLength = declared;
        return this;
    }

    /** Sends the head only: the body is declared but never written. */
    HostileRequest withoutBody() {
        this.sendBody = false;
        return this;
    }

    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (rawHead != null) {
            out.writeBytes(rawHead);
            return out.toByteArray();
        }
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("host: hookgate.test\r\n")
                .append("x-request-id: ").append(requestId).append("\r\n")
                .append("x-hostile-trace: ").append(HEADER_MARKER).append("\r\n")
                .append("connection: close\r\n")
                .append("content-type: ").append(contentType).append("\r\n");
        for (String[] h : headers) {
            head.append(h[0]).append(": ").append(h[1]).append("\r\n");
        }
        if (chunked) {
            head.append("transfer-encoding: chunked\r\n");
        }
        if (contentLength != null) {
            head.append("content-length: ").append(contentLength).append("\r\n");
        } else if (!chunked) {
            head.append("content-length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!sendBody) {
            return out.toByteArray();
        }
        if (chunked) {
            for (int i = 0; i < body.length; i += 8192) {
                int n = Math.min(8192, body.length - i);
                out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body, i, n);
                out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } else {
            out.writeBytes(body);
        }
        return out.toByteArray();
    }
}
