package dev.javacached.kernel.engine;

import dev.javacached.kernel.display.Display;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What JShell compiles snippets against from the kernel: the display helpers (statically
 * imported into every session) and {@link Handoff}, copied as class files into a private
 * folder. Not the kernel's jar: that is 34 MB with every dependency shaded in, and
 * on JShell's class path it cost about 120 ms of the first evaluation, had the background
 * indexer go through all its classes, and let notebooks compile against the kernel's own
 * libraries. At run time snippets get the kernel's loaded classes of this API and nothing
 * else of the kernel ({@link NotebookLoader}), so there is one {@code Handoff} and one
 * {@code Display}.
 */
public final class SnippetApi {
    /**
     * The classes snippets compile against: what the display helpers' signatures mention, and
     * the handoff. Each is copied with its nested classes. (Looked up by name: enumerating the
     * kernel jar's 5000 entries cost about 90 ms of a fresh JVM's start.)
     */
    private static final List<Class<?>> API = List.of(Display.class, dev.javacached.kernel.display.DisplayTarget.class,
            dev.javacached.kernel.display.Html.class, dev.javacached.kernel.display.Markdown.class,
            dev.javacached.kernel.display.MimeBundle.class, dev.javacached.kernel.display.Renderer.class,
            dev.javacached.kernel.display.Renderers.class, Handoff.class, Memo.class, MemoBody.class);

    private SnippetApi() {
    }

    /**
     * The kernel's classes that snippet code may name at run time, by binary name: the API with
     * its nested classes, and {@link ExitGuard}, which the rewritten exit calls go to. The
     * notebook's class loader takes exactly these from the kernel ({@link NotebookLoader}).
     */
    static java.util.Map<String, Class<?>> runtimeClasses() {
        java.util.Map<String, Class<?>> classes = new java.util.HashMap<>();
        List<Class<?>> hosts = new java.util.ArrayList<>(API);
        hosts.add(ExitGuard.class);
        for (Class<?> host : hosts) {
            for (Class<?> member : host.getNestMembers()) {
                classes.put(member.getName(), member);
            }
        }
        return classes;
    }

    /** System property naming a folder the installer filled with {@link #writeInto}. */
    public static final String PROPERTY = "java.cached.api";
    private static final String STAMP = "kernel-stamp";

    /**
     * What JShell compiles against: the kernel's own class folder when it runs from one
     * (development, tests); else the installed folder ({@link #PROPERTY}) when it was written
     * from this very jar; else a private temporary copy, deleted when the JVM exits, and by the
     * next kernel that starts when this one was killed ({@link #sweepOrphans}).
     */
    static Path classpathEntry() {
        Path kernel = kernelLocation();
        if (Files.isDirectory(kernel)) {
            return kernel;
        }
        String installed = System.getProperty(PROPERTY);
        if (installed != null) {
            Path dir = Path.of(installed);
            try {
                if (Files.readString(dir.resolve(STAMP)).equals(stamp(kernel))) {
                    return dir;
                }
            } catch (IOException | RuntimeException e) {
                // missing or written by another jar: a temporary copy below
            }
        }
        try {
            Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
            sweepOrphans(tmp);
            Path dir = Files.createTempDirectory(tmp, tempPrefix(ProcessHandle.current().pid()));
            dir.toFile().deleteOnExit();
            copyInto(dir, true);
            return dir;
        } catch (IOException | RuntimeException e) {
            return kernel;
        }
    }

    /**
     * Temporary copies are named {@code java-cached-api-NS-PID-RANDOM}: the PID namespace and the
     * process id of the kernel that made it, so a later kernel can tell a dead one's.
     */
    private static final String TEMP_PREFIX = "java-cached-api-";
    private static final String PID_NAMESPACE = pidNamespace();
    /** Either kind of a kernel's own temp folder: the API copy, or the file recorder's repository ({@link #privateTempDirectory}). */
    private static final java.util.regex.Pattern TEMP_NAME =
            java.util.regex.Pattern.compile("java-cached-(?:api|jfr)-(\\d+)-(\\d+)-.*");

    /**
     * Removes the temporary copies in {@code tmp} made by kernels of this PID namespace that are no
     * longer running: a kernel killed with SIGKILL never runs its deleteOnExit. Copies of live
     * processes, of other PID namespaces (containers sharing a temp folder see other process ids)
     * and anything else are left alone. Returns how many it removed.
     */
    static int sweepOrphans(Path tmp) {
        int removed = 0;
        long self = ProcessHandle.current().pid();
        try (java.nio.file.DirectoryStream<Path> copies = Files.newDirectoryStream(tmp, "java-cached-*")) {
            for (Path copy : copies) {
                java.util.regex.Matcher m = TEMP_NAME.matcher(copy.getFileName().toString());
                if (!m.matches() || !m.group(1).equals(PID_NAMESPACE)) {
                    continue;
                }
                long pid;
                try {
                    pid = Long.parseLong(m.group(2));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (pid != self && ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty()) {
                    deleteTree(copy);
                    removed++;
                }
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable temp folder: nothing to sweep
        }
        return removed;
    }

    /** Deletes {@code root} and what it holds, without following links; another kernel may be sweeping too. */
    private static void deleteTree(Path root) {
        try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // gone already, or not ours
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // gone already
        }
    }

    /** This process's PID namespace on Linux ({@code /proc/self/ns/pid} → pid:[4026531836]); "0" elsewhere. */
    private static String pidNamespace() {
        try {
            String link = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
            String digits = link.replaceAll("\\D", "");
            return digits.isEmpty() ? "0" : digits;
        } catch (IOException | RuntimeException e) {
            return "0";
        }
    }

    /**
     * A new folder of this kernel's own in the temp folder, {@code java-cached-KIND-NS-PID-RANDOM}
     * ({@code kind} "jfr": the file recorder's repository): removed when the kernel exits if it is
     * empty by then, and otherwise by the next kernel, as a killed kernel's API copy is.
     */
    public static Path privateTempDirectory(String kind) throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        sweepOrphans(tmp);
        Path dir = Files.createTempDirectory(tmp, "java-cached-" + kind + "-" + PID_NAMESPACE + "-"
                + ProcessHandle.current().pid() + "-");
        dir.toFile().deleteOnExit();
        return dir;
    }

    /** The name prefix of a temporary copy made by process {@code pid} of this PID namespace. */
    static String tempPrefix(long pid) {
        return TEMP_PREFIX + PID_NAMESPACE + "-" + pid + "-";
    }

    /** Writes the API's class files into {@code dir} (the installer, next to kernel.json); returns it. */
    public static Path writeInto(Path dir) throws IOException {
        Files.createDirectories(dir);
        copyInto(dir, false);
        Files.writeString(dir.resolve(STAMP), stamp(kernelLocation()));
        return dir;
    }

    /** The kernel jar's identity: name, size and time (no hashing: this runs at every start). */
    private static String stamp(Path kernel) throws IOException {
        return kernel.toAbsolutePath() + " " + Files.size(kernel) + " " + Files.getLastModifiedTime(kernel).toMillis();
    }

    private static void copyInto(Path dir, boolean deleteOnExit) throws IOException {
        for (Class<?> type : API) {
            for (Class<?> member : type.getNestMembers()) {
                String name = member.getName().replace('.', '/') + ".class";
                try (InputStream in = SnippetApi.class.getClassLoader().getResourceAsStream(name)) {
                    if (in == null) {
                        throw new IOException(name + " not found");
                    }
                    write(dir, name, in, deleteOnExit);
                }
            }
        }
    }

    private static void write(Path dir, String name, InputStream in, boolean deleteOnExit) throws IOException {
        Path target = dir.resolve(name);
        registerDirs(dir, target.getParent(), deleteOnExit);
        Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        if (deleteOnExit) {
            target.toFile().deleteOnExit();
        }
    }

    /** Creates the folders down to {@code parent}, each registered before its contents (deleteOnExit runs in reverse). */
    private static void registerDirs(Path dir, Path parent, boolean deleteOnExit) throws IOException {
        if (parent.equals(dir) || Files.isDirectory(parent)) {
            return;
        }
        registerDirs(dir, parent.getParent(), deleteOnExit);
        Files.createDirectory(parent);
        if (deleteOnExit) {
            parent.toFile().deleteOnExit();
        }
    }

    static Path kernelLocation() {
        try {
            return Path.of(Display.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the kernel's classes", e);
        }
    }
}
