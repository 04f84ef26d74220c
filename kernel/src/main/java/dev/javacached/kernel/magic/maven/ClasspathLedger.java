package dev.javacached.kernel.magic.maven;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The jars added to the classpath this session, in order, and the fingerprint of that
 * state. Jars only ever get added (JShell cannot take a jar back), so the ledger is
 * append-only except for rolling back an addition the engine refused. Thread-safe.
 */
public final class ClasspathLedger {

    /** A jar on the classpath and the magic invocation that added it. */
    public record Entry(ResolvedJar jar, String addedBy) {
        public Entry {
            Objects.requireNonNull(jar, "jar");
            Objects.requireNonNull(addedBy, "addedBy");
        }
    }

    /** An immutable view of the ledger at one moment. */
    public record Snapshot(List<Entry> entries) {
        public Snapshot {
            entries = List.copyOf(entries);
        }

        public List<ResolvedJar> jars() {
            return entries.stream().map(Entry::jar).toList();
        }

        /**
         * The classpath state as text: one sorted line per jar, {@code coordinate:version
         * sha256} ({@code file:name sha256} for local jars). Independent of the order jars
         * were added in and of where the files live.
         */
        public String canonical() {
            TreeSet<String> lines = new TreeSet<>();
            for (Entry e : entries) {
                lines.add(e.jar().fingerprintLine());
            }
            return String.join("\n", lines);
        }

        /**
         * A stable fingerprint of {@link #canonical()}: {@code "classpath:"} and its
         * SHA-256 in hex. Equal after a restart that re-adds the same jars; different
         * when any version or jar content differs.
         */
        public String fingerprint() {
            try {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                byte[] hash = digest.digest(canonical().getBytes(StandardCharsets.UTF_8));
                return "classpath:" + HexFormat.of().formatHex(hash);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        }

        /**
         * What changed from {@code before} to this, for people: {@code "classpath changed:
         * +commons-math3-3.6.1.jar -commons-math3-3.6.0.jar"}; see {@link ClasspathLedger#diff}.
         */
        public Optional<String> diffFrom(Snapshot before) {
            return diff(before.canonical(), canonical());
        }
    }

    /**
     * What changed between two {@link Snapshot#canonical()} texts (which the cache can
     * store, so this works across restarts): {@code "classpath changed: +commons-math3-3.6.1.jar
     * -commons-math3-3.6.0.jar"}; a jar whose name stayed but whose content changed shows as
     * {@code ~name.jar}. Empty when they are equal.
     */
    public static Optional<String> diff(String canonicalBefore, String canonicalAfter) {
        Set<String> was = lines(canonicalBefore);
        Set<String> now = lines(canonicalAfter);
        if (was.equals(now)) {
            return Optional.empty();
        }
        Set<String> addedNames = new TreeSet<>();
        for (String line : now) {
            if (!was.contains(line)) {
                addedNames.add(jarName(line));
            }
        }
        Set<String> removedNames = new TreeSet<>();
        for (String line : was) {
            if (!now.contains(line)) {
                removedNames.add(jarName(line));
            }
        }
        List<String> parts = new ArrayList<>();
        for (String name : addedNames) {
            parts.add((removedNames.contains(name) ? "~" : "+") + name);
        }
        for (String name : removedNames) {
            if (!addedNames.contains(name)) {
                parts.add("-" + name);
            }
        }
        return Optional.of("classpath changed: " + String.join(" ", parts));
    }

    private static Set<String> lines(String canonical) {
        Set<String> lines = new TreeSet<>();
        for (String line : canonical.split("\n")) {
            if (!line.isBlank()) {
                lines.add(line.strip());
            }
        }
        return lines;
    }

    /** The file name a fingerprint line stands for: {@code artifact-version[-classifier].ext}. */
    private static String jarName(String line) {
        String who = line.substring(0, line.lastIndexOf(' '));
        if (who.startsWith(ResolvedJar.LOCAL_PREFIX)) {
            return who.substring(ResolvedJar.LOCAL_PREFIX.length());
        }
        String[] p = who.split(":");
        String version = p[p.length - 1];
        String extension = p.length > 3 ? p[2] : "jar";
        String classifier = p.length > 4 ? "-" + p[3] : "";
        return p[1] + "-" + version + classifier + "." + extension;
    }

    private final List<Entry> entries = new ArrayList<>();

    public synchronized Snapshot snapshot() {
        return new Snapshot(entries);
    }

    /** Shorthand for {@code snapshot().fingerprint()}: what the cache logic mixes in. */
    public String fingerprint() {
        return snapshot().fingerprint();
    }

    public synchronized List<ResolvedJar> jars() {
        return entries.stream().map(Entry::jar).toList();
    }

    /**
     * Adds the jars not already on the classpath and hands their paths to {@code target},
     * all or nothing. A jar whose coordinate is already present with another version (or,
     * for a local jar, other content) is a {@link ClasspathException.Kind#VERSION_CONFLICT}
     * and nothing is added; if {@code target} throws, the ledger is rolled back.
     *
     * @param addedBy the magic invocation, shown by {@code %classpath}
     * @return the jars actually added (possibly none)
     */
    public synchronized List<ResolvedJar> commit(List<ResolvedJar> jars, String addedBy,
            ClasspathTarget target) throws ClasspathException {
        List<ResolvedJar> fresh = new ArrayList<>();
        for (ResolvedJar jar : jars) {
            Optional<ResolvedJar> present = find(jar.coordinate());
            if (present.isEmpty()) {
                if (fresh.stream().noneMatch(f -> f.coordinate().equals(jar.coordinate()))) {
                    fresh.add(jar);
                }
            } else if (!present.get().version().equals(jar.version())
                    || !present.get().sha256().equals(jar.sha256())) {
                throw conflict(jar, present.get());
            }
        }
        if (fresh.isEmpty()) {
            return List.of();
        }
        int before = entries.size();
        for (ResolvedJar jar : fresh) {
            entries.add(new Entry(jar, addedBy));
        }
        try {
            List<Path> paths = fresh.stream().map(ResolvedJar::path).toList();
            target.addToClasspath(paths);
        } catch (Exception e) {
            entries.subList(before, entries.size()).clear();
            throw new ClasspathException(ClasspathException.Kind.TARGET_FAILED,
                    "Could not add " + names(fresh) + " to the classpath: " + e.getMessage()
                            + "; nothing was added", e);
        }
        return List.copyOf(fresh);
    }

    /** The jar on the classpath with this coordinate ({@code group:artifact} or {@code file:path}). */
    public synchronized Optional<ResolvedJar> find(String coordinate) {
        return entries.stream().map(Entry::jar).filter(j -> j.coordinate().equals(coordinate)).findFirst();
    }

    static ClasspathException conflict(ResolvedJar wanted, ResolvedJar present) {
        if (wanted.local()) {
            return new ClasspathException(ClasspathException.Kind.VERSION_CONFLICT, wanted.id()
                    + " changed on disk since it was added to the classpath; restart the kernel to load the new content");
        }
        return conflict(wanted.id(), present);
    }

    /** {@code wantedId} ({@code group:artifact:version}) against the version already loaded. */
    static ClasspathException conflict(String wantedId, ResolvedJar present) {
        String wantedVersion = wantedId.substring(wantedId.lastIndexOf(':') + 1);
        return new ClasspathException(ClasspathException.Kind.VERSION_CONFLICT, wantedId + " conflicts with "
                + present.id() + ", loaded by an earlier cell of this session (a running JVM cannot swap a jar)."
                + " Restart the kernel, then either ask for " + wantedVersion + " in the same %maven cell as the"
                + " artifact that brought " + present.version() + " (within one cell the version you name wins, as"
                + " in Maven), or load " + wantedId + " first");
    }

    private static String names(List<ResolvedJar> jars) {
        return jars.size() == 1 ? jars.get(0).fileName() : jars.size() + " jars";
    }
}
