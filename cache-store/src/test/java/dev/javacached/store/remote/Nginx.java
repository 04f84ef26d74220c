package dev.javacached.store.remote;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx (Debian's nginx-light has the WebDAV module) serving the remote-cache protocol
 * from a temp folder on 127.0.0.1 and a free port, in the foreground, as a child of the test:
 * {@code GET/HEAD} read files under its root, {@code PUT} writes them (dav_methods PUT). Tests and
 * benchmarks start it and {@link #close()} stops it.
 */
public final class Nginx implements AutoCloseable {
    private final Process process;
    private final Path root;
    private final int port;

    private Nginx(Process process, Path root, int port) {
        this.process = process;
        this.root = root;
        this.port = port;
    }

    /** The nginx binary, or null when it is not installed (test.sh installs nginx-light). */
    public static Path binary() {
        for (String p : new String[]{"/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"}) {
            if (Files.isExecutable(Path.of(p))) {
                return Path.of(p);
            }
        }
        return null;
    }

    /** Starts nginx with its prefix in {@code dir}; {@code maxBody} is its client_max_body_size ("0": none). */
    public static Nginx start(Path dir, String maxBody) throws IOException, InterruptedException {
        Path bin = binary();
        if (bin == null) {
            throw new IOException("nginx is not installed (apt-get install nginx-light)");
        }
        Path root = dir.resolve("data");
        Files.createDirectories(root);
        Files.createDirectories(dir.resolve("tmp"));
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            String t = dir.resolve("tmp").toString();
            String conf = """
                    daemon off;
                    master_process off;
                    worker_processes 1;
                    pid %1$s/nginx.pid;
                    error_log %1$s/error.log warn;
                    events { worker_connections 256; }
                    http {
                      access_log off;
                      client_body_temp_path %2$s/body;
                      proxy_temp_path %2$s/proxy;
                      fastcgi_temp_path %2$s/fastcgi;
                      uwsgi_temp_path %2$s/uwsgi;
                      scgi_temp_path %2$s/scgi;
                      client_max_body_size %3$s;
                      sendfile on;
                      server {
                        listen 127.0.0.1:%4$d;
                        root %5$s;
                        location / {
                          dav_methods PUT DELETE;
                          create_full_put_path on;
                          dav_access user:rw;
                        }
                      }
                    }
                    """.formatted(dir, t, maxBody, port, root);
            Path confFile = dir.resolve("nginx.conf");
            Files.writeString(confFile, conf);
            Process p = new ProcessBuilder(bin.toString(), "-p", dir.toString(), "-c", confFile.toString(),
                    "-e", dir.resolve("error.log").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < end && p.isAlive()) {
                try (Socket s = new Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
                    return new Nginx(p, root, port);
                } catch (IOException e) {
                    Thread.sleep(20); // waiting for a child process to listen: nothing to wait on but the port
                }
            }
            p.destroyForcibly().waitFor();
            last = new IOException("nginx did not start on port " + port + ": "
                    + Files.readString(dir.resolve("error.log")));
        }
        throw last;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    public int port() {
        return port;
    }

    /** The folder nginx serves: {@code cas/} and {@code ac/} appear under it. */
    public Path root() {
        return root;
    }

    /** Stops nginx (SIGTERM, then SIGKILL) and waits for it. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
