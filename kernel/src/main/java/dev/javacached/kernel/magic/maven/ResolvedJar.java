package dev.javacached.kernel.magic.maven;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One jar ready to go on the classpath, verified: it exists, is a non-empty zip, and its
 * content digest is known.
 *
 * @param coordinate {@code groupId:artifactId} (plus {@code :extension:classifier} when not
 *                   a plain jar) for a Maven artifact; {@code file:} and the absolute path
 *                   for a jar added with {@code %jars}
 * @param version    the resolved version; empty for a local jar
 * @param path       the file, absolute
 * @param size       its size in bytes
 * @param sha256     lower-case hex SHA-256 of its content
 */
public record ResolvedJar(String coordinate, String version, Path path, long size, String sha256) {
    static final String LOCAL_PREFIX = "file:";

    public ResolvedJar {
        Objects.requireNonNull(coordinate, "coordinate");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sha256, "sha256");
    }

    /** True for a jar from {@code %jars} rather than from a Maven repository. */
    public boolean local() {
        return coordinate.startsWith(LOCAL_PREFIX);
    }

    /** {@code group:artifact:version}, or the path of a local jar. */
    public String id() {
        return local() ? coordinate.substring(LOCAL_PREFIX.length()) : coordinate + ":" + version;
    }

    public String fileName() {
        return path.getFileName().toString();
    }

    /**
     * This jar's line in the classpath fingerprint: identity and content, not location, so
     * the same artifact in another local repository fingerprints the same.
     */
    String fingerprintLine() {
        String who = local() ? LOCAL_PREFIX + fileName() : coordinate + ":" + version;
        return who + " " + sha256;
    }
}
