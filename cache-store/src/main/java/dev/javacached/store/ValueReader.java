package dev.javacached.store;

import dev.javacached.store.codec.CorruptValueException;
import dev.javacached.store.codec.Input;
import dev.javacached.store.codec.NotStorableException;
import dev.javacached.store.codec.ValueCodec;
import java.io.IOException;

/**
 * Reads an entry's value back: from the entry itself (a small value) or its blob file, checking
 * the bytes against the entry's authenticated tag and decoding them (README, "Read path"). A
 * value whose decoding runs no foreign code is decoded while it is hashed; any other is verified
 * completely first. Throws {@link CorruptValueException} for bytes that do not verify.
 */
final class ValueReader {
    private final Blobs blobs;

    ValueReader(Blobs blobs) {
        this.blobs = blobs;
    }

    Object read(EntryRecord rec, ClassResolver resolver) throws IOException {
        return rec.isBlob() ? readBlob(rec, resolver) : readInline(rec, resolver);
    }

    private Object readInline(EntryRecord rec, ClassResolver resolver) throws IOException {
        if (!Secret.equal(EntryIndex.utf8(blobs.tagOf(rec.inline())), EntryIndex.utf8(rec.digest()))) {
            throw new CorruptValueException("digest mismatch");
        }
        return decode(new Input(rec.inline()), resolver, rec);
    }

    /** Decodes where the user's interrupt reaches the value's own code (see {@link ClassResolver#runValueCode}). */
    private static Object decode(Input in, ClassResolver resolver, EntryRecord rec) throws IOException {
        if (rec.pure()) {
            return ValueCodec.decodeFastPath(in); // no value's own code runs (a graph is refused): no detour
        }
        try {
            return resolver.runValueCode(() -> ValueCodec.decode(in, resolver, rec.classes()));
        } catch (NotStorableException e) {
            throw new IOException(e.getMessage(), e); // decoding never refuses a value
        }
    }

    private Object readBlob(EntryRecord rec, ClassResolver resolver) throws IOException {
        try (Blobs.Reader reader = blobs.new Reader(blobs.pathOf(rec.digest()))) {
            if (reader.size() != rec.sizeBytes()) {
                throw new CorruptValueException("blob has " + reader.size() + " bytes, expected " + rec.sizeBytes());
            }
            if (rec.pure()) {
                // Decoding runs no foreign code; its allocations are bounded by the file size. The
                // helpers hash the mapped chunks while this thread decodes, and nothing is returned
                // before the tag matches.
                reader.startHashing();
                Object v;
                try {
                    v = decode(reader.input(), resolver, rec);
                } catch (CorruptValueException e) {
                    throw new CorruptValueException("digest mismatch (" + e.getMessage() + ")");
                }
                if (!reader.verify(rec.digest())) {
                    throw new CorruptValueException("digest mismatch");
                }
                return v;
            }
            reader.hashAll();
            if (!reader.verify(rec.digest())) {
                throw new CorruptValueException("digest mismatch");
            }
            return decode(reader.input(), resolver, rec);
        } catch (InternalError e) {
            // a mapped page could not be read: the file shrank or the disk failed under us
            throw new CorruptValueException("blob could not be read through its mapping: " + e.getMessage());
        }
    }
}
