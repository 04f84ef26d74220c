package dev.javacached.store;

import java.nio.file.Path;

/** Store-wide figures for {@code %cache status}. */
public record StoreStats(Path directory, long entries, long bytesUsed, long sizeLimit, long pinnedEntries) {
}
