package dev.javacached.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibTest {
    @TempDir
    Path dir;

    @Test
    void theCLibraryIsReadFromTheMappings() {
        String glibc = "7fb6813f9000-7fb68141f000 r--p 00000000 fe:00 339380   /usr/lib/x86_64-linux-gnu/libc.so.6";
        String musl = "7f3a1c000000-7f3a1c014000 r--p 00000000 08:01 1234     /lib/ld-musl-x86_64.so.1";
        String other = "7fb681400000-7fb681420000 r-xp 00000000 fe:00 1       /opt/libc.so.6.d/libfoo.so";
        assertEquals(Boolean.FALSE, NativeLib.muslFromMaps(Stream.of("55e395b54000-55e395b58000 r--p 0 [heap]", glibc)));
        assertEquals(Boolean.TRUE, NativeLib.muslFromMaps(Stream.of(other, musl)));
        assertNull(NativeLib.muslFromMaps(Stream.of(other, "7ffd1000-7ffd2000 rw-p 0 [stack]")));
    }

    /**
     * A fresh JVM whose {@code PATH} holds only a {@code sh} that leaves a mark: RocksDB's own libc
     * check runs {@code /usr/bin/env sh -c "ldd ..."}, so the mark would appear if it still ran.
     */
    @Test
    void openingAStoreStartsNoProcess() throws Exception {
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Path mark = dir.resolve("sh-ran");
        Path sh = bin.resolve("sh");
        Files.writeString(sh, "#!/bin/sh\necho ran >> '" + mark + "'\nexit 1\n");
        Files.setPosixFilePermissions(sh, PosixFilePermissions.fromString("rwx------"));
        ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), Child.class.getName(),
                "open", dir.resolve("store").toString())).redirectErrorStream(true);
        pb.environment().put("PATH", bin.toString());
        pb.environment().remove("ROCKSDB_MUSL_LIBC");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("opened"), out);
        assertFalse(Files.exists(mark), "a shell was started while opening the store");
    }

    @Test
    void thisProcessIsTold() {
        NativeLib.load(dir);
        if (System.getenv("ROCKSDB_MUSL_LIBC") == null && Files.isReadable(Path.of("/proc/self/maps"))) {
            assertEquals(Boolean.FALSE, NativeLib.presetLibc());   // this machine runs glibc
        }
        assertFalse(org.rocksdb.util.Environment.isMuslLibc());
    }
}
