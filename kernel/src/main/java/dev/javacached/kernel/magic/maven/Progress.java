package dev.javacached.kernel.magic.maven;

/**
 * Receives one-line progress reports while artifacts are resolved and downloaded; each
 * line replaces the previous one (the kernel shows them as one updating display).
 * Called on the resolver's threads, possibly several at once (downloads run in parallel),
 * at most a few times per second per transfer: implementations must be thread-safe.
 */
@FunctionalInterface
public interface Progress {
    Progress NONE = line -> { };

    void update(String line);
}
