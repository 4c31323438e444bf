package io.hookgate.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Heap the gateway spends per connection it knows and per request it is reading. The server runs in this
 * JVM, so its live heap is measured directly after full collections; the difference before and after is
 * what the connections or requests hold (the broker and the baselines in this JVM are idle meanwhile).
 */
final class MemoryBench {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private MemoryBench() {
    }

    /** Live heap in bytes after collections settle. */
    static long liveHeap() throws InterruptedException {
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            long used = MEMORY.getHeapMemoryUsage().getUsed();
            if (Math.abs(last - used) < 64 * 1024) {
                return used;
            }
            last = used;
        }
        return last;
    }

    /**
     * Opens {@code count} connections that each send a request's head and half of a 1 KB body, so the
     * gateway holds {@code count} requests mid-read; returns the heap they hold per request, in bytes.
     */
    static long heapPerInFlightRequest(int ingestPort, String connectionId, int count) throws IOException, InterruptedException {
        long before = liveHeap();
        List<Socket> sockets = new ArrayList<>(count);
        try {
            byte[] head = ("POST /webhooks/in/" + connectionId + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1024\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] half = Bodies.json(1024).getBytes(0, 512);
            for (int i = 0; i < count; i++) {
                Socket socket = new Socket("127.0.0.1", ingestPort);
                OutputStream out = socket.getOutputStream();
                out.write(head);
                out.write(half);
                out.flush();
                sockets.add(socket);
            }
            Thread.sleep(1000); // the server reads what was sent
            long during = liveHeap();
            return Math.max(0, (during - before) / count);
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    /**
     * Open-loop load for {@code minutes} while the heap is sampled every {@code sampleSeconds}: the lowest heap
     * after the collections the JVM made on its own in that period ({@link PostGcHeap}; nothing is forced while
     * the load runs, so its latencies are the server's own). Growth of the live heap from before the load to after
     * it, and between the first and last samples, is what a leak would show.
     */
    static JsonObject soak(Load load, int minutes, int sampleSeconds) throws Exception {
        // The live heap by forced full collections right before the load and right after it: outside the
        // measured window, and what a large heap's own young collections cannot show (the old generation's garbage
        // waits there for a marking cycle, which a fixed 2 GB heap may not start within ten minutes).
        long liveBefore = liveHeap();
        try (PostGcHeap heap = PostGcHeap.listen()) {
            CompletableFuture<JsonObject> result = CompletableFuture.supplyAsync(() -> {
                try {
                    return load.timing(10, minutes * 60).run();
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });
            JsonArray samples = new JsonArray();
            Thread.sleep(20_000); // warm-up and the first fills of caches and pools
            heap.takeLowest();
            while (!result.isDone()) {
                for (int i = 0; i < sampleSeconds * 10 && !result.isDone(); i++) {
                    Thread.sleep(100);
                }
                long lowest = heap.takeLowest();
                if (lowest >= 0) {
                    samples.add(lowest / 1024);
                }
            }
            if (samples.isEmpty()) {
                throw new IllegalStateException("no collection ran during the soak: nothing to say about the heap");
            }
            JsonObject loadResult = result.get();
            long liveAfter = liveHeap();
            long first = samples.getLong(0);
            long last = samples.getLong(samples.size() - 1);
            return new JsonObject().put("minutes", minutes).put("heap_kb_samples", samples)
                    .put("heap_kb_first", first).put("heap_kb_last", last).put("heap_kb_growth", last - first)
                    .put("live_heap_kb_before", liveBefore / 1024).put("live_heap_kb_after", liveAfter / 1024)
                    .put("live_heap_kb_growth", (liveAfter - liveBefore) / 1024)
                    .put("load", loadResult);
        }
    }
}
