package dev.javacached.kernel.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CellHistoryTest {
    @Test
    void glob_matchesLikeSqliteGlob() {
        assertTrue(CellHistory.glob("*").matcher("any\nthing").matches());
        assertTrue(CellHistory.glob("a?c").matcher("abc").matches());
        assertFalse(CellHistory.glob("a?c").matcher("abbc").matches());
        assertTrue(CellHistory.glob("[ab]x*").matcher("bxyz").matches());
        assertTrue(CellHistory.glob("1+1.(").matcher("1+1.(").matches());
        assertFalse(CellHistory.glob("Foo*").matcher("foo").matches());
    }
}
