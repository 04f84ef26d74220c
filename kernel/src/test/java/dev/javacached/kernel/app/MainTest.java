package dev.javacached.kernel.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The jar's command line as {@link Main} reads it: the subcommand, and what it refuses before starting anything. */
@Timeout(60)
class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, () -> {
            throw new AssertionError("no engine is started for " + String.join(" ", args));
        }, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void noArguments_usageOnStderr() {
        assertEquals(Main.EXIT_USAGE, run());
        assertTrue(err().startsWith("usage: java -jar java-cached.jar CONNECTION_FILE"), err());
    }

    @Test
    void version_printsVersion() {
        assertEquals(Main.EXIT_OK, run("--version"));
        assertTrue(out().startsWith("java-cached "), out());
        assertEquals(Main.EXIT_OK, run("-V"));
    }

    @Test
    void help_printsUsageOnStdout() {
        for (String help : new String[] {"--help", "-h", "help"}) {
            out.reset();
            assertEquals(Main.EXIT_OK, run(help));
            assertTrue(out().startsWith("usage:"), help + ": " + out());
        }
    }

    @Test
    void unknownOption_orExtraArguments_usageError() {
        assertEquals(Main.EXIT_USAGE, run("--bogus"));
        assertTrue(err().startsWith("java-cached: unknown option or extra arguments: --bogus\n"), err());
        err.reset();
        assertEquals(Main.EXIT_USAGE, run("a.json", "b.json"));
        assertTrue(err().startsWith("java-cached: unknown option or extra arguments: a.json b.json\n"), err());
    }

    @Test
    void refreshArchive_withoutOneStampFile_usageError() {
        assertEquals(Main.EXIT_USAGE, run("--refresh-archive"));
        assertEquals("java-cached: --refresh-archive needs the archive's stamp file\n", err());
        err.reset();
        assertEquals(Main.EXIT_USAGE, run("--refresh-archive", "a", "b"));
        assertEquals("java-cached: --refresh-archive needs the archive's stamp file\n", err());
    }

    @Test
    void install_getsTheRestOfTheLine() {
        assertEquals(Main.EXIT_OK, run("install", "--help"));
        assertTrue(out().contains("install"), out());
        assertEquals(Main.EXIT_USAGE, run("install", "--frobnicate"));
        assertTrue(err().contains("unknown option: --frobnicate"), err());
    }
}
