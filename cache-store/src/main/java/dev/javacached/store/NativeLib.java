package dev.javacached.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.rocksdb.RocksDB;
import org.rocksdb.util.Environment;

/**
 * Loads the RocksDB JNI library. RocksDB's own loader extracts the 15 MB library from its jar
 * into a new temp file on every JVM start (about 200 ms here); this keeps one extracted copy per
 * rocksdbjni jar under {@code DIR/lib/} (0700/0600, written to a temp file, fsynced and renamed,
 * so a crash never leaves a partial library under the final name) and loads it from there
 * (about 5 ms). Any problem falls back to RocksDB's loader.
 */
final class NativeLib {
    private static boolean loaded;

    private NativeLib() {
    }

    static synchronized void load(Path storeDir) {
        if (loaded) {
            return;
        }
        try {
            // the resource in the jar, and the file name RocksDB.loadLibrary(paths) looks for
            String name = Environment.getJniLibraryFileName("rocksdb");
            String target = Environment.getJniLibraryFileName("rocksdbjni");
            Path jar = Path.of(RocksDB.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // one directory per jar: its name, size and time (no hashing: this runs at every start)
            String key = (jar.getFileName() + "-" + Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis())
                    .replaceAll("[^A-Za-z0-9._-]", "_");
            Path dir = storeDir.resolve("lib").resolve(key);
            Path lib = dir.resolve(target);
            if (!Files.isRegularFile(lib)) {
                Fs.privateDir(storeDir.resolve("lib"));
                Fs.privateDir(dir);
                try (InputStream in = RocksDB.class.getClassLoader().getResourceAsStream(name)) {
                    if (in == null) {
                        throw new IOException(name + " not in the rocksdbjni jar");
                    }
                    Path tmp = Files.createTempFile(dir, "lib", ".tmp", Fs.FILE_ATTR);
                    try {
                        try (java.io.OutputStream out = Files.newOutputStream(tmp)) {
                            in.transferTo(out); // keeps the temp file's 0600
                        }
                        Fs.fsync(tmp);
                        Files.move(tmp, lib, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                        Fs.fsyncDir(dir);
                    } finally {
                        Files.deleteIfExists(tmp);
                    }
                }
            }
            RocksDB.loadLibrary(List.of(dir.toString()));
        } catch (IOException | RuntimeException | java.net.URISyntaxException
                 | UnsatisfiedLinkError e) {
            RocksDB.loadLibrary();
        }
        loaded = true;
    }
}
