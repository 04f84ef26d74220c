package dev.javacached.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * An entry as it travels between stores (the remote tier, {@code store.remote}): what the
 * local store knows about a value except its per-user MAC, which never leaves the machine, plus
 * the SHA-256 of its encoded bytes. The bytes themselves are streamed, never held here.
 *
 * @param key          the fingerprint
 * @param sizeBytes    the length of the encoded value
 * @param sha256       SHA-256 of the encoded value, lower-case hex
 * @param classes      the class table the decoder admits (see the codec)
 * @param pure         whether decoding runs no value's own code
 */
public record PortableEntry(String key, String name, String typeName, long sizeBytes, String sha256,
                            long computeNanos, long createdMillis, Map<String, String> provenance,
                            byte[] attachment, Map<String, String> classes, boolean pure) {
    public PortableEntry {
        provenance = Map.copyOf(provenance);
        classes = Map.copyOf(classes);
        attachment = attachment == null ? new byte[0] : attachment.clone();
    }

    @Override
    public byte[] attachment() {
        return attachment.clone();
    }

    /** A local entry ready to upload: its description and where its verified bytes are. */
    public record Exported(PortableEntry entry, byte[] inline, Path blob) {
        /** Opens the encoded bytes (a blob file may have been evicted meanwhile: then it throws). */
        public InputStream open() throws IOException {
            return inline != null ? new ByteArrayInputStream(inline) : Files.newInputStream(blob);
        }
    }

    /**
     * What an import did: its result and, when it decoded the value too ({@code decoded}), the
     * value, from bytes whose length and SHA-256 were the entry's.
     */
    public record Imported(PutResult result, boolean decoded, Object value) {
    }
}
