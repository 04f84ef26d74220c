package dev.javacached.kernel.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.javacached.kernel.log.Log;
import dev.javacached.kernel.protocol.Json;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The class-data-sharing archive a kernelspec starts with, dumped by a warm-up run of the real
 * engine ({@link CdsWarmUp}: JShell, javac, Jackson, JeroMQ, RocksDB classes), and kept fresh.
 * <ul>
 * <li>JDK 25+: an AOT cache (JEP 483/514/515: classes loaded and linked ahead of time, plus
 *     method profiles), -XX:AOTCacheOutput in one step. Measured against the dynamic archive on
 *     JDK 25: ~18% less start-up CPU (1.85 vs 2.25 s) and a faster first cell.
 * <li>JDK 17-24: a dynamic archive (-XX:ArchiveClassesAtExit).
 * </ul>
 * The JVM refuses an archive made from another jar or by another JDK build and then starts
 * without it (0.4-0.6 s slower), saying so on stderr unless told not to. So the kernel starts
 * with the archive's messages turned off, and a {@link Stamp} beside the archive records what
 * it was made from; a kernel whose jar or JDK no longer matches starts a low-priority
 * {@code --refresh-archive} process that dumps a new archive beside the old one and moves it
 * into place, so the next start is fast again. A dump is made with the kernel's own JVM
 * options (module options change what the archive may hold).
 */
final class StartupArchive {
    /** System property naming the stamp file, set in the kernelspec's launch command. */
    static final String PROPERTY = "java.cached.archive";
    static final String STAMP_FILE = "java-cached-archive.json";
    /** A refresh older than this is taken as dead: its lock is broken. */
    private static final Duration LOCK_TIMEOUT = Duration.ofMinutes(10);

    enum Kind {
        AOT_CACHE("java-cached.aot"), DYNAMIC_ARCHIVE("java-cached.jsa");

        final String fileName;

        Kind(String fileName) {
            this.fileName = fileName;
        }

        static Kind forFeature(int feature) {
            return feature >= 25 ? AOT_CACHE : DYNAMIC_ARCHIVE;
        }

        /** The JVM's messages about a refused archive (stale, missing) are turned off. */
        List<String> quiet() {
            return this == AOT_CACHE ? List.of("-Xlog:aot*=off", "-Xlog:cds*=off") : List.of("-Xlog:cds*=off");
        }

        /**
         * The JVM maps an archive at a random address by default (JDK 20+, and Debian's JDK 17
         * too) and then relocates every pointer in it: -Xlog:aot and -Xlog:startuptime showed
         * 48-95 ms of each start on JDK 25 (57 MB AOT cache) and about as much on JDK 17 ("Create
         * VM" 0.06 s vs 0.14 s, medians of 8 alternating launches). Mode 0 maps it where it was
         * dumped and relocates only if that address is taken. The dump is made with it too, so a
         * JDK that no longer knows the option fails the dump, and the kernel starts without an
         * archive rather than not at all.
         */
        static List<String> mapping() {
            return List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0");
        }

        List<String> useFlags(Path archive) {
            List<String> flags = new ArrayList<>(mapping());
            flags.add((this == AOT_CACHE ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive.toAbsolutePath());
            flags.addAll(quiet());
            return flags;
        }

        List<String> dumpFlags(Path output) {
            List<String> flags = new ArrayList<>(mapping());
            flags.add((this == AOT_CACHE ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + output.toAbsolutePath());
            flags.addAll(quiet());
            // A dump JVM that crashes (JDK 25's AOT assembly step once did, under load) leaves its
            // hs_err file in the temp folder, not in the folder install or a kernel ran from; the
            // install then falls back to a dynamic archive.
            flags.add("-XX:ErrorFile=" + Path.of(System.getProperty("java.io.tmpdir"), "java-cached-dump-hs_err_pid%p.log"));
            return flags;
        }
    }

    /**
     * What an archive was made from: the JDK build and the jar (size and time, as the JVM checks
     * them), with the JVM flags and launch target to make it again.
     * {@code made} is false when the dump failed: then it is tried again only for another jar or JDK.
     */
    record Stamp(Kind kind, Path archive, String jdk, long jarSize, long jarModified, List<String> flags,
                 List<String> target, boolean made) {

        ObjectNode toJson() {
            ObjectNode o = Json.object();
            o.put("kind", kind.name());
            o.put("archive", archive.toString());
            o.put("jdk", jdk);
            o.put("jar_size", jarSize);
            o.put("jar_modified", jarModified);
            flags.forEach(o.putArray("flags")::add);
            target.forEach(o.putArray("target")::add);
            o.put("made", made);
            return o;
        }

        static Stamp fromJson(JsonNode o) {
            List<String> flags = new ArrayList<>();
            o.path("flags").forEach(f -> flags.add(f.asText()));
            List<String> target = new ArrayList<>();
            o.path("target").forEach(t -> target.add(t.asText()));
            return new Stamp(Kind.valueOf(o.path("kind").asText()), Path.of(o.path("archive").asText()),
                    o.path("jdk").asText(), o.path("jar_size").asLong(), o.path("jar_modified").asLong(),
                    List.copyOf(flags), List.copyOf(target), o.path("made").asBoolean());
        }

        /** Why the running kernel cannot use this archive, or null when it can. */
        String staleBecause(String runningJdk, Path code) {
            if (!runningJdk.equals(jdk)) {
                return "made by JDK " + jdk + ", running on " + runningJdk;
            }
            try {
                if (Files.size(code) != jarSize || Files.getLastModifiedTime(code).toMillis() != jarModified) {
                    return code + " changed since it was made";
                }
            } catch (IOException e) {
                return null;  // no jar to compare with: nothing a new archive would fix
            }
            if (made && !Files.isRegularFile(archive)) {
                return archive + " is missing";
            }
            return null;
        }
    }

    private StartupArchive() {
    }

    /** This JDK build, as an archive records it. */
    static String runningJdk() {
        return Runtime.version() + " " + System.getProperty("java.home");
    }

    /**
     * Makes the archive for a kernelspec in {@code specDir} and writes its stamp; returns the
     * flags that make the kernel use it (none when no archive could be made).
     */
    static List<String> install(String java, Path specDir, List<String> flags, List<String> target, Path code) {
        Kind kind = Kind.forFeature(Runtime.version().feature());
        Stamp stamp = make(java, kind, specDir.resolve(kind.fileName).toAbsolutePath(), flags, target, code);
        if (!stamp.made() && kind == Kind.AOT_CACHE) {
            stamp = make(java, Kind.DYNAMIC_ARCHIVE, specDir.resolve(Kind.DYNAMIC_ARCHIVE.fileName).toAbsolutePath(),
                    flags, target, code);
        }
        Path stampFile = specDir.resolve(STAMP_FILE).toAbsolutePath();
        try {
            write(stampFile, stamp);
        } catch (IOException e) {
            return stamp.made() ? stamp.kind().useFlags(stamp.archive()) : List.of();
        }
        if (!stamp.made()) {
            return List.of();
        }
        List<String> use = new ArrayList<>(stamp.kind().useFlags(stamp.archive()));
        use.add("-D" + PROPERTY + "=" + stampFile);
        return use;
    }

    /** Dumps a new archive beside {@code archive} and moves it into place; the stamp says how it went. */
    static Stamp make(String java, Kind kind, Path archive, List<String> flags, List<String> target, Path code) {
        long size = -1;
        long modified = -1;
        try {
            size = Files.size(code);
            modified = Files.getLastModifiedTime(code).toMillis();
        } catch (IOException | RuntimeException e) {
            // not comparable later: never refreshed
        }
        Path tmp = archive.resolveSibling(archive.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        boolean made = dump(java, kind, tmp, flags, target);
        if (made) {
            try {
                // a kernel starting now maps either the old file or the new one, never half of one
                Files.move(tmp, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                made = false;
            }
        }
        deleteQuietly(tmp);
        return new Stamp(kind, archive, runningJdk(), size, modified, List.copyOf(flags), List.copyOf(target), made);
    }

    private static boolean dump(String java, Kind kind, Path output, List<String> flags, List<String> target) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(flags);
        command.addAll(kind.dumpFlags(output));
        command.addAll(target);
        command.add("--cds-warm-up");
        try {
            deleteQuietly(output);
            // The warm-up runs cells through a real kernel: they never go into the user's history.
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("JAVA_CACHED_HISTORY", "off");
            pb.environment().remove("JAVA_CACHED_JVM_OPTS");
            Process p = pb.start();
            if (p.waitFor(300, TimeUnit.SECONDS) && p.exitValue() == 0 && Files.size(output) > 0) {
                return true;
            }
            p.destroyForcibly();
        } catch (IOException e) {
            // no archive: the kernel starts without it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    static Stamp read(Path stampFile) throws IOException {
        try {
            return Stamp.fromJson(Json.mapper().readTree(stampFile.toFile()));
        } catch (IllegalArgumentException e) {
            throw new IOException("unreadable stamp " + stampFile + ": " + e.getMessage(), e);
        }
    }

    static void write(Path stampFile, Stamp stamp) throws IOException {
        Path tmp = stampFile.resolveSibling(stampFile.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        Files.write(tmp, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(stamp.toJson()));
        Files.move(tmp, stampFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * In a starting kernel: when the archive named by {@link #PROPERTY} no longer fits this jar
     * or JDK, starts a refresh in a separate low-priority process (it outlives the kernel if it
     * must). Quiet: the log says why only with JAVA_CACHED_LOG=debug.
     */
    static void refreshIfStale(String java, Path code) {
        String property = System.getProperty(PROPERTY);
        if (property == null || code == null) {
            return;
        }
        Path stampFile = Path.of(property);
        try {
            String why = read(stampFile).staleBecause(runningJdk(), code);
            if (why == null) {
                return;
            }
            Log.debug("start-up archive stale (%s): refreshing it in the background", why);
            List<String> command = new ArrayList<>();
            Path nice = Path.of("/usr/bin/nice");
            if (Files.isExecutable(nice)) {
                command.addAll(List.of(nice.toString(), "-n", "19"));
            }
            command.addAll(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", code.toString(),
                    Main.class.getName(), "--refresh-archive", stampFile.toString()));
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().remove("JAVA_CACHED_JVM_OPTS");
            pb.environment().remove("JPY_PARENT_PID");
            pb.start();
        } catch (IOException | RuntimeException e) {
            Log.debug("start-up archive not checked: %s", e);
        }
    }

    /**
     * {@code --refresh-archive STAMP}: makes the archive again for this jar and JDK, unless
     * another refresh holds the lock or has already done it. Returns the exit status.
     */
    static int refresh(Path stampFile, String java, Path code) {
        Path lock = stampFile.resolveSibling(stampFile.getFileName() + ".lock");
        try {
            if (!tryLock(lock)) {
                return Main.EXIT_OK;
            }
        } catch (IOException e) {
            return Main.EXIT_ERROR;
        }
        try {
            Stamp old = read(stampFile);
            if (old.staleBecause(runningJdk(), code) == null) {
                return Main.EXIT_OK;
            }
            Stamp fresh = make(java, old.kind(), old.archive(), old.flags(), old.target(), code);
            write(stampFile, fresh);
            return fresh.made() ? Main.EXIT_OK : Main.EXIT_ERROR;
        } catch (IOException | RuntimeException e) {
            return Main.EXIT_ERROR;
        } finally {
            deleteQuietly(lock);
        }
    }

    private static boolean tryLock(Path lock) throws IOException {
        try {
            Files.createFile(lock);
            return true;
        } catch (FileAlreadyExistsException e) {
            FileTime since = Files.getLastModifiedTime(lock);
            if (Duration.between(since.toInstant(), Instant.now()).compareTo(LOCK_TIMEOUT) < 0) {
                return false;
            }
            Files.deleteIfExists(lock);
            try {
                Files.createFile(lock);
                return true;
            } catch (FileAlreadyExistsException raced) {
                return false;
            }
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // left behind: harmless, a later dump replaces it
        }
    }
}
