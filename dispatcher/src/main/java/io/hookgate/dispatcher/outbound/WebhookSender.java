package io.hookgate.dispatcher.outbound;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One POST per attempt to an address the {@link AddressPolicy} approved: no redirects followed, the whole
 * attempt bounded by the request timeout, and at most {@link #EXCERPT} bytes of the answer read (then the
 * connection is dropped) so a receiver cannot make a worker buffer an endless body.
 */
final class WebhookSender implements AutoCloseable {
    static final int EXCERPT = 1024;

    private final HttpClientAgent client;
    private final AddressPolicy addresses;
    private final DeliveryConfig config;
    private final Clock clock;

    WebhookSender(Vertx vertx, DeliveryConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.addresses = new AddressPolicy(config.allow());
        // Vert.x keeps 5 connections per host by default: endpoints sharing a host (one receiver's several
        // endpoints, a shared webhook service) would queue behind 5 sockets, and the wait would count against each
        // attempt's timeout. The per-endpoint and per-process caps already bound attempts; the pool need not.
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.requestTimeout().toMillis())
                .setIdleTimeout((int) config.requestTimeout().toSeconds() + 1)
                .setForceSni(true)
                .setKeepAlive(true)
                .setMaxRedirects(0), new PoolOptions().setHttp1MaxSize(config.inFlight()));
    }

    /**
     * Sends and waits (virtual thread); never throws: every failure is an {@link AttemptResult}. Nothing is sent,
     * or waited for, past {@code deadlineNanos} ({@link System#nanoTime()}), however long DNS took.
     */
    AttemptResult send(String url, Map<String, String> headers, byte[] body, long deadlineNanos) {
        long started = System.nanoTime();
        URI uri = URI.create(url);
        boolean https = "https".equals(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        InetAddress address;
        try {
            address = addresses.resolve(uri.getHost());
        } catch (UnknownHostException e) {
            return AttemptResult.failed("dns_failure", elapsed(started), true);
        } catch (AddressPolicy.Refused e) {
            return AttemptResult.failed("address_refused", elapsed(started), false);
        }
        long timeoutMillis = Math.min(config.requestTimeout().toMillis(), (deadlineNanos - System.nanoTime()) / 1_000_000);
        if (timeoutMillis <= 0) {
            return AttemptResult.failed("timeout", elapsed(started), true);
        }
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setHost(uri.getHost()).setPort(port).setSsl(https)
                .setURI((uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()))
                .setFollowRedirects(false)
                .setConnectTimeout(timeoutMillis)
                .setIdleTimeout(timeoutMillis);
        headers.forEach(options::putHeader);
        HttpClientRequest[] sent = new HttpClientRequest[1];
        try {
            Answer answer = client.request(options)
                    .compose(request -> {
                        sent[0] = request;
                        return request.send(Buffer.buffer(body)).compose(response -> excerpt(request, response));
                    })
                    .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
                    .await();
            return AttemptResult.answered(answer.status, answer.excerpt, elapsed(started), RetryPolicy.retryAfter(answer.retryAfter, clock));
        } catch (Exception e) {
            if (sent[0] != null) {
                sent[0].reset();
            }
            return AttemptResult.failed(errorClass(e), elapsed(started), true);
        }
    }

    private record Answer(int status, String excerpt, String retryAfter) {
    }

    /** Reads the answer up to EXCERPT bytes; past that, the request is reset (connection closed) instead of read on. */
    private static Future<Answer> excerpt(HttpClientRequest request, HttpClientResponse response) {
        Promise<Answer> answer = Promise.promise();
        Buffer kept = Buffer.buffer();
        String retryAfter = response.getHeader("retry-after");
        Runnable finish = () -> answer.tryComplete(new Answer(response.statusCode(),
                kept.length() == 0 ? null : new String(kept.getBytes(), StandardCharsets.UTF_8), retryAfter));
        response.handler(chunk -> {
            int room = EXCERPT - kept.length();
            if (room > 0) {
                kept.appendBuffer(chunk.length() <= room ? chunk : chunk.getBuffer(0, room));
            }
            if (kept.length() >= EXCERPT && !answer.future().isComplete()) {
                finish.run();
                request.reset();
            }
        });
        response.endHandler(v -> finish.run());
        // The status arrived; a body cut short does not change what the receiver answered.
        response.exceptionHandler(e -> finish.run());
        return answer.future();
    }

    static String errorClass(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            if (cause instanceof ConnectException || cause instanceof SSLException) {
                break;
            }
            cause = cause.getCause();
        }
        if (e instanceof TimeoutException || cause instanceof TimeoutException
                || cause.getClass().getSimpleName().contains("Timeout")) {
            return "timeout";
        }
        if (cause instanceof ConnectException) {
            return "connection_refused";
        }
        if (cause instanceof SSLException) {
            return "tls_error";
        }
        return "connection_error";
    }

    private static long elapsed(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    @Override
    public void close() {
        client.close();
    }
}
