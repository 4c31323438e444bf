package io.hookgate.deploy.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback TCP relay in front of a real server (PostgreSQL, say) that a test can cut: every open connection is
 * reset (RST, as when the server process dies) and new ones are refused until {@link #restore()} listens again
 * on the same port.
 */
public final class TcpRelay implements AutoCloseable {
    private final InetSocketAddress target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private ServerSocket server;
    private int port;

    private TcpRelay(InetSocketAddress target) {
        this.target = target;
    }

    /** Listens on a free loopback port and relays to {@code host:port}. */
    public static TcpRelay to(String host, int port) {
        TcpRelay relay = new TcpRelay(new InetSocketAddress(host, port));
        relay.restore();
        return relay;
    }

    public synchronized int port() {
        return port;
    }

    /** Listens again (on the same port after the first time). */
    public synchronized void restore() {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            port = socket.getLocalPort();
            server = socket;
            threads.execute(() -> accept(socket));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on " + port, e);
        }
    }

    /** Resets every relayed connection and stops listening: clients see "connection reset", then "connection refused". */
    public synchronized void cut() {
        closeQuietly(server);
        for (Socket socket : open) {
            try {
                socket.setSoLinger(true, 0);
            } catch (IOException e) {
                // already closed
            }
            closeQuietly(socket);
        }
        open.clear();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Socket upstream = new Socket(target.getAddress(), target.getPort());
                open.add(client);
                open.add(upstream);
                threads.execute(() -> pump(client, upstream));
                threads.execute(() -> pump(upstream, client));
            } catch (IOException e) {
                // closed by cut(), or the target refused: the client's connection is dropped either way
            }
        }
    }

    private void pump(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // one side went away: the other follows
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (Exception e) {
            // nothing left to do
        }
    }

    @Override
    public void close() {
        cut();
        threads.shutdownNow();
    }
}
