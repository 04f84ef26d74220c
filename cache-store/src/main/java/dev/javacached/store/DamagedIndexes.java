package dev.javacached.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.rocksdb.RocksDBException;

/**
 * Indexes that RocksDB reported corrupt, set aside as {@code index.damaged-<UTC time>/} so that
 * a fresh one can start (README, "A damaged index"): the move itself, the three kept for a
 * person, the grace period during which their blobs are not swept, and the one-time warning.
 */
final class DamagedIndexes implements AutoCloseable {
    /** Damaged indexes kept for a person to inspect; older ones are deleted. */
    static final int DAMAGED_KEPT = 3;
    static final String DAMAGED_PREFIX = "index.damaged-";
    private static final DateTimeFormatter DAMAGED_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
    /**
     * Blobs that a damaged index may name are not swept as orphans for this long after it was set
     * aside, so a person can still salvage that index (its files are kept) with its values.
     */
    static final long DAMAGED_BLOB_GRACE_MILLIS = 7 * 24 * 3600_000L;

    private final StoreConfig config;
    private final Path dir;
    private final Path indexDir;
    private final String where;
    /** Locks on the LOCK files of indexes this process set aside, held until close (see setAside). */
    private final List<FileChannel> setAsideLocks = new ArrayList<>();
    private final AtomicReference<String> warning = new AtomicReference<>();

    DamagedIndexes(StoreConfig config, Path dir, Path indexDir, String where) {
        this.config = config;
        this.dir = dir;
        this.indexDir = indexDir;
        this.where = where;
    }

    static Object fileKey(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
    }

    /**
     * RocksDB reported the index corrupt (a block checksum mismatch, a damaged manifest) and
     * this process has closed it: moves {@code index/} aside to {@code index.damaged-<time>/} so
     * that the next open starts a fresh, empty index. Entries are then misses; no blob is deleted
     * here (see {@link #protectBlobsBefore}). Called with the index lease's lock held.
     *
     * <p>Several processes may share the directory. The move happens only while this process
     * holds the lock on the damaged index's {@code LOCK} file (the same fcntl lock RocksDB takes),
     * and only if {@code index/} is still the directory (identity {@code damaged}) this process
     * found damaged: another process may have moved it already and started a fresh one. The lock
     * on the old {@code LOCK} is kept until close, so a process that opened that file just before
     * the move cannot lock it afterwards and then use the new directory unlocked; it retries and
     * opens the new one. (Two stores on one directory inside one JVM are not protected by this:
     * fcntl locks do not exclude within a process.)
     */
    void setAside(Object damaged, RocksDBException cause) throws StoreException, InterruptedException {
        Path lockFile = indexDir.resolve("LOCK");
        long deadline = System.nanoTime() + config.lockTimeout().toNanos();
        long backoffMicros = 200;
        FileChannel ch = null;
        try {
            while (true) {
                if (damaged == null || !Files.isDirectory(indexDir) || !damaged.equals(fileKey(indexDir))) {
                    return; // already moved (by another process): the fresh index is opened as usual
                }
                ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock;
                try {
                    lock = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null;
                }
                if (lock != null && damaged.equals(fileKey(indexDir))) {
                    break;
                }
                ch.close();
                ch = null;
                if (lock != null) {
                    return; // moved while we took the lock
                }
                if (System.nanoTime() >= deadline) {
                    throw new StoreException(where + ": the index is damaged (" + cause.getMessage()
                            + ") and another process holds it", cause);
                }
                TimeUnit.MICROSECONDS.sleep(backoffMicros);
                backoffMicros = Math.min(backoffMicros * 2, 20_000);
            }
            Path aside = damagedName();
            Files.move(indexDir, aside, StandardCopyOption.ATOMIC_MOVE);
            Fs.fsyncDir(dir);
            setAsideLocks.add(ch);
            ch = null;
            prune();
            String what = String.valueOf(cause.getStatus() == null ? cause.getMessage() : cause.getStatus().getState());
            warning.compareAndSet(null, "the cache index was damaged (" + what + "); it was moved to " + aside
                    + " and a new one started; stored values will be recomputed");
        } catch (IOException e) {
            throw new StoreException(where + ": the index is damaged (" + cause.getMessage()
                    + ") and could not be set aside: " + e.getMessage(), e);
        } finally {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // nothing held
                }
            }
        }
    }

    private Path damagedName() {
        String base = DAMAGED_PREFIX + DAMAGED_TIME.format(Instant.now());
        Path p = dir.resolve(base);
        for (int i = 1; Files.exists(p); i++) {
            p = dir.resolve(base + "-" + i);
        }
        return p;
    }

    /** The damaged indexes set aside, oldest first. */
    private List<Path> list() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(DAMAGED_PREFIX) && Files.isDirectory(p))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
    }

    private void prune() {
        try {
            List<Path> all = list();
            for (Path old : all.subList(0, Math.max(0, all.size() - DAMAGED_KEPT))) {
                try (Stream<Path> files = Files.walk(old)) {
                    for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(f);
                    }
                }
            }
        } catch (IOException ignored) {
            // kept a while longer; the next recovery prunes again
        }
    }

    /**
     * Blob files last modified before this time may be named by a damaged index set aside less
     * than {@link #DAMAGED_BLOB_GRACE_MILLIS} ago; the orphan sweep keeps them. 0: none.
     */
    long protectBlobsBefore() throws IOException {
        long now = System.currentTimeMillis();
        long protect = 0;
        for (Path p : list()) {
            String name = p.getFileName().toString().substring(DAMAGED_PREFIX.length());
            long at;
            try {
                at = Instant.from(DAMAGED_TIME.parse(name.substring(0, Math.min(name.length(), 20)))).toEpochMilli();
            } catch (DateTimeException e) {
                at = Files.getLastModifiedTime(p).toMillis();
            }
            if (now - at < DAMAGED_BLOB_GRACE_MILLIS) {
                protect = Math.max(protect, at + 1);
            }
        }
        return protect;
    }

    /** The warning about the last index set aside, once. */
    Optional<String> takeWarning() {
        return Optional.ofNullable(warning.getAndSet(null));
    }

    /** Lets go of the old indexes' {@code LOCK} files (the index lease's lock held). */
    @Override
    public void close() {
        for (FileChannel ch : setAsideLocks) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // releasing anyway
            }
        }
        setAsideLocks.clear();
    }
}
