package dev.javacached.kernel.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
