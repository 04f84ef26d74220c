package dev.javacached.kernel.magic.maven;

import java.nio.file.Path;
import java.util.List;

/**
 * Where verified jars go: the engine implements it (JShell's {@code addToClasspath}).
 * Called once per magic with every new jar; if it throws, the magic reports the failure
 * and forgets the jars, so it should add all or nothing.
 */
@FunctionalInterface
public interface ClasspathTarget {
    void addToClasspath(List<Path> jars) throws Exception;
}
