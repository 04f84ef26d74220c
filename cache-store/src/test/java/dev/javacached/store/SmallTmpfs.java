package dev.javacached.store;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * A real, small tmpfs mounted for a test of a full file system (needs root, as CI runs; the
 * test is skipped where mounting is not allowed). Unmounted by {@link #close}.
 */
final class SmallTmpfs implements AutoCloseable {
    final Path dir;

    private SmallTmpfs(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@code size} (as mount's {@code size=} option: "2m") at the new folder {@code dir}. */
    static SmallTmpfs mount(Path dir, String size) throws Exception {
        Files.createDirectories(dir);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString())
                .redirectErrorStream(true).start();
        Assumptions.assumeTrue(p.waitFor() == 0, "cannot mount tmpfs here");
        return new SmallTmpfs(dir);
    }

    @Override
    public void close() throws Exception {
        new ProcessBuilder("umount", dir.toString()).start().waitFor();
    }
}
