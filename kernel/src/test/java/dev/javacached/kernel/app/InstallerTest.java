package dev.javacached.kernel.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.javacached.kernel.protocol.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallerTest {
    @TempDir
    Path tmp;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int main(String... args) {
        return Main.run(args, EchoEngine::new, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void installPrefix_writesKernelJsonWithAbsolutePathsAndLogos() throws Exception {
        assertEquals(0, main("install", "--prefix", tmp.toString()));
        Path dir = tmp.resolve("share/jupyter/kernels/java-cached");
        JsonNode spec = Json.mapper().readTree(dir.resolve("kernel.json").toFile());
        assertEquals("Java (cached)", spec.path("display_name").asText());
        assertEquals("java", spec.path("language").asText());
        assertEquals("message", spec.path("interrupt_mode").asText());
        JsonNode argv = spec.path("argv");
        // /bin/sh -c SCRIPT java-cached K JAVA FLAGS... (-jar JAR | -cp CP MAIN) {connection_file}
        assertEquals("/bin/sh", argv.get(0).asText());
        assertEquals("-c", argv.get(1).asText());
        assertTrue(argv.get(2).asText().contains("$JAVA_CACHED_JVM_OPTS"), argv.toString());
        assertTrue(Path.of(argv.get(5).asText()).isAbsolute());
        assertTrue(Files.isExecutable(Path.of(argv.get(5).asText())));
        assertEquals("{connection_file}", argv.get(argv.size() - 1).asText());
        String launcher = argv.get(argv.size() - 3).asText();
        assertTrue(launcher.equals("-jar") || launcher.startsWith("/"), argv.toString()); // -jar JAR or -cp CP Main
        for (JsonNode a : argv) {
            if (a.asText().contains("/") && !a.asText().startsWith("-") && !a.asText().contains(" ")) {
                for (String part : a.asText().split(":")) {
                    assertTrue(Path.of(part).isAbsolute(), part);
                }
            }
        }
        argv.forEach(a -> {
            if (a.asText().startsWith("-XX:SharedArchiveFile=")) {
                assertTrue(Path.of(a.asText().substring("-XX:SharedArchiveFile=".length())).isAbsolute());
            }
        });
        // what JShell compiles snippets against, written next to kernel.json
        String api = null;
        for (JsonNode a : argv) {
            if (a.asText().startsWith("-Djava.cached.api=")) {
                api = a.asText().substring("-Djava.cached.api=".length());
            }
        }
        assertEquals(dir.resolve("api").toAbsolutePath().toString(), api, argv.toString());
        assertTrue(Files.isRegularFile(Path.of(api, "dev/javacached/kernel/display/Display.class")));
        assertTrue(Files.isRegularFile(Path.of(api, "dev/javacached/kernel/engine/Handoff.class")));
        for (int size : new int[] {32, 64}) {
            byte[] png = Files.readAllBytes(dir.resolve("logo-" + size + "x" + size + ".png"));
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
        }
        assertTrue(out.toString(StandardCharsets.UTF_8).contains(dir.toString()));
    }

    @Test
    void installPrefix_isFoundByJupyterClient() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "/usr/bin/python3 missing: skipping the jupyter_client check");
        Process probe = new ProcessBuilder(python.toString(), "-c", "import jupyter_client").start();
        assumeTrue(probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0,
                "/usr/bin/python3 cannot import jupyter_client: skipping the kernelspec discovery check");
        assertEquals(0, main("install", "--prefix=" + tmp, "--name", "java-cached"));
        ProcessBuilder pb = new ProcessBuilder(python.toString(), "-c", """
                from jupyter_client.kernelspec import KernelSpecManager
                spec = KernelSpecManager().get_kernel_spec('java-cached')
                print(spec.display_name, spec.language, spec.interrupt_mode, spec.argv[-1], sep='|')
                print(spec.resource_dir)
                """);
        pb.environment().put("JUPYTER_PATH", tmp.resolve("share/jupyter").toString());
        pb.environment().put("JUPYTER_DATA_DIR", tmp.resolve("empty-data").toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
        String[] lines = output.strip().split("\n");
        assertEquals("Java (cached)|java|message|{connection_file}", lines[0]);
        assertEquals(tmp.resolve("share/jupyter/kernels/java-cached").toRealPath().toString(),
                Path.of(lines[1]).toRealPath().toString());
    }

    @Test
    void installUser_asProcess_writesIntoJupyterDataDir() throws Exception {
        Path data = tmp.resolve("data");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "install", "--user")
                .redirectErrorStream(true);
        pb.environment().put("JUPYTER_DATA_DIR", data.toString());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
        assertTrue(Files.isRegularFile(data.resolve("kernels/java-cached/kernel.json")), output);
        assertTrue(Files.isRegularFile(data.resolve("kernels/java-cached/logo-64x64.png")));
    }

    @Test
    void kernelsDir_sysPrefix_usesPythonSysPrefix() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "/usr/bin/python3 missing");
        Path dir = Installer.kernelsDir(new Installer.Options(Installer.Scope.SYS_PREFIX, null, "java-cached"), Map.of());
        assertEquals(Path.of("/usr/share/jupyter/kernels"), dir);
    }

    @Test
    void userDataDir_respectsJupyterDataDirThenXdg() {
        assertEquals(Path.of("/x/data"), Installer.userDataDir(Map.of("JUPYTER_DATA_DIR", "/x/data")));
        assertEquals(Path.of("/x/xdg/jupyter"), Installer.userDataDir(Map.of("XDG_DATA_HOME", "/x/xdg")));
        assertEquals(Path.of(System.getProperty("user.home"), ".local/share/jupyter"), Installer.userDataDir(Map.of()));
    }

    @Test
    void parse_defaultsToUserAndRejectsConflicts() {
        assertEquals(Installer.Scope.USER, Installer.parse(new String[0]).scope());
        assertEquals(Installer.Scope.SYS_PREFIX, Installer.parse(new String[] {"--sys-prefix"}).scope());
        assertEquals("other", Installer.parse(new String[] {"--name=other"}).name());
        assertThrows(IllegalArgumentException.class, () -> Installer.parse(new String[] {"--user", "--sys-prefix"}));
        assertThrows(IllegalArgumentException.class, () -> Installer.parse(new String[] {"--prefix"}));
        assertThrows(IllegalArgumentException.class, () -> Installer.parse(new String[] {"--name", "a/b"}));
    }

    @Test
    void parse_jvmOpt_repeatableInBothForms() {
        Installer.Options o = Installer.parse(new String[] {"--jvm-opt=--add-modules=jdk.incubator.vector",
                "--jvm-opt", "-Xmx2g", "--jvm-opt=-Dgreeting=hello world"});
        assertEquals(List.of("--add-modules=jdk.incubator.vector", "-Xmx2g", "-Dgreeting=hello world"), o.jvmOptions());
        assertEquals(List.of(), Installer.parse(new String[0]).jvmOptions());
    }

    @Test
    void parse_jvmOpt_refusesWhatWouldBreakTheLaunch() {
        assertEquals("--jvm-opt needs a JVM option",
                assertThrows(IllegalArgumentException.class, () -> Installer.parse(new String[] {"--jvm-opt"})).getMessage());
        assertTrue(refused("jdk.incubator.vector").contains("starting with '-'"));
        assertTrue(refused("--add-modules").contains("write --add-modules=VALUE"));
        assertTrue(refused("--add-modules jdk.incubator.vector").contains("--add-modules=jdk.incubator.vector"));
        assertTrue(refused("-Xmx1g -Xms1g").contains("give each its own --jvm-opt"));
        for (String launch : List.of("-jar", "-cp=/x", "--class-path=/x", "-version", "--help", "-X", "--module=m/C")) {
            assertTrue(refused(launch).contains("would replace the kernel's own launch"), launch);
        }
    }

    private static String refused(String option) {
        return assertThrows(IllegalArgumentException.class,
                () -> Installer.parse(new String[] {"--jvm-opt=" + option})).getMessage();
    }

    @Test
    void install_jvmOptTheJvmRefuses_failsWithTheJvmsMessage() {
        assertEquals(1, main("install", "--prefix", tmp.toString(), "--jvm-opt=--add-modules=no.such.module"));
        String error = err.toString(StandardCharsets.UTF_8);
        assertTrue(error.contains("does not start with --jvm-opt --add-modules=no.such.module"), error);
        assertTrue(error.contains("Module no.such.module not found"), error);   // the JVM's own words
        assertFalse(Files.exists(tmp.resolve("share/jupyter/kernels/java-cached")));
    }

    @Test
    void installedArgv_runsJavaWithJvmOptThenJavaCachedJvmOpts() throws Exception {
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        assertEquals(0, main("install", "--prefix", tmp.toString(),
                "--jvm-opt=-Xlog:os=info:file=" + logs.resolve("installed.log")), err.toString(StandardCharsets.UTF_8));
        JsonNode spec = Json.mapper().readTree(tmp.resolve("share/jupyter/kernels/java-cached/kernel.json").toFile());
        List<String> argv = new ArrayList<>();
        // `--version` in place of the connection file: the kernel prints its version and exits
        spec.path("argv").forEach(a -> argv.add(a.asText().equals("{connection_file}") ? "--version" : a.asText()));
        assertTrue(argv.contains("-Xlog:os=info:file=" + logs.resolve("installed.log")), argv.toString());
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        // blanks split the options; a '*' stays as it is (no file name expansion)
        pb.environment().put("JAVA_CACHED_JVM_OPTS", "  -Xlog:gc*=info:file=" + logs.resolve("per-launch.log") + "  -Dx=1 ");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.startsWith("java-cached "), output);
        assertTrue(Files.exists(logs.resolve("installed.log")), "the --jvm-opt option did not reach the JVM");
        assertTrue(Files.exists(logs.resolve("per-launch.log")), "JAVA_CACHED_JVM_OPTS did not reach the JVM");
    }

    @Test
    void install_unknownOption_exitsWithUsageError() {
        assertEquals(2, main("install", "--bogus"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown option: --bogus"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage:"));
    }

    @Test
    void installHelp_explainsOptions() {
        assertEquals(0, main("install", "--help"));
        String help = out.toString(StandardCharsets.UTF_8);
        assertTrue(help.contains("--sys-prefix") && help.contains("--prefix DIR") && help.contains("--user"), help);
    }

    @Test
    void version_printsMavenVersion() {
        assertEquals(0, main("--version"));
        assertTrue(out.toString(StandardCharsets.UTF_8).matches("java-cached \\d+\\.\\d+\\.\\d+.*\\s*"), out.toString());
    }

    @Test
    void main_unknownOptionOrNoArgs_exitsWithUsageError() {
        assertEquals(2, main("--frob"));
        assertEquals(2, main());
        assertEquals(2, main("a.json", "b.json"));
    }

    @Test
    void cdsWarmUp_runsKernelInfoAndShutdownInProcess() {
        assertEquals(0, main("--cds-warm-up"));
    }

    @Test
    void main_missingConnectionFile_exitsWithError() {
        assertEquals(1, main(tmp.resolve("nope.json").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot read connection file"));
    }
}
