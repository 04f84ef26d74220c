package dev.javacached.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/** File-system helpers: private permissions and durable renames. */
final class Fs {
    static final Set<PosixFilePermission> DIR_PERMS = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE_PERMS = PosixFilePermissions.fromString("rw-------");
    static final FileAttribute<Set<PosixFilePermission>> FILE_ATTR = PosixFilePermissions.asFileAttribute(FILE_PERMS);
    static final FileAttribute<Set<PosixFilePermission>> DIR_ATTR = PosixFilePermissions.asFileAttribute(DIR_PERMS);

    private Fs() {
    }

    static void privateDir(Path dir) throws IOException {
        Files.createDirectories(dir, DIR_ATTR);
        if (!Files.getPosixFilePermissions(dir).equals(DIR_PERMS)) {
            Files.setPosixFilePermissions(dir, DIR_PERMS);
        }
    }

    /** RocksDB creates files with the process umask; tighten them after each use. */
    static void privateFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> {
                try {
                    if (Files.isRegularFile(f) && !Files.getPosixFilePermissions(f).equals(FILE_PERMS)) {
                        Files.setPosixFilePermissions(f, FILE_PERMS);
                    }
                } catch (IOException | RuntimeException ignored) {
                    // a file removed concurrently by RocksDB
                }
            });
        } catch (IOException ignored) {
            // best effort: the directory itself is 0700
        }
    }

    static void fsync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    static void fsyncDir(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
