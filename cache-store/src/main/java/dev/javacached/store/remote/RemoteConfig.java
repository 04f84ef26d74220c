package dev.javacached.store.remote;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the remote tier is and who this kernel is to it. Each setting comes from the
 * environment, else from the settings file {@code remote.properties} in the cache directory
 * (a line such as {@code url=https://cache.example.com/java-cached}); the environment wins.
 * <table>
 *   <tr><th>environment</th><th>file</th><th>meaning</th></tr>
 *   <tr><td>JAVA_CACHED_REMOTE</td><td>url</td><td>the server's base URL; unset: no remote tier</td></tr>
 *   <tr><td>JAVA_CACHED_REMOTE_TRUST</td><td>trust</td><td>PEM file of trusted writers' public keys</td></tr>
 *   <tr><td>JAVA_CACHED_REMOTE_WRITE</td><td>write</td><td>PEM private key: this kernel uploads (writers only)</td></tr>
 *   <tr><td>JAVA_CACHED_REMOTE_CREDENTIALS</td><td>credentials</td><td>file holding {@code user:password}
 *       (basic) or {@code Bearer TOKEN}</td></tr>
 *   <tr><td>JAVA_CACHED_REMOTE_TIMEOUT_MS</td><td>timeout_ms</td><td>per request until the
 *       response starts (default 2000; connecting: at most 1000)</td></tr>
 * </table>
 */
public record RemoteConfig(URI base, Optional<Path> trust, Optional<Path> writeKey, Optional<Path> credentials,
                           Duration timeout, String source) {
    public static final String FILE = "remote.properties";

    /** The configuration for a kernel whose cache is in {@code cacheDir}; empty when no URL is set. */
    public static Optional<RemoteConfig> resolve(Map<String, String> env, Path cacheDir) throws IOException {
        Properties file = new Properties();
        Path settings = cacheDir.resolve(FILE);
        if (Files.isRegularFile(settings)) {
            try (Reader r = Files.newBufferedReader(settings, StandardCharsets.UTF_8)) {
                file.load(r);
            }
        }
        String url = pick(env, "JAVA_CACHED_REMOTE", file, "url");
        if (url == null) {
            return Optional.empty();
        }
        String source = env.containsKey("JAVA_CACHED_REMOTE") && !env.get("JAVA_CACHED_REMOTE").isBlank()
                ? "JAVA_CACHED_REMOTE" : settings.toString();
        URI base;
        try {
            base = URI.create(url.endsWith("/") ? url : url + "/");
        } catch (IllegalArgumentException e) {
            throw new IOException("the remote URL " + url + " is not a URL: " + e.getMessage());
        }
        if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
            throw new IOException("the remote URL must start with http:// or https://, not " + url);
        }
        String timeout = pick(env, "JAVA_CACHED_REMOTE_TIMEOUT_MS", file, "timeout_ms");
        Duration t = Duration.ofMillis(2000);
        if (timeout != null) {
            try {
                t = Duration.ofMillis(Math.max(1, Long.parseLong(timeout.trim())));
            } catch (NumberFormatException e) {
                throw new IOException("the remote timeout must be a number of milliseconds, not " + timeout);
            }
        }
        return Optional.of(new RemoteConfig(base, path(pick(env, "JAVA_CACHED_REMOTE_TRUST", file, "trust")),
                path(pick(env, "JAVA_CACHED_REMOTE_WRITE", file, "write")),
                path(pick(env, "JAVA_CACHED_REMOTE_CREDENTIALS", file, "credentials")), t, source));
    }

    private static String pick(Map<String, String> env, String var, Properties file, String prop) {
        String v = env.get(var);
        if (v != null && !v.isBlank()) {
            return v.trim();
        }
        v = file.getProperty(prop);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static Optional<Path> path(String s) {
        return Optional.ofNullable(s).map(Path::of);
    }

    /** The Authorization header value from the credentials file, if one is configured. */
    Optional<String> authorization() throws IOException {
        if (credentials.isEmpty()) {
            return Optional.empty();
        }
        String text = Files.readString(credentials.get(), StandardCharsets.UTF_8).strip();
        if (text.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of("Bearer " + text.substring(7).strip());
        }
        if (!text.contains(":")) {
            throw new IOException(credentials.get() + " must hold user:password or Bearer TOKEN");
        }
        return Optional.of("Basic " + java.util.Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
    }
}
