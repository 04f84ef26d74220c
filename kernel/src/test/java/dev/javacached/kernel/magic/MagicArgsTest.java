package dev.javacached.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MagicArgsTest {
    @Test
    void split_whitespaceAndQuotes() {
        assertEquals(List.of("a", "b c", "d"), MagicArgs.split("  a \"b c\"\td\n"));
        assertEquals(List.of(), MagicArgs.split("   "));
        assertEquals(List.of(""), MagicArgs.split("\"\""));
        assertEquals(List.of("C:\\lib\\x.jar"), MagicArgs.split("C:\\lib\\x.jar"));
    }
}
