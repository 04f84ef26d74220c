package dev.javacached.kernel.magic.maven;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/** Checks that files are usable jars, digests them, and expands {@code %jars} globs. */
public final class JarFiles {
    private JarFiles() {
    }

    /**
     * Verifies {@code path} is a readable zip with at least one entry and returns it with
     * its size and SHA-256.
     *
     * @param what how to name the file in errors, e.g. the Maven coordinate
     */
    public static ResolvedJar verify(String coordinate, String version, Path path, String what)
            throws ClasspathException {
        return verify(coordinate, version, path, what, new DigestCache(null));
    }

    /** As {@link #verify(String, String, Path, String)}, digests looked up in {@code digests}. */
    public static ResolvedJar verify(String coordinate, String version, Path path, String what,
            DigestCache digests) throws ClasspathException {
        Path file = path.toAbsolutePath().normalize();
        if (Files.isDirectory(file)) {
            throw new ClasspathException(ClasspathException.Kind.NOT_A_JAR,
                    what + ": " + file + " is a directory, not a jar");
        }
        if (!Files.isRegularFile(file)) {
            throw new ClasspathException(ClasspathException.Kind.NOT_A_JAR,
                    what + ": " + file + " does not exist");
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            if (zip.size() == 0) {
                throw new ClasspathException(ClasspathException.Kind.NOT_A_JAR,
                        what + ": " + file + " is not a jar (an empty zip archive)");
            }
        } catch (ZipException e) {
            throw new ClasspathException(ClasspathException.Kind.NOT_A_JAR,
                    what + ": " + file + " is not a jar (not a zip archive)", e);
        } catch (IOException e) {
            throw new ClasspathException(ClasspathException.Kind.NOT_A_JAR,
                    what + ": cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return new ResolvedJar(coordinate, version, file, Files.size(file), digests.sha256(file));
        } catch (IOException e) {
            throw new ClasspathException(ClasspathException.Kind.NOT_A_JAR,
                    what + ": cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** A local jar for {@code %jars}: coordinate {@code file:<absolute path>}, no version. */
    public static ResolvedJar verifyLocal(Path path) throws ClasspathException {
        Path file = path.toAbsolutePath().normalize();
        return verify(ResolvedJar.LOCAL_PREFIX + file, "", file, file.getFileName().toString());
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * The files named by {@code patterns}, relative ones against {@code base}, in order and
     * without duplicates. A word containing {@code * ? [ {} is a glob (java.nio
     * {@link FileSystem#getPathMatcher} syntax, {@code **} crosses directories); one that
     * matches nothing, or a plain path that does not exist, is an error. A plain path naming a
     * folder stands for the {@code *.jar} files directly in it, as in IJava.
     */
    public static List<Path> expand(List<String> patterns, Path base) throws ClasspathException {
        Set<Path> files = new LinkedHashSet<>();
        for (String pattern : patterns) {
            if (!isGlob(pattern)) {
                Path file = base.resolve(pattern).toAbsolutePath().normalize();
                if (!Files.exists(file)) {
                    throw new ClasspathException(ClasspathException.Kind.NOT_A_JAR,
                            pattern + ": no such file (" + file + ")");
                }
                if (Files.isDirectory(file)) {
                    // IJava's rule: a folder stands for the jars in it
                    List<Path> inside = glob(pattern.replace('\\', '/').replaceAll("/*$", "") + "/*.jar", base);
                    if (inside.isEmpty()) {
                        throw new ClasspathException(ClasspathException.Kind.NOT_A_JAR,
                                pattern + ": no jars in the folder " + file);
                    }
                    files.addAll(inside);
                    continue;
                }
                files.add(file);
                continue;
            }
            List<Path> matched = glob(pattern, base);
            if (matched.isEmpty()) {
                throw new ClasspathException(ClasspathException.Kind.NOT_A_JAR,
                        pattern + ": no files match");
            }
            files.addAll(matched);
        }
        return List.copyOf(files);
    }

    private static boolean isGlob(String s) {
        return s.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    private static List<Path> glob(String pattern, Path base) throws ClasspathException {
        // Walk from the longest leading part without glob characters.
        String normalized = pattern.replace('\\', '/');
        int firstGlob = 0;
        while (!isGlob(String.valueOf(normalized.charAt(firstGlob)))) {
            firstGlob++;
        }
        int cut = normalized.lastIndexOf('/', firstGlob);
        String fixed = cut < 0 ? "" : normalized.substring(0, cut + 1);
        Path root = base.resolve(fixed.isEmpty() ? "." : fixed).toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new ClasspathException(ClasspathException.Kind.NOT_A_JAR,
                    pattern + ": no such directory " + root);
        }
        String rest = normalized.substring(cut + 1);
        PathMatcher matcher = root.getFileSystem().getPathMatcher("glob:" + rest);
        boolean deep = rest.contains("/") || rest.contains("**");
        List<Path> out = new ArrayList<>();
        try (Stream<Path> walk = deep ? Files.walk(root) : Files.list(root)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> matcher.matches(root.relativize(p)))
                    .sorted()
                    .forEach(out::add);
        } catch (IOException e) {
            throw new ClasspathException(ClasspathException.Kind.NOT_A_JAR,
                    pattern + ": cannot list " + root + ": " + e.getMessage(), e);
        }
        return out;
    }
}
