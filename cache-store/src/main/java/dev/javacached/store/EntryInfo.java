package dev.javacached.store;

import java.util.Map;

/**
 * What the caller knows about a value when storing it.
 *
 * @param name         the variable name it was declared under
 * @param typeName     the declared/resolved type, as the caller will need it to restore
 * @param computeNanos how long computing the value took
 * @param provenance   free-form facts about where it came from (fingerprint inputs, Java version, ...)
 * @param attachment   opaque bytes stored alongside (e.g. the output to replay); may be empty
 */
public record EntryInfo(String name, String typeName, long computeNanos, Map<String, String> provenance,
                        byte[] attachment) {
    public EntryInfo {
        provenance = Map.copyOf(provenance);
        attachment = attachment == null ? new byte[0] : attachment.clone();
    }
}
