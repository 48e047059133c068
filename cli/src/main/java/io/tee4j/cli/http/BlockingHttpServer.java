package io.tee4j.cli.http;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A small blocking HTTP/1.1 server behind the JDK's {@link HttpServer} API: an accept thread,
 * and one thread per connection from a bounded executor that reads each request, runs its
 * handler and writes the reply itself, looping while the connection is kept alive. No request
 * passes between threads, and no selector is involved, so a keep-alive request costs one read and
 * one write system call besides the handler's work.
 *
 * <p>When the executor refuses a connection (every connection thread busy), an idle kept-alive
 * connection is closed to make room; when none is idle, the new connection is answered {@code 503}
 * with {@code Retry-After} and closed at once: nothing queues. Requests are
 * parsed strictly ({@link RequestHead}); bodies are held to {@link HttpLimits#maxBodyBytes()};
 * each phase of a connection (idle wait, head, body, reply write, TLS handshake) has a timer
 * enforced by a reaper thread that closes late sockets. With an {@link SSLContext} every
 * connection is TLS (server mode, the context's default parameters, as {@code HttpsConfigurator}
 * applies them). Authenticators are not supported; contexts match by the longest path prefix, as
 * in the JDK server.
 */
public final class BlockingHttpServer extends HttpServer {
    private static final long REAPER_TICK_MILLIS = 100;
    private static final long EVICTION_WAIT_MILLIS = 200;

    private final HttpLimits limits;
    private final SSLContext tls;
    private final Set<ServerConnection> open = ConcurrentHashMap.newKeySet();
    private volatile List<BlockingContext> contexts = List.of();
    private ServerSocket socket;
    private Executor executor;
    private ExecutorService ownExecutor;
    private volatile boolean stopped;
    private Thread acceptor;
    private Thread reaper;

    private BlockingHttpServer(HttpLimits limits, SSLContext tls) {
        this.limits = limits;
        this.tls = tls;
    }

    /**
     * A server bound to {@code address} (not yet accepting).
     *
     * @param tls the TLS server context, or null for plain HTTP
     * @throws IOException when the address cannot be bound
     */
    public static BlockingHttpServer create(InetSocketAddress address, int backlog, HttpLimits limits,
            SSLContext tls) throws IOException {
        BlockingHttpServer server = new BlockingHttpServer(limits, tls);
        server.bind(address, backlog);
        return server;
    }

    @Override
    public synchronized void bind(InetSocketAddress address, int backlog) throws IOException {
        if (socket != null) {
            throw new java.net.BindException("already bound");
        }
        ServerSocket s = new ServerSocket();
        try {
            s.bind(address, backlog);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        socket = s;
    }

    @Override
    public synchronized void start() {
        if (socket == null || acceptor != null) {
            throw new IllegalStateException("not bound, or started already");
        }
        if (executor == null) {
            ThreadPoolExecutor pool = new ThreadPoolExecutor(0, limits.maxConnections(), 30, TimeUnit.SECONDS,
                    new SynchronousQueue<>(), r -> daemon(r, "tee4j-http"));
            ownExecutor = pool;
            executor = pool;
        }
        acceptor = daemon(this::acceptLoop, "tee4j-http-accept");
        reaper = daemon(this::reapLoop, "tee4j-http-timers");
        acceptor.start();
        reaper.start();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private void acceptLoop() {
        while (!stopped) {
            Socket s;
            try {
                s = socket.accept();
            } catch (IOException e) {
                if (stopped) {
                    return;
                }
                continue;
            }
            ServerConnection c = new ServerConnection(this, s, limits);
            open.add(c);
            try {
                s.setTcpNoDelay(true);
                if (!hand(c)) {
                    open.remove(c);
                    refuseOverloaded(s);
                }
            } catch (IOException e) {
                open.remove(c);
                closeQuietly(s);
            }
        }
    }

    /**
     * Gives the connection a thread. When none is free, an idle kept-alive connection is closed to
     * free one (its client reconnects, as after the idle timer), and the hand-off is tried again for
     * up to {@value #EVICTION_WAIT_MILLIS} ms: idle connections never lock new clients out; only
     * connections in the middle of a request do.
     */
    private boolean hand(ServerConnection c) {
        long deadline = System.nanoTime() + EVICTION_WAIT_MILLIS * 1_000_000L;
        boolean evicted = false;
        while (true) {
            try {
                executor.execute(c);
                return true;
            } catch (RejectedExecutionException full) {
                if (!evicted) {
                    evicted = evictOneIdle();
                    if (!evicted) {
                        return false;
                    }
                }
                if (System.nanoTime() - deadline > 0 || stopped) {
                    return false;
                }
                try {
                    Thread.sleep(1); // the evicted connection's thread is on its way back to the pool
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }

    private boolean evictOneIdle() {
        for (ServerConnection other : open) {
            if (other.evictIfIdle()) {
                return true;
            }
        }
        return false;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // Closing is all that was asked.
        }
    }

    /**
     * Answers a connection no thread can take: a 503 written from the accept thread (a fresh
     * socket's send buffer takes it without blocking), then closed; over TLS simply closed, since a
     * handshake here would stall the accept thread.
     */
    private void refuseOverloaded(Socket s) {
        try (s) {
            if (tls == null && !stopped) {
                byte[] reply = BlockingExchange.errorReply(503, "too many connections; retry later");
                OutputStream o = s.getOutputStream();
                o.write(reply);
                o.flush();
                s.shutdownOutput();
            }
        } catch (IOException e) {
            // Closing is what remains.
        }
    }

    private void reapLoop() {
        while (!stopped) {
            try {
                Thread.sleep(REAPER_TICK_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (ServerConnection c : open) {
                c.expireIfLate(now);
            }
        }
    }

    void forget(ServerConnection c) {
        open.remove(c);
    }

    SSLContext tls() {
        return tls;
    }

    /** The context with the longest path that prefixes {@code path}, or null. */
    BlockingContext find(String path) {
        if (path == null) {
            return null;
        }
        for (BlockingContext c : contexts) {
            if (path.startsWith(c.getPath())) {
                return c;
            }
        }
        return null;
    }

    @Override
    public synchronized void setExecutor(Executor executor) {
        if (acceptor != null) {
            throw new IllegalStateException("set the executor before start");
        }
        this.executor = executor;
    }

    @Override
    public synchronized Executor getExecutor() {
        return ownExecutor == null ? executor : null;
    }

    /** Stops accepting and closes every open connection (the delay is not waited for). */
    @Override
    public void stop(int delay) {
        stopped = true;
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException e) {
            // Closing is all that was asked.
        }
        for (ServerConnection c : open) {
            c.closeSocket();
        }
        if (reaper != null) {
            reaper.interrupt();
        }
        if (ownExecutor != null) {
            ownExecutor.shutdownNow();
        }
    }

    @Override
    public synchronized HttpContext createContext(String path, HttpHandler handler) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("a context path starts with /");
        }
        List<BlockingContext> next = new ArrayList<>(contexts);
        if (next.stream().anyMatch(c -> c.getPath().equals(path))) {
            throw new IllegalArgumentException("context already exists: " + path);
        }
        BlockingContext c = new BlockingContext(path, handler, this);
        next.add(c);
        next.sort(Comparator.comparingInt((BlockingContext x) -> x.getPath().length()).reversed());
        contexts = List.copyOf(next);
        return c;
    }

    @Override
    public HttpContext createContext(String path) {
        return createContext(path, null);
    }

    @Override
    public synchronized void removeContext(String path) {
        List<BlockingContext> next = new ArrayList<>(contexts);
        if (!next.removeIf(c -> c.getPath().equals(path))) {
            throw new IllegalArgumentException("no context " + path);
        }
        contexts = List.copyOf(next);
    }

    @Override
    public void removeContext(HttpContext context) {
        removeContext(context.getPath());
    }

    @Override
    public InetSocketAddress getAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }
}
