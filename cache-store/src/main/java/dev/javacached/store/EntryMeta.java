package dev.javacached.store;

import java.util.Map;

/** Metadata of a stored entry. Times are epoch milliseconds; {@code sizeBytes} is the encoded size. */
public record EntryMeta(String key, String name, String typeName, long sizeBytes, String digest,
                        long computeNanos, long createdMillis, long lastUsedMillis, long hits, boolean pinned,
                        Map<String, String> provenance, byte[] attachment) {
    public EntryMeta {
        provenance = Map.copyOf(provenance);
        attachment = attachment == null ? new byte[0] : attachment.clone();
    }
}
