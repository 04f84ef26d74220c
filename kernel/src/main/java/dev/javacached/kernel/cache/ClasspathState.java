package dev.javacached.kernel.cache;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What was added to the notebook's classpath, as far as fingerprints are concerned: the
 * resolved Maven coordinates and a content digest of every added jar (or directory entry).
 * Every fingerprint includes {@link #fingerprint()}, so adding or upgrading a library
 * recomputes every cached value.
 *
 * @param coordinates resolved coordinates ({@code group:artifact:version}), any order
 * @param jarDigests  path or file name → SHA-256 of the file's content, any order
 */
public record ClasspathState(List<String> coordinates, Map<String, String> jarDigests) {
    public ClasspathState {
        coordinates = coordinates.stream().sorted().distinct().toList();
        jarDigests = Map.copyOf(jarDigests);
    }

    public static ClasspathState empty() {
        return new ClasspathState(List.of(), Map.of());
    }

    /** A stable digest of the coordinates and the jars' contents (paths themselves are ignored). */
    public String fingerprint() {
        Hasher h = new Hasher().add("classpath");
        h.add(coordinates.size());
        coordinates.forEach(h::add);
        List<String> digests = jarDigests.values().stream().sorted().toList();
        h.add(digests.size());
        digests.forEach(h::add);
        return h.hex();
    }

    /** One line for explanations: the coordinates, or the number of jars. */
    public String describe() {
        if (coordinates.isEmpty() && jarDigests.isEmpty()) {
            return "(nothing added)";
        }
        return String.join(", ", coordinates) + (jarDigests.isEmpty() ? "" : " [" + jarDigests.size() + " jar(s)]");
    }

    /** SHA-256 of a file's content, hex: what {@link #jarDigests()} wants for each jar. */
    public static String digest(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sorted copy of {@link #jarDigests()} for display. */
    public Map<String, String> sortedJars() {
        return new TreeMap<>(jarDigests);
    }
}
