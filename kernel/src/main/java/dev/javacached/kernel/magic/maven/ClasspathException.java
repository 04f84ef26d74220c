package dev.javacached.kernel.magic.maven;

import java.util.Objects;

/**
 * Why jars could not be added. The message is a complete sentence naming the coordinate
 * or file; when this is thrown, nothing has been added to the classpath.
 */
public final class ClasspathException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What went wrong, each with the error name the user sees. */
    public enum Kind {
        MALFORMED_COORDINATE("MalformedCoordinate"),
        NOT_FOUND("ArtifactNotFound"),
        UNREACHABLE("RepositoryUnreachable"),
        VERSION_CONFLICT("VersionConflict"),
        NOT_A_JAR("NotAJar"),
        BAD_REPOSITORY("BadRepository"),
        BAD_POM("BadPom"),
        TARGET_FAILED("ClasspathUpdateFailed"),
        RESOLUTION_FAILED("MavenResolutionError");

        private final String errorName;

        Kind(String errorName) {
            this.errorName = errorName;
        }

        public String errorName() {
            return errorName;
        }
    }

    private final Kind kind;

    public ClasspathException(Kind kind, String message) {
        this(kind, message, null);
    }

    public ClasspathException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }
}
