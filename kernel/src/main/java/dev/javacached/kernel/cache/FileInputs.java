package dev.javacached.kernel.cache;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The files a snippet read, by identity: path, size, modification time and a SHA-256 of the
 * content, kept in a store entry's provenance ({@link #PROVENANCE_KEY}). Before a stored value
 * is used, {@link #firstChange} compares them with the disk: a changed file is a miss. Their
 * {@link #digest} is mixed into the state versions of what the snippet set, so everything
 * computed from it afterwards is keyed by the files' content too.
 */
record FileInputs(List<FileInputs.Identity> files) {
    static final String PROVENANCE_KEY = "files.read";
    static final FileInputs NONE = new FileInputs(List.of());
    /**
     * A file whose modification time is this close to when it was recorded may still be written
     * within the same clock tick: its content is compared, not just its size and time.
     */
    static final long RACY_MILLIS = 2_000;

    FileInputs {
        files = List.copyOf(files);
    }

    /** One file: absolute path, size, modification time (ms), content digest, and when it was recorded. */
    record Identity(String path, long size, long mtimeMillis, String sha256, long recordedMillis) {
        String encode() {
            return sha256 + " " + size + " " + mtimeMillis + " " + recordedMillis + " " + path;
        }

        static Identity decode(String line) {
            String[] p = line.split(" ", 5);
            if (p.length != 5) {
                throw new IllegalArgumentException("bad file identity: " + line);
            }
            return new Identity(p[4], Long.parseLong(p[1]), Long.parseLong(p[2]), p[0], Long.parseLong(p[3]));
        }
    }

    boolean isEmpty() {
        return files.isEmpty();
    }

    /** The identities of {@code paths} as they are on disk now; a path that is gone or no regular file throws. */
    static FileInputs of(Collection<String> paths) throws IOException {
        List<Identity> out = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (String p : new TreeSet<>(paths)) {
            Path path = Path.of(p);
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            if (!a.isRegularFile()) {
                throw new IOException(p + " is not a regular file");
            }
            out.add(new Identity(p, a.size(), a.lastModifiedTime().toMillis(), sha256(path), now));
        }
        return new FileInputs(out);
    }

    /** The files' paths. */
    List<String> paths() {
        return files.stream().map(Identity::path).toList();
    }

    /** Reads them back from an entry's provenance (none recorded: {@link #NONE}). */
    static FileInputs fromProvenance(Map<String, String> provenance) {
        String s = provenance.get(PROVENANCE_KEY);
        if (s == null || s.isEmpty()) {
            return NONE;
        }
        return new FileInputs(s.lines().map(Identity::decode).toList());
    }

    /** Adds them to {@code provenance} (nothing when empty, so entries without file reads look as before). */
    void addTo(Map<String, String> provenance) {
        if (!files.isEmpty()) {
            provenance.put(PROVENANCE_KEY, String.join("\n", files.stream().map(Identity::encode).toList()));
        }
    }

    /** Folds the files' paths and digests into one hex string (for state versions). */
    String digest() {
        Hasher h = new Hasher().add("files").add(files.size());
        for (Identity f : files) {
            h.add(f.path()).add(f.sha256());
        }
        return h.hex();
    }

    /**
     * The first file that is not what it was when recorded, described for {@code %cache why}, or
     * empty when all are unchanged. Same size and modification time count as unchanged unless the
     * time was within {@link #RACY_MILLIS} of the recording; otherwise the content decides.
     */
    Optional<String> firstChange() {
        for (Identity f : files) {
            Path path = Path.of(f.path());
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isSymbolicLink()) {
                    a = Files.readAttributes(path, BasicFileAttributes.class);
                }
            } catch (IOException e) {
                return Optional.of("its input file " + f.path() + " is gone");
            }
            if (a.size() != f.size()) {
                return Optional.of("its input file " + f.path() + " changed (" + f.size() + " → " + a.size()
                        + " bytes)");
            }
            long mtime = a.lastModifiedTime().toMillis();
            boolean racy = Math.abs(f.recordedMillis() - f.mtimeMillis()) < RACY_MILLIS;
            if (mtime == f.mtimeMillis() && !racy) {
                continue;
            }
            try {
                if (!sha256(path).equals(f.sha256())) {
                    return Optional.of("its input file " + f.path() + " changed (same size, other content)");
                }
            } catch (IOException e) {
                return Optional.of("its input file " + f.path() + " cannot be read: " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    static String sha256(Path path) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(path)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
