package dev.javacached.kernel.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineTest {
    /** Reads {@code args} as name=value pairs and plain words, the way the jar's commands do. */
    private static List<String> read(String... args) {
        CommandLine cl = new CommandLine(args);
        List<String> seen = new ArrayList<>();
        while (cl.hasNext()) {
            String name = cl.next();
            seen.add(name.equals("--name") ? name + "=" + cl.value("a value") : "word " + cl.word());
        }
        return seen;
    }

    @Test
    void value_inlineOrNextWord_bothRead() {
        assertEquals(List.of("--name=a", "--name=b", "word x"), read("--name=a", "--name", "b", "x"));
    }

    @Test
    void value_emptyAfterEquals_isTheEmptyValue() {
        assertEquals(List.of("--name="), read("--name="));
    }

    @Test
    void value_missing_saysWhatTheOptionNeeds() {
        assertEquals("--name needs a value",
                assertThrows(IllegalArgumentException.class, () -> read("--name")).getMessage());
    }

    @Test
    void next_singleDashWithEquals_isOneWord() {
        CommandLine cl = new CommandLine(new String[] {"-Dx=1"});
        assertEquals("-Dx=1", cl.next());
        assertFalse(cl.hasNext());
    }

    @Test
    void rest_givesTheUnreadWords_andConsumesThem() {
        CommandLine cl = new CommandLine(new String[] {"install", "--name", "x", "--user"});
        assertEquals("install", cl.next());
        assertEquals(List.of("--name", "x", "--user"), List.of(cl.rest()));
        assertFalse(cl.hasNext());
        assertEquals(List.of(), List.of(cl.rest()));
    }
}
