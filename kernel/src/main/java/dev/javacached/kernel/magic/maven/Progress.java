package dev.javacached.kernel.magic.maven;

/**
 * Receives one-line progress reports while artifacts are resolved and downloaded; each
 * line replaces the previous one (the kernel shows them as one updating display).
 * Called on the resolving thread, at most a few times per second per transfer.
 */
@FunctionalInterface
public interface Progress {
    Progress NONE = line -> { };

    void update(String line);
}
