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
 *
 * <p>It also answers RocksDB's "is this C library musl?" question before RocksDB asks it
 * ({@link #presetLibc}): RocksDB's answer runs {@code ldd /usr/bin/env | grep -q musl} through
 * {@code /usr/bin/env sh -c}, which is four processes and 40-70 ms at every kernel start, and the
 * reads of those processes are added to the kernel's own I/O counters once they are reaped, so
 * the snippet running meanwhile looked as if it had read files.
 */
final class NativeLib {
    private static boolean loaded;

    private NativeLib() {
    }

    static synchronized void load(Path storeDir) {
        if (loaded) {
            return;
        }
        presetLibc();
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

    /**
     * Tells RocksDB's {@link Environment} which C library this process runs on, read from the
     * process's own mappings ({@link #muslFromMaps}), unless {@code ROCKSDB_MUSL_LIBC} already says
     * so or the mappings do not tell. Returns what it set, or null where it left RocksDB to find
     * out for itself (also if RocksDB's private field is not there: another RocksDB version).
     */
    static Boolean presetLibc() {
        if (System.getenv("ROCKSDB_MUSL_LIBC") != null) {
            return null;
        }
        Boolean musl;
        try (java.util.stream.Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
            musl = muslFromMaps(lines);
        } catch (IOException | RuntimeException e) {
            return null;    // not Linux, or no /proc: RocksDB's own check runs
        }
        if (musl == null) {
            return null;
        }
        try {
            java.lang.reflect.Field f = Environment.class.getDeclaredField("MUSL_LIBC");
            f.setAccessible(true);
            if (f.get(null) == null) {
                f.set(null, musl);
            }
            return (Boolean) f.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Whether the C library mapped into this process is musl (its dynamic linker,
     * {@code ld-musl-ARCH.so.1}, is also its C library) or glibc ({@code libc.so.6}), from the
     * lines of {@code /proc/self/maps}; null if neither is mapped.
     */
    static Boolean muslFromMaps(java.util.stream.Stream<String> lines) {
        for (java.util.Iterator<String> it = lines.iterator(); it.hasNext(); ) {
            String line = it.next();
            int slash = line.lastIndexOf('/');
            if (slash < 0) {
                continue;
            }
            String file = line.substring(slash + 1);
            if (file.startsWith("ld-musl-") || file.startsWith("libc.musl-")) {
                return true;
            }
            if (file.equals("libc.so.6")) {
                return false;
            }
        }
        return null;
    }
}
