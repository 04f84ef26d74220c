package dev.javacached.kernel.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.javacached.kernel.engine.SnippetApi;
import dev.javacached.kernel.log.Log;
import dev.javacached.kernel.protocol.Json;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code install [--user | --sys-prefix | --prefix DIR] [--name NAME]}: writes the
 * kernelspec (kernel.json from the template in the jar's {@code /kernelspec/}, with argv
 * pointing at this java binary and this jar, plus the logos).
 */
final class Installer {
    static final String DEFAULT_NAME = "java-cached";
    /**
     * JVM flags in the kernelspec's argv: a small heap footprint suits an interactive kernel.
     * -Xms32m: the default initial heap (1/64 of RAM, 376 MB here) let eden grow to ~100 MB
     * before the first GC, so the kernel sat at ~200 MiB RSS after its first cell; with 32 MB it
     * is ~110 MiB, for a few extra young GCs (a few ms each) during start. The heap still grows
     * on demand up to the default maximum (1/4 of RAM; -Xmx is deliberately not capped), and
     * -Xmn is not set so the young generation grows with it.
     * No -XX:+UseTransparentHugePages: on VMs that hand free memory back to the host (virtio
     * free page reporting, as on this project's reference machine) a huge-page first touch is a
     * lottery — restoring a 320 MB array took 40 ms or 950 ms from run to run, against a
     * steady ~200 ms with 4 KiB pages (bench/results/cache.md).
     */
    static final List<String> JVM_FLAGS = List.of("-XX:+UseSerialGC", "-Xms32m",
            "--enable-native-access=ALL-UNNAMED");
    private static final List<String> RESOURCES = List.of("logo-32x32.png", "logo-64x64.png");

    private Installer() {
    }

    enum Scope { USER, SYS_PREFIX, PREFIX }

    record Options(Scope scope, Path prefix, String name) {
    }

    static String usage() {
        return """
                usage: java -jar java-cached.jar install [--user | --sys-prefix | --prefix DIR] [--name NAME]

                Installs the Jupyter kernelspec for java-cached (display name "Java (cached)").
                  --user         into the user's Jupyter data dir (default):
                                 $JUPYTER_DATA_DIR/kernels/NAME, else
                                 ${XDG_DATA_HOME:-~/.local/share}/jupyter/kernels/NAME
                  --sys-prefix   into sys.prefix of /usr/bin/python3: PREFIX/share/jupyter/kernels/NAME
                  --prefix DIR   into DIR/share/jupyter/kernels/NAME (found with JUPYTER_PATH=DIR/share/jupyter)
                  --name NAME    kernelspec name (default java-cached)
                  -h, --help     this help
                The kernelspec runs this jar with the java binary running this command.
                """;
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("java-cached install: " + e.getMessage());
            err.print(usage());
            return Main.EXIT_USAGE;
        }
        if (options == null) {
            out.print(usage());
            return Main.EXIT_OK;
        }
        try {
            Path dir = install(options);
            out.println("Installed kernelspec " + options.name() + " in " + dir);
            return Main.EXIT_OK;
        } catch (IOException | RuntimeException e) {
            err.println("java-cached install: error: " + e.getMessage());
            return Main.EXIT_ERROR;
        }
    }

    /** Parses install options; null means --help. */
    static Options parse(String[] args) {
        Scope scope = null;
        Path prefix = null;
        String name = DEFAULT_NAME;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                value = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            switch (a) {
                case "-h", "--help" -> {
                    return null;
                }
                case "--user" -> scope = setScope(scope, Scope.USER);
                case "--sys-prefix" -> scope = setScope(scope, Scope.SYS_PREFIX);
                case "--prefix" -> {
                    scope = setScope(scope, Scope.PREFIX);
                    if (value == null) {
                        if (++i >= args.length) {
                            throw new IllegalArgumentException("--prefix needs a directory");
                        }
                        value = args[i];
                    }
                    prefix = Path.of(value);
                }
                case "--name" -> {
                    if (value == null) {
                        if (++i >= args.length) {
                            throw new IllegalArgumentException("--name needs a value");
                        }
                        value = args[i];
                    }
                    if (!value.matches("[A-Za-z0-9._-]+")) {
                        throw new IllegalArgumentException("invalid kernelspec name: " + value);
                    }
                    name = value;
                }
                default -> throw new IllegalArgumentException("unknown option: " + args[i]);
            }
        }
        return new Options(scope == null ? Scope.USER : scope, prefix, name);
    }

    private static Scope setScope(Scope current, Scope next) {
        if (current != null && current != next) {
            throw new IllegalArgumentException("--user, --sys-prefix and --prefix are mutually exclusive");
        }
        return next;
    }

    static Path kernelsDir(Options o, Map<String, String> env) throws IOException {
        return switch (o.scope()) {
            case USER -> userDataDir(env).resolve("kernels");
            case SYS_PREFIX -> Path.of(pythonSysPrefix()).resolve("share/jupyter/kernels");
            case PREFIX -> o.prefix().toAbsolutePath().resolve("share/jupyter/kernels");
        };
    }

    /** jupyter_core's jupyter_data_dir() on Linux. */
    static Path userDataDir(Map<String, String> env) {
        String explicit = env.get("JUPYTER_DATA_DIR");
        if (explicit != null && !explicit.isEmpty()) {
            return Path.of(explicit).toAbsolutePath();
        }
        String xdg = env.get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("jupyter").toAbsolutePath();
    }

    private static String pythonSysPrefix() throws IOException {
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import sys;print(sys.prefix)")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            String outText = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0 || outText.isEmpty()) {
                throw new IOException("cannot get sys.prefix from /usr/bin/python3");
            }
            return outText;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    static Path install(Options o) throws IOException {
        Path dir = kernelsDir(o, System.getenv()).resolve(o.name());
        Files.createDirectories(dir);
        ObjectNode spec = template();
        ArrayNode argv = spec.putArray("argv");
        String java = javaBinary();
        List<String> flags = new ArrayList<>(cdsFlags(java, dir));
        try {
            // what JShell compiles snippets against, next to kernel.json (else each start copies it)
            flags.add("-D" + SnippetApi.PROPERTY + "=" + SnippetApi.writeInto(dir.resolve("api")).toAbsolutePath());
        } catch (IOException | RuntimeException e) {
            // the kernel then copies it to a temporary folder at each start
        }
        List<String> command = argv(java, flags);
        command.forEach(argv::add);
        Files.write(dir.resolve("kernel.json"),
                Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(spec));
        for (String r : RESOURCES) {
            try (InputStream in = Installer.class.getResourceAsStream("/kernelspec/" + r)) {
                if (in == null) {
                    throw new IOException("resource /kernelspec/" + r + " missing from the jar");
                }
                Files.copy(in, dir.resolve(r), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }

    private static ObjectNode template() throws IOException {
        try (InputStream in = Installer.class.getResourceAsStream("/kernelspec/kernel.json")) {
            if (in == null) {
                throw new IOException("resource /kernelspec/kernel.json missing from the jar");
            }
            return Json.parseObject(in.readAllBytes());
        }
    }

    static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** System property naming the AOT cache / CDS archive, so the kernel can tell when it is stale. */
    static final String ARCHIVE_PROPERTY = "java.cached.archive";

    /**
     * Class-data-sharing flags, with an archive dumped now by a warm-up run of the real engine
     * ({@link CdsWarmUp}: JShell, javac, Jackson, JeroMQ, RocksDB classes).
     * <ul>
     * <li>JDK 25+: an AOT cache (JEP 483/514/515: classes loaded and linked ahead of time, plus
     *     method profiles), -XX:AOTCacheOutput in one step. Measured against the dynamic
     *     archive on JDK 25: ~18% less start-up CPU (1.85 vs 2.25 s) and a faster first cell.
     *     Trade-off: the JVM does not re-create a stale cache (new jar or JDK) by itself and
     *     then runs without any CDS, so the kernel logs a warning to run install again.
     * <li>JDK 19-24: a dynamic archive, also with -XX:+AutoCreateSharedArchive so the JVM
     *     re-creates a stale archive at exit; dumping it here too means the first launch after
     *     an install is already fast.
     * <li>JDK 17/18: a dynamic archive (-XX:ArchiveClassesAtExit).
     * </ul>
     * A failed dump leaves CDS to the JVM. With a mismatched archive the JVM silently runs
     * without it (-Xshare:auto / AOTMode=auto, the defaults; its messages are turned off).
     */
    static List<String> cdsFlags(String java, Path specDir) {
        int feature = Runtime.version().feature();
        if (feature >= 25) {
            Path cache = specDir.resolve("java-cached.aot").toAbsolutePath();
            if (dumpArchive(java, cache, List.of("-XX:AOTCacheOutput=" + cache, "-Xlog:aot=off", "-Xlog:cds=off"))) {
                return List.of("-XX:AOTCache=" + cache, "-Xlog:aot=off", "-Xlog:cds=off",
                        "-D" + ARCHIVE_PROPERTY + "=" + cache);
            }
        }
        Path archive = specDir.resolve("java-cached.jsa").toAbsolutePath();
        boolean dumped = dumpArchive(java, archive, List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off",
                "-Xlog:cds+dynamic=off"));
        if (feature >= 19) {
            return List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off");
        }
        return dumped ? List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off") : List.of();
    }

    private static boolean dumpArchive(String java, Path archive, List<String> dumpFlags) {
        try {
            Files.deleteIfExists(archive);
            List<String> dump = argv(java, dumpFlags);
            dump.set(dump.size() - 1, "--cds-warm-up");
            // The warm-up runs cells through a real kernel: they never go into the user's history.
            ProcessBuilder pb = new ProcessBuilder(dump).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("JAVA_CACHED_HISTORY", "off");
            Process p = pb.start();
            if (p.waitFor(300, TimeUnit.SECONDS) && p.exitValue() == 0 && Files.size(archive) > 0) {
                return true;
            }
            p.destroyForcibly();
            Files.deleteIfExists(archive);
        } catch (IOException e) {
            // no archive: the kernel starts without it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /**
     * Warns (in the kernel's log) when the kernel runs with an AOT cache older than its jar:
     * the JVM then silently starts without any class data sharing, about 20% slower.
     */
    static void warnIfArchiveStale() {
        String archive = System.getProperty(ARCHIVE_PROPERTY);
        Path code = codeLocation();
        if (archive == null || code == null) {
            return;
        }
        try {
            if (Files.getLastModifiedTime(code).compareTo(Files.getLastModifiedTime(Path.of(archive))) > 0) {
                Log.warn("the start-up cache %s is older than %s: start-up is slower;"
                        + " run `java -jar %s install` again to refresh it", archive, code, code);
            }
        } catch (IOException | RuntimeException e) {
            Log.warn("the start-up cache %s is missing: start-up is slower;"
                    + " run `java -jar %s install` again", archive, code);
        }
    }

    /** The kernel command line: java, flags, then -jar JAR (or -cp CLASSPATH Main when not run from a jar). */
    static List<String> argv(String java, List<String> extraFlags) {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(java).toAbsolutePath().toString());
        argv.addAll(JVM_FLAGS);
        argv.addAll(extraFlags);
        Path code = codeLocation();
        if (code != null && Files.isRegularFile(code) && code.toString().endsWith(".jar")) {
            argv.add("-jar");
            argv.add(code.toAbsolutePath().toString());
        } else {
            List<String> cp = new ArrayList<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    cp.add(Path.of(entry).toAbsolutePath().toString());
                }
            }
            argv.add("-cp");
            argv.add(String.join(File.pathSeparator, cp));
            argv.add(Main.class.getName());
        }
        argv.add("{connection_file}");
        return argv;
    }

    private static Path codeLocation() {
        try {
            var source = Main.class.getProtectionDomain().getCodeSource();
            return source == null ? null : Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
