package dev.javacached.kernel.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javacached.kernel.protocol.HistoryRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CellHistoryTest {
    @TempDir
    Path dir;

    private static HistoryRequest tail(int n) {
        return new HistoryRequest(false, true, "tail", 0, 0, Integer.MAX_VALUE, n, "*", false);
    }

    private static HistoryRequest range(int session) {
        return new HistoryRequest(false, true, "range", session, 1, Integer.MAX_VALUE, null, "*", false);
    }

    @Test
    void glob_matchesLikeSqliteGlob() {
        assertTrue(CellHistory.glob("*").matcher("any\nthing").matches());
        assertTrue(CellHistory.glob("a?c").matcher("abc").matches());
        assertFalse(CellHistory.glob("a?c").matcher("abbc").matches());
        assertTrue(CellHistory.glob("[ab]x*").matcher("bxyz").matches());
        assertTrue(CellHistory.glob("1+1.(").matcher("1+1.(").matches());
        assertFalse(CellHistory.glob("Foo*").matcher("foo").matches());
    }

    @Test
    void restartedKernel_seesEarlierSessions_rangeBySessionNumber() throws Exception {
        Path file = dir.resolve("sub").resolve("history.jsonl");
        CellHistory first = new CellHistory(file);
        first.add(1, "int a = 1;", null);
        first.add(2, "a + 1", "2");
        first.awaitWrites();
        assertEquals(1, first.session());

        CellHistory second = new CellHistory(file);
        second.add(1, "a * 10", "10");
        assertEquals(2, second.session());
        assertEquals(List.of(List.of(1, 1, "int a = 1;"), List.of(1, 2, "a + 1"), List.of(2, 1, "a * 10")),
                second.query(tail(10)));
        assertEquals(List.of(List.of(1, 1, "int a = 1;"), List.of(1, 2, "a + 1")), second.query(range(-1)));
        assertEquals(List.of(List.of(2, 1, "a * 10")), second.query(range(0)));
        assertEquals(List.of(List.of(1, 2, List.of("a + 1", "2"))), second.query(
                new HistoryRequest(true, true, "search", 0, 0, 0, null, "a + *", false)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
    }

    @Test
    void twoKernelsAtOnce_getDifferentSessions_damagedLineSkipped() throws Exception {
        Path file = dir.resolve("history.jsonl");
        Files.writeString(file, "{\"session\": 4, \"line\": 1, \"input\": \"old\"}\n{\"session\": 4, \"li",
                StandardCharsets.UTF_8);
        Files.writeString(file, "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        CellHistory a = new CellHistory(file);
        CellHistory b = new CellHistory(file);
        assertNotEquals(a.session(), b.session());
        assertTrue(a.session() > 4 && b.session() > 4);
        assertEquals(List.of(List.of(4, 1, "old")), a.query(range(4)));
    }

    @Test
    void sessionNumber_continuesFromTheCounterFile_withoutReadingTheHistory() throws Exception {
        Path file = dir.resolve("history.jsonl");
        Files.writeString(dir.resolve("history.jsonl.session"), "41");
        Files.writeString(file, "{\"session\": 99, \"line\": 1, \"input\": \"not read for the number\"}\n");
        CellHistory h = new CellHistory(file);
        assertEquals(42, h.session());
        assertEquals("42", Files.readString(dir.resolve("history.jsonl.session")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                dir.resolve("history.jsonl.session"))));
    }

    @Test
    void unusableFile_historyInMemory() throws Exception {
        Path notAFile = Files.createDirectory(dir.resolve("history.jsonl"));
        CellHistory h = new CellHistory(notAFile);
        h.add(1, "x", null);
        h.awaitWrites();
        assertEquals(List.of(List.of(1, 1, "x")), h.query(tail(5)));
    }

    @Test
    void defaultFile_envOverridesAndOff() {
        assertEquals(Path.of("/tmp/h.jsonl"), CellHistory.defaultFile(Map.of("JAVA_CACHED_HISTORY", "/tmp/h.jsonl")).orElseThrow());
        assertTrue(CellHistory.defaultFile(Map.of("JAVA_CACHED_HISTORY", "off")).isEmpty());
        assertEquals(Path.of("/x/java-cached/history.jsonl"), CellHistory.defaultFile(Map.of("XDG_DATA_HOME", "/x")).orElseThrow());
    }
}
