package dev.javacached.store.remote;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The HTTP remote-cache protocol that build tools speak, on the JDK's {@link HttpClient} (blob bodies
 * through {@link java.net.HttpURLConnection}, see {@link #getCas}):
 * {@code GET/PUT/HEAD} on {@code <base>cas/<sha256>} (the encoded values, by content) and
 * {@code <base>ac/<key>} (the signed entries). bazel-remote, Artifactory and Nexus generic
 * repositories and WebDAV servers (nginx with {@code dav_methods PUT}) serve it.
 *
 * <p>Every call is bounded: connecting by at most one second, a response by the configured
 * timeout, a body by the same timeout without progress. A call that fails for the server's
 * reasons (unreachable, timing out, 5xx, refusing our credentials) throws {@link Failure}; the
 * caller's {@link Breaker} then stops asking for a while.
 */
final class HttpRemote implements AutoCloseable {
    private final URI base;
    private final Optional<String> authorization;
    private final Duration timeout;
    private final HttpClient client;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "java-cached-remote-watchdog");
        t.setDaemon(true);
        return t;
    });

    /** A failure of the server or the network (not of one entry); {@code status} 0 when no response came. */
    static final class Failure extends IOException {
        final int status;

        Failure(String message, int status) {
            super(message);
            this.status = status;
        }
    }

    private static final String BUFSIZE = "jdk.httpclient.bufsize";

    /**
     * Builds the client with HttpClient's read buffers at 256 KB instead of 16 KB: a 800 MB
     * download then costs 0.5-0.7 s of CPU instead of 1.1-1.6 s (loopback nginx, bench/remote).
     * The JDK takes that size only from a system property, read once, when its HTTP classes
     * initialise (the first client built in the JVM). So the property is set only for the moment
     * of this build and removed again: notebook code does not see it (unless it reads it during
     * that build), and a notebook's own HttpClient only reads in bigger buffers (the same bytes; a
     * user's own -D value is kept; where a client was built before, the JDK's default stays).
     */
    private static HttpClient build(HttpClient.Builder builder) {
        synchronized (HttpRemote.class) {
            if (System.getProperty(BUFSIZE) != null) {
                return builder.build();
            }
            System.setProperty(BUFSIZE, String.valueOf(256 * 1024));
            try {
                return builder.build();
            } finally {
                System.clearProperty(BUFSIZE);
            }
        }
    }

    HttpRemote(URI base, Optional<String> authorization, Duration timeout) {
        this.base = base;
        this.authorization = authorization;
        this.timeout = timeout;
        this.client = build(HttpClient.newBuilder()
                .connectTimeout(timeout.compareTo(Duration.ofSeconds(1)) < 0 ? timeout : Duration.ofSeconds(1))
                // plain http: HTTP/1.1 (no h2c upgrade round trip); https negotiates HTTP/2 by ALPN
                .version("https".equals(base.getScheme()) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL));
    }

    URI base() {
        return base;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout);
        authorization.ifPresent(a -> b.header("Authorization", a));
        return b;
    }

    /** The signed entry under {@code ac/<acKey>} (at most {@code max} bytes), or empty on 404. */
    Optional<byte[]> getAc(String acKey, int max) throws IOException {
        HttpResponse<InputStream> r = send(request("ac/" + acKey).GET().build());
        try (InputStream in = r.body()) {
            if (r.statusCode() == 404) {
                return Optional.empty();
            }
            check(r, "GET ac/" + acKey);
            long declared = r.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > max) {
                throw new IOException("entry of " + declared + " bytes is over the limit of " + max);
            }
            byte[] b = watched(in).readNBytes(max + 1);
            if (b.length > max) {
                throw new IOException("entry over the limit of " + max + " bytes");
            }
            return Optional.of(b);
        }
    }

    /**
     * A stream of the blob under {@code cas/<sha256>}, or empty on 404; the caller closes it.
     *
     * <p>Read through the JDK's {@link java.net.HttpURLConnection}, not {@link HttpClient}: on
     * loopback nginx an 800 MB body costs 0.2-0.3 s of CPU through it against 1.4-2.4 s through
     * HttpClient's {@code ofInputStream} (0.5-0.7 s with its 256 KB buffers), and on two cores
     * that CPU is what the download competes with SHA-256, the spill and the decoder for
     * (bench/results/remote.md). The same bounds hold: connecting within one second, no read
     * (the head's included) waiting longer than the timeout, the same credentials, no proxy.
     */
    Optional<InputStream> getCas(String sha256) throws IOException {
        String what = "GET cas/" + sha256;
        java.net.HttpURLConnection c;
        int status;
        try {
            c = (java.net.HttpURLConnection) base.resolve("cas/" + sha256).toURL().openConnection(java.net.Proxy.NO_PROXY);
            c.setConnectTimeout((int) Math.min(timeout.toMillis(), 1000));
            c.setReadTimeout((int) Math.max(1, timeout.toMillis()));
            c.setInstanceFollowRedirects(true);
            authorization.ifPresent(a -> c.setRequestProperty("Authorization", a));
            status = c.getResponseCode();
        } catch (IOException e) {
            throw failure(what, e);
        }
        if (status == 404) {
            c.disconnect();
            return Optional.empty();
        }
        try {
            check(status, what);
        } catch (IOException e) {
            c.disconnect();
            throw e;
        }
        try {
            return Optional.of(new Body(c, c.getInputStream()));
        } catch (IOException e) {
            c.disconnect();
            throw new Failure(what + " failed: " + e, 0);
        }
    }

    /**
     * A blob's body: a read that waits longer than the timeout is the server's failure; closing
     * it before its end drops the connection (so that a close from another thread, the user's
     * interrupt, ends a blocked read), at its end the connection is kept for the next call.
     */
    private final class Body extends FilterInputStream {
        private final java.net.HttpURLConnection connection;
        private volatile boolean ended;

        Body(java.net.HttpURLConnection connection, InputStream in) {
            super(in);
            this.connection = connection;
        }

        private int read(int n) {
            if (n < 0) {
                ended = true;
            }
            return n;
        }

        private IOException failed(IOException e) {
            if (e instanceof java.net.SocketTimeoutException) {
                return new Failure("the server stalled for " + timeout.toMillis() + " ms in the middle of a body", 0);
            }
            return e;
        }

        @Override
        public int read() throws IOException {
            try {
                return read(super.read());
            } catch (IOException e) {
                throw failed(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return read(super.read(b, off, len));
            } catch (IOException e) {
                throw failed(e);
            }
        }

        @Override
        public void close() throws IOException {
            if (ended) {
                super.close();
            } else {
                connection.disconnect();
            }
        }
    }

    /** Whether {@code ac/<acKey>} exists (HEAD). */
    boolean hasAc(String acKey) throws IOException {
        HttpResponse<InputStream> r = send(request("ac/" + acKey).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        r.body().close();
        if (r.statusCode() == 404) {
            return false;
        }
        check(r, "HEAD ac/" + acKey);
        return true;
    }

    /** Whether {@code cas/<sha256>} exists with {@code size} bytes (HEAD). */
    boolean hasCas(String sha256, long size) throws IOException {
        HttpResponse<InputStream> r = send(request("cas/" + sha256).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        r.body().close();
        if (r.statusCode() == 404) {
            return false;
        }
        check(r, "HEAD cas/" + sha256);
        return r.headers().firstValueAsLong("Content-Length").orElse(-1) == size;
    }

    /** PUTs {@code size} bytes from {@code body} to {@code path}; the status (2xx, or 413 for too large). */
    int put(String path, long size, HttpRequest.BodyPublisher body) throws IOException {
        HttpRequest req = request(path).PUT(HttpRequest.BodyPublishers.fromPublisher(body, size))
                .timeout(timeout.plus(Duration.ofMillis(size / 1000))) // and ~1 MB/s for the body
                .build();
        HttpResponse<InputStream> r = send(req);
        r.body().close();
        if (r.statusCode() == 413) {
            return 413;
        }
        check(r, "PUT " + path);
        return r.statusCode();
    }

    private HttpResponse<InputStream> send(HttpRequest req) throws IOException {
        try {
            return client.send(req, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw failure(req.method() + " " + req.uri().getPath(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while talking to " + base);
        }
    }

    /**
     * A request's network failure ({@code what}: its method and path) as the server's: no answer
     * in time (either client's timeout), no connection, or anything else on the way.
     */
    private Failure failure(String what, IOException e) {
        if (e instanceof HttpTimeoutException || e instanceof java.net.SocketTimeoutException) {
            return new Failure("no answer within " + timeout.toMillis() + " ms (" + what + ")", 0);
        }
        if (e instanceof java.net.ConnectException) {
            return new Failure("cannot connect to " + base + " (" + (e.getMessage() == null ? "refused" : e.getMessage()) + ")", 0);
        }
        return new Failure(what + " failed: " + e, 0);
    }

    private static void check(HttpResponse<?> r, String what) throws IOException {
        check(r.statusCode(), what);
    }

    private static void check(int s, String what) throws IOException {
        if (s / 100 == 2) {
            return;
        }
        if (s >= 500 || s == 401 || s == 403 || s == 407 || s == 429) {
            throw new Failure(what + ": the server answered " + s, s);
        }
        throw new IOException(what + ": the server answered " + s);
    }

    /**
     * Wraps a response body so that a stall (no byte for the timeout) closes it: the JDK's
     * timeout covers only the wait for the response's head.
     */
    private InputStream watched(InputStream in) {
        return new Watched(in, System::nanoTime);
    }

    private final class Watched extends FilterInputStream {
        private final LongSupplier clock;
        private volatile long lastProgress;
        private volatile boolean stalled;
        private final ScheduledFuture<?> check;

        Watched(InputStream in, LongSupplier clock) {
            super(in);
            this.clock = clock;
            this.lastProgress = clock.getAsLong();
            long period = Math.max(50, timeout.toMillis() / 4);
            this.check = watchdog.scheduleAtFixedRate(this::checkProgress, period, period, TimeUnit.MILLISECONDS);
        }

        private void checkProgress() {
            if (clock.getAsLong() - lastProgress > timeout.toNanos()) {
                stalled = true;
                check.cancel(false);
                try {
                    in.close();
                } catch (IOException ignored) {
                    // it is being abandoned
                }
            }
        }

        private int progress(int n) throws IOException {
            if (stalled) {
                throw new Failure("the server stalled for " + timeout.toMillis() + " ms in the middle of a body", 0);
            }
            lastProgress = clock.getAsLong();
            return n;
        }

        @Override
        public int read() throws IOException {
            try {
                return progress(super.read());
            } catch (IOException e) {
                throw stalled ? new Failure("the server stalled for " + timeout.toMillis() + " ms in a body", 0) : e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return progress(super.read(b, off, len));
            } catch (IOException e) {
                throw stalled ? new Failure("the server stalled for " + timeout.toMillis() + " ms in a body", 0) : e;
            }
        }

        @Override
        public void close() throws IOException {
            check.cancel(false);
            super.close();
        }
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        // HttpClient has no close() before JDK 21; its threads are daemons
    }
}
