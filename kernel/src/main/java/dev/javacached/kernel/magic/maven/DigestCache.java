package dev.javacached.kernel.magic.maven;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * Remembers jar SHA-256 digests across kernel restarts, keyed by absolute path and
 * checked against size and modification time, so a re-run of {@code %maven} does not
 * re-hash megabytes of unchanged jars in a cold JVM. Backed by a properties file that is
 * only a cache: unreadable means empty, concurrent writers mean last one wins.
 */
public final class DigestCache {
    private final Path file;
    private Properties entries;
    private boolean dirty;

    /** @param file where digests persist; null keeps them in memory only */
    public DigestCache(Path file) {
        this.file = file;
    }

    /** The SHA-256 of {@code jar}, from the cache when its size and mtime are unchanged. */
    public synchronized String sha256(Path jar) throws IOException {
        Path key = jar.toAbsolutePath().normalize();
        String stamp = Files.size(key) + ":" + Files.getLastModifiedTime(key).toMillis();
        String cached = entries().getProperty(key.toString());
        if (cached != null && cached.startsWith(stamp + ":")) {
            return cached.substring(stamp.length() + 1);
        }
        String digest = JarFiles.sha256(key);
        entries().setProperty(key.toString(), stamp + ":" + digest);
        dirty = true;
        return digest;
    }

    /** Writes new digests to the file, atomically; failures are ignored (it is a cache). */
    public synchronized void flush() {
        if (!dirty || file == null) {
            return;
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                entries.store(out, "java-cached: SHA-256 of jars, path=size:mtime:sha256");
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            dirty = false;
        } catch (IOException e) {
            // A cache that cannot be written costs only time.
        }
    }

    private Properties entries() {
        if (entries == null) {
            entries = new Properties();
            if (file != null && Files.isRegularFile(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    entries.load(in);
                } catch (IOException | IllegalArgumentException e) {
                    entries = new Properties();
                }
            }
        }
        return entries;
    }
}
