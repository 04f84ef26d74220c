package dev.javacached.kernel.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.javacached.kernel.engine.SnippetApi;
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
 * {@code install [--user | --sys-prefix | --prefix DIR] [--name NAME] [--jvm-opt OPT]...}:
 * writes the kernelspec (kernel.json from the template in the jar's {@code /kernelspec/}, with
 * argv running this java binary on this jar, plus the logos) and the start-up archive
 * ({@link StartupArchive}).
 */
final class Installer {
    static final String DEFAULT_NAME = "java-cached";
    /**
     * JVM flags in the kernelspec's argv: a small heap footprint suits an interactive kernel.
     * -Xms64m: the default initial heap (1/64 of RAM, 376 MB here) let eden grow to ~100 MB
     * before the first GC, so the kernel sat at ~200 MiB RSS after its first cell; with 32 MB it
     * was ~110 MiB, for ~20 young GCs of 4-10 ms each during start. 64 MB: 113-127 MiB (32 MB)
     * against 123-132 MiB after the first result, that result 790 against 915 ms (medians of 3
     * alternating launches), and a restarted kernel's rerun of notebooks/07 2.27 against 2.45 s
     * (medians of 4): fewer collections while JShell compiles and values restore. The heap still
     * grows on demand up to the default maximum (1/4 of RAM; -Xmx is deliberately not capped),
     * and -Xmn is not set so the young generation grows with it.
     * No -XX:+UseTransparentHugePages: on VMs that hand free memory back to the host (virtio
     * free page reporting, as on this project's reference machine) a huge-page first touch is a
     * lottery — restoring a 320 MB array took 40 ms or 950 ms from run to run, against a
     * steady ~200 ms with 4 KiB pages (bench/results/cache.md).
     * -XX:Tier4*Threshold 30 times the defaults: a method without loops is compiled by C2 after
     * 150,000 calls instead of 5,000. A kernel's own work (javac, JShell, the codec, the store)
     * comes in short bursts, and with the defaults C2 spent about 0.8 s of CPU compiling it in a
     * restarted kernel's rerun of notebooks/07, on a 2-core machine the cells' CPU: that rerun took
     * 1.59-2.16 s (median 1.80) against 1.98-2.48 s (median 2.13) with the defaults, alternating.
     * Loops reach C2 as before (Tier4BackEdgeThreshold is unchanged, and a method's loop
     * iterations count towards Tier4CompileThreshold), so the notebook's own heavy work is not
     * slower: notebooks/07 with the cache off 17.8-18.2 s against 18.5-18.7 s, notebooks/03
     * 23.2 against 23.3-23.4 s, a recursive fib(32), a 1M-element stream and a TreeMap fill the same.
     * (On JDK 25 the first run of notebooks/07 at scale 10 is bimodal with or without these flags,
     * 26.5-45 s, its heavy cells 10-13 s or 15-18 s; no difference from the flags could be seen.)
     */
    static final List<String> JVM_FLAGS = List.of("-XX:+UseSerialGC", "-Xms64m",
            "-XX:Tier4InvocationThreshold=150000", "-XX:Tier4MinInvocationThreshold=18000",
            "-XX:Tier4CompileThreshold=450000", "--enable-native-access=ALL-UNNAMED");
    /**
     * JDK 24+ warns on stderr at the first sun.misc.Unsafe memory-access call (JEP 498), which
     * the value codec makes when it first stores a value: four WARNING lines in the console.
     * The option exists from JDK 23 on.
     */
    static final List<String> JVM_FLAGS_23 = List.of("--sun-misc-unsafe-memory-access=allow");
    /** Launcher options that take their value as the next word: in --jvm-opt they need NAME=VALUE. */
    private static final List<String> TWO_WORD_OPTIONS = List.of("--add-modules", "--add-opens", "--add-exports",
            "--add-reads", "--module-path", "-p", "--upgrade-module-path", "--limit-modules", "--patch-module",
            "--enable-native-access", "-cp", "-classpath", "--class-path");
    /** Options that would replace the kernel's own launch, or print and exit instead of running it. */
    private static final List<String> REFUSED_OPTIONS = List.of("-jar", "-cp", "-classpath", "--class-path", "-m",
            "--module", "--source", "-version", "--version", "-showversion", "--show-version", "-help", "--help",
            "-h", "-?", "-X", "--help-extra", "--dry-run", "--validate-modules", "--list-modules",
            "--describe-module", "-d");
    private static final List<String> RESOURCES = List.of("logo-32x32.png", "logo-64x64.png");

    private Installer() {
    }

    enum Scope { USER, SYS_PREFIX, PREFIX }

    record Options(Scope scope, Path prefix, String name, List<String> jvmOptions) {
        Options {
            jvmOptions = List.copyOf(jvmOptions);
        }

        Options(Scope scope, Path prefix, String name) {
            this(scope, prefix, name, List.of());
        }
    }

    static String usage() {
        return """
                usage: java -jar java-cached.jar install [--user | --sys-prefix | --prefix DIR] [--name NAME]
                                                         [--jvm-opt OPT]...

                Installs the Jupyter kernelspec for java-cached (display name "Java (cached)").
                  --user         into the user's Jupyter data dir (default):
                                 $JUPYTER_DATA_DIR/kernels/NAME, else
                                 ${XDG_DATA_HOME:-~/.local/share}/jupyter/kernels/NAME
                  --sys-prefix   into sys.prefix of /usr/bin/python3: PREFIX/share/jupyter/kernels/NAME
                  --prefix DIR   into DIR/share/jupyter/kernels/NAME (found with JUPYTER_PATH=DIR/share/jupyter)
                  --name NAME    kernelspec name (default java-cached)
                  --jvm-opt OPT  a JVM option for the kernel, after its own (repeatable), e.g.
                                 --jvm-opt=--add-modules=jdk.incubator.vector  --jvm-opt=-Xmx8g
                                 (module options reach the cells' compiler too). Per launch,
                                 without reinstalling: JAVA_CACHED_JVM_OPTS="-Xmx8g ..."
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
        List<String> jvmOptions = new ArrayList<>();
        CommandLine cl = new CommandLine(args);
        while (cl.hasNext()) {
            switch (cl.next()) {
                case "-h", "--help" -> {
                    return null;
                }
                case "--user" -> scope = setScope(scope, Scope.USER);
                case "--sys-prefix" -> scope = setScope(scope, Scope.SYS_PREFIX);
                case "--prefix" -> {
                    scope = setScope(scope, Scope.PREFIX);
                    prefix = Path.of(cl.value("a directory"));
                }
                case "--name" -> {
                    String value = cl.value("a value");
                    if (!value.matches("[A-Za-z0-9._-]+")) {
                        throw new IllegalArgumentException("invalid kernelspec name: " + value);
                    }
                    name = value;
                }
                case "--jvm-opt" -> jvmOptions.add(checkJvmOption(cl.value("a JVM option")));
                default -> throw new IllegalArgumentException("unknown option: " + cl.word());
            }
        }
        return new Options(scope == null ? Scope.USER : scope, prefix, name, jvmOptions);
    }

    /** One JVM option, as the kernelspec will pass it: one word, an option, not one that replaces the launch. */
    static String checkJvmOption(String option) {
        String head = option.split("[=:\\s]", 2)[0];
        if (!option.startsWith("-")) {
            throw new IllegalArgumentException("--jvm-opt takes a JVM option starting with '-': " + option);
        }
        if (REFUSED_OPTIONS.contains(option) || REFUSED_OPTIONS.contains(head) && !head.equals("-X")) {
            throw new IllegalArgumentException("--jvm-opt " + option + " would replace the kernel's own launch");
        }
        if (TWO_WORD_OPTIONS.contains(head) && !option.startsWith(head + "=")) {
            throw new IllegalArgumentException("--jvm-opt takes one word: write " + head + "=VALUE"
                    + (option.equals(head) ? "" : " (" + head + "=" + option.substring(head.length()).strip() + ")"));
        }
        if (option.chars().anyMatch(Character::isWhitespace) && !option.startsWith("-D")) {
            throw new IllegalArgumentException("--jvm-opt takes one option: give each its own --jvm-opt: " + option);
        }
        return option;
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
        String java = javaBinary();
        List<String> target = target();
        List<String> flags = new ArrayList<>(JVM_FLAGS);
        if (Runtime.version().feature() >= 23) {
            flags.addAll(JVM_FLAGS_23);
        }
        if (!o.jvmOptions().isEmpty()) {
            checkLaunch(java, flags, o.jvmOptions(), target);  // before anything is written
        }
        Files.createDirectories(dir);
        ObjectNode spec = template();
        ArrayNode argv = spec.putArray("argv");
        try {
            // what JShell compiles snippets against, next to kernel.json (else each start copies it)
            flags.add("-D" + SnippetApi.PROPERTY + "=" + SnippetApi.writeInto(dir.resolve("api")).toAbsolutePath());
        } catch (IOException | RuntimeException e) {
            // the kernel then copies it to a temporary folder at each start
        }
        flags.addAll(o.jvmOptions());
        // The archive is dumped with the same flags: module options decide what it may hold.
        List<String> archive = StartupArchive.install(java, dir, flags, target, codeLocation());
        List<String> launch = new ArrayList<>(JVM_FLAGS.size() + archive.size() + flags.size());
        launch.addAll(flags.subList(0, JVM_FLAGS.size()));
        launch.addAll(archive);
        launch.addAll(flags.subList(JVM_FLAGS.size(), flags.size()));
        kernelArgv(java, launch, target).forEach(argv::add);
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

    /**
     * The kernelspec's argv: {@code /bin/sh -c SCRIPT java-cached K JAVA FLAGS... TARGET...
     * {connection_file}}, where the script puts the user's {@code JAVA_CACHED_JVM_OPTS} (split
     * at blanks, never globbed) before the last K words (the jar or main class and the
     * connection file), so they come after the kernel's own flags and win over them. The shell
     * ({@code exec}: the kernel keeps its pid) is what lets options be added per launch without
     * reinstalling, and without the java launcher's own JDK_JAVA_OPTIONS, which prints a
     * "Picked up" line into the console.
     */
    static List<String> kernelArgv(String java, List<String> flags, List<String> target) {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", LAUNCH, DEFAULT_NAME));
        // -jar JAR {connection_file}, or (-cp CP before the options) MAIN {connection_file}
        boolean jar = target.get(0).equals("-jar");
        argv.add(jar ? "3" : "2");
        argv.add(Path.of(java).toAbsolutePath().toString());
        argv.addAll(flags);
        argv.addAll(target);
        argv.add("{connection_file}");
        return argv;
    }

    /** $1 K, then the java command: runs it with $JAVA_CACHED_JVM_OPTS before its last K words. */
    static final String LAUNCH = "set -f; k=$1; shift; n=$#; i=0; for a; do"
            + " if [ $i -eq $((n - k)) ]; then set -- \"$@\" $JAVA_CACHED_JVM_OPTS; fi;"
            + " set -- \"$@\" \"$a\"; i=$((i + 1)); done; shift $n; exec \"$@\"";

    /** What java runs: -jar JAR, or -cp CLASSPATH Main when not run from a jar (tests, an IDE). */
    static List<String> target() {
        Path code = codeLocation();
        if (code != null && Files.isRegularFile(code) && code.toString().endsWith(".jar")) {
            return List.of("-jar", code.toAbsolutePath().toString());
        }
        List<String> cp = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                cp.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        return List.of("-cp", String.join(File.pathSeparator, cp), Main.class.getName());
    }

    /** Runs {@code java FLAGS OPTIONS TARGET --version}: an option the JVM refuses fails the install, not every start. */
    private static void checkLaunch(String java, List<String> flags, List<String> options, List<String> target)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(flags);
        command.addAll(options);
        command.addAll(target);
        command.add("--version");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("JAVA_CACHED_JVM_OPTS");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("the kernel did not start with these JVM options within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0 || !output.contains("java-cached ")) {
            throw new IOException("the JVM does not start with --jvm-opt " + String.join(" ", options) + ":\n"
                    + output.strip());
        }
    }

    static Path codeLocation() {
        try {
            var source = Main.class.getProtectionDomain().getCodeSource();
            return source == null ? null : Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
