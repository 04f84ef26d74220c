package dev.javacached.kernel.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javacached.store.RocksCacheStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run times kept in a real store's settings, as a restarted kernel reads them. */
class RunTimesTest {
    @TempDir
    Path dir;

    @Test
    void aRunTimeIsReadBackByTheNextKernel_inWholeMillisecondsRoundedUp() throws Exception {
        try (RocksCacheStore store = RocksCacheStore.open(dir)) {
            RunTimes a = new RunTimes(store);
            assertEquals(-1, a.lastMillis("x = f(1);"));
            a.ran("x = f(1);", 2_000_001);
            a.ran("y = g();", 0);
            a.save();
            a.flush();
            RunTimes b = new RunTimes(store);
            assertEquals(3, b.lastMillis("x = f(1);"));
            assertEquals(0, b.lastMillis("y = g();"));
            assertEquals(-1, b.lastMillis("z = h();"));
        }
    }

    @Test
    void thisKernelsRunsWin_overWhatTheStoreHad() throws Exception {
        try (RocksCacheStore store = RocksCacheStore.open(dir)) {
            RunTimes a = new RunTimes(store);
            a.lastMillis("s");
            a.ran("s", 500_000_000);
            a.save();
            a.flush();
            RunTimes b = new RunTimes(store);
            b.ran("s", 1_000_000);                  // ran before its first prediction
            assertEquals(1, b.lastMillis("s"));
        }
    }

    @Test
    void aDamagedSetting_isIgnored_andTheSetIsBounded() throws Exception {
        try (RocksCacheStore store = RocksCacheStore.open(dir)) {
            store.setSetting(RunTimes.SETTING, "zz,abc=1,0123456789abcdef=x,=,," + RunTimes.key("kept") + "=7");
            RunTimes a = new RunTimes(store);
            assertEquals(7, a.lastMillis("kept"));
            for (int i = 0; i <= RunTimes.MAX; i++) {
                a.ran("s" + i, 1_000_000);
            }
            a.save();
            a.flush();
            RunTimes b = new RunTimes(store);
            assertEquals(-1, b.lastMillis("kept"), "the least recently run went first");
            assertEquals(-1, b.lastMillis("s0"));
            assertEquals(1, b.lastMillis("s1"));
            assertEquals(1, b.lastMillis("s" + RunTimes.MAX));
        }
    }

    /**
     * Whether a source's runs made system calls goes with its time to the next kernel; once one
     * run made some, it stays "not quiet" (a run that turns out not quiet before the recorder
     * runs has unknown reads: that should happen once per source, not at every restart).
     */
    @Test
    void quietGoesToTheNextKernel_andNotQuietOnceIsForGood() throws Exception {
        try (RocksCacheStore store = RocksCacheStore.open(dir)) {
            RunTimes a = new RunTimes(store);
            assertFalse(a.quiet("q"), "unknown is not quiet");
            a.ran("q", 1_000_000);
            a.io("q", true);
            a.ran("n", 1_000_000);
            a.io("n", true);
            a.io("n", false);
            a.io("n", true);
            a.ran("u", 1_000_000);
            a.io("u", null);
            a.io("never ran", true);
            assertTrue(a.quiet("q"));
            assertFalse(a.quiet("n"));
            a.save();
            a.flush();
            RunTimes b = new RunTimes(store);
            assertTrue(b.quiet("q"));
            assertFalse(b.quiet("n"));
            assertFalse(b.quiet("u"));
            assertFalse(b.quiet("never ran"), "a run that failed has no time and no flag");
            assertEquals(1, b.lastMillis("q"));
            assertEquals(1, b.lastMillis("n"));
            b.ran("q", 2_000_000);
            b.io("q", false);
            b.save();
            b.flush();
            assertFalse(new RunTimes(store).quiet("q"));
        }
    }

    /** An entry written before the flag (key=ms) reads as unknown; one with it, as its time. */
    @Test
    void entriesWithAndWithoutTheFlag_readBack() throws Exception {
        try (RocksCacheStore store = RocksCacheStore.open(dir)) {
            store.setSetting(RunTimes.SETTING, RunTimes.key("old") + "=12," + RunTimes.key("quiet") + "=3q,"
                    + RunTimes.key("busy") + "=4n," + RunTimes.key("bad") + "=q");
            RunTimes a = new RunTimes(store);
            assertEquals(12, a.lastMillis("old"));
            assertFalse(a.quiet("old"));
            assertEquals(3, a.lastMillis("quiet"));
            assertTrue(a.quiet("quiet"));
            assertEquals(4, a.lastMillis("busy"));
            assertFalse(a.quiet("busy"));
            assertEquals(-1, a.lastMillis("bad"));
            assertFalse(a.quiet("bad"));
        }
    }
}
