package dev.javacached.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javacached.kernel.cache.CellReport;
import dev.javacached.kernel.display.Human;
import dev.javacached.kernel.display.MimeBundle;
import dev.javacached.store.EntryMeta;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheMagicTest {
    @TempDir
    Path dir;

    @Test
    void status_showsDirectoryEntriesLimitAndSessionCounts() throws Exception {
        try (HookSession s = new HookSession(dir)) {
            s.declare("a", "alpha");
        }
        try (HookSession s = new HookSession(dir)) {
            s.declare("a", "alpha");                 // restored
            s.declare("b", "beta");                  // computed and stored
            String status = s.text("status");
            assertTrue(status.contains(dir.toString()), status);
            assertTrue(status.contains("entries") && status.contains("2"), status);
            assertTrue(status.contains("of 8.0 GB"), status);
            assertTrue(status.contains("100 ms"), status);
            assertTrue(status.contains("1 restored, 1 computed, 1 stored"), status);
            assertEquals(status, s.text(""));
        }
    }

    @Test
    void list_newestFirstWithEveryColumnInPlainAndHtml() throws Exception {
        try (HookSession s = new HookSession(dir)) {
            s.declare("first", "1");
            s.declare("second", "2");
            MimeBundle b = ((MagicResult.Success) s.cache("list")).display().orElseThrow();
            String plain = b.plain();
            for (String column : List.of("name", "type", "size", "compute", "created", "last used", "hits",
                    "pinned", "key")) {
                assertTrue(plain.contains(column), column + " in\n" + plain);
            }
            assertTrue(plain.indexOf("second") < plain.indexOf("first"), plain);
            assertTrue(plain.contains("200 ms"), plain);
            assertTrue(plain.contains("2 entries"), plain);
            String key = s.store.list().get(0).key().substring(0, 12);
            assertTrue(plain.contains(key), plain);
            assertTrue(b.data().get("text/html").contains("<table"), b.data().get("text/html"));
            assertTrue(b.data().get("text/html").contains("<code>second</code>"));
        }
    }

    @Test
    void list_withNames_showsOnlyThose() throws Exception {
        try (HookSession s = new HookSession(dir)) {
            s.declare("first", "1");
            s.declare("second", "2");
            String plain = s.text("list first");
            assertTrue(plain.contains("first") && !plain.contains("second"), plain);
            assertTrue(s.text("list nothing").contains("No stored entries named nothing"));
        }
    }

    @Test
    void why_explainsRestoreAfterRestart() throws Exception {
        try (HookSession s = new HookSession(dir)) {
            s.declare("a", "alpha");
            assertTrue(s.text("why a").contains("computed and stored"), s.text("why a"));
        }
        try (HookSession s = new HookSession(dir)) {
            s.declare("a", "alpha");
            String why = s.text("why a");
            assertTrue(why.contains("restored from cache"), why);
            assertTrue(why.contains("fingerprint:"), why);
            assertTrue(why.contains("1 entry of `a`"), why);
            assertTrue(why.contains("matches the current fingerprint"), why);
            assertTrue(s.text("why zz").contains("has not been declared"), s.text("why zz"));
        }
    }

    @Test
    void clear_removesEntriesOfName_soRestartRecomputesIt() throws Exception {
        try (HookSession s = new HookSession(dir)) {
            s.declare("a", "alpha");
            s.declare("b", "beta");
            String out = s.text("clear a nothere");
            assertTrue(out.contains("removed 1 entry of `a`"), out);
            assertTrue(out.contains("no stored entries named `nothere`"), out);
        }
        try (HookSession s = new HookSession(dir)) {
            CellReport a = s.declare("a", "alpha");
            CellReport b = s.declare("b", "beta");
            assertEquals(List.of(), a.restored());
            assertEquals(List.of("a"), a.computed());
            assertEquals(List.of("b"), b.restored());
            assertEquals(List.of("a"), s.ran);
        }
    }

    @Test
    void clearAll_removesEverythingAndSaysHowMany() throws Exception {
        try (HookSession s = new HookSession(dir)) {
            s.declare("a", "alpha");
            s.declare("b", "beta");
            assertTrue(s.text("clear --all").contains("Removed all 2 entries"), s.text("status"));
            assertEquals(0, s.store.stats().entries());
            assertTrue(s.text("clear --all").contains("already empty"));
        }
    }

    @Test
    void offThenOn_storesNothingWhileOff() throws Exception {
        try (HookSession s = new HookSession(dir)) {
            assertTrue(s.text("off").contains("off"));
            assertFalse(s.hook.isEnabled());
            assertTrue(s.text("status").contains("off"), s.text("status"));
            s.declare("a", "alpha");
            assertEquals(0, s.store.stats().entries());
            s.text("on");
            assertTrue(s.hook.isEnabled());
            s.declare("b", "beta");
            assertEquals(1, s.store.stats().entries());
        }
    }

    @Test
    void limit_persistsAcrossRestartAndEvictsAtOnce() throws Exception {
        try (HookSession s = new HookSession(dir)) {
            s.declare("a", "alpha");
            s.declare("b", "beta");
            assertTrue(s.text("limit").contains("Size limit 8.0 GB"), s.text("limit"));
            String out = s.text("limit 1.5G");
            assertTrue(out.contains("Size limit 1.5 GB (was 8.0 GB)"), out);
            assertEquals(1536L << 20, s.store.sizeLimit());
            String evict = s.text("limit 1");
            assertTrue(evict.contains("evicted 2 entries"), evict);
            assertEquals(0, s.store.stats().entries());
            s.text("limit 500M");
        }
        try (HookSession s = new HookSession(dir)) {
            assertEquals(500L << 20, s.store.sizeLimit());
        }
    }

    @Test
    void pin_keepsCurrentEntryThroughEvictionAndRestart() throws Exception {
        try (HookSession s = new HookSession(dir)) {
            s.declare("a", "alpha");
            s.declare("b", "beta");
            String out = s.text("pin a");
            assertTrue(out.contains("pinned `a`: the entry for its current definition"), out);
            s.text("limit 1");
            List<EntryMeta> left = s.store.list();
            assertEquals(List.of("a"), left.stream().map(EntryMeta::name).toList());
            assertTrue(left.get(0).pinned());
            assertTrue(s.text("list").contains("yes"), s.text("list"));
        }
        try (HookSession s = new HookSession(dir)) {
            assertEquals(List.of("a"), s.declare("a", "alpha").restored());
            assertEquals(List.of("b"), s.declare("b", "beta").computed());
        }
    }

    @Test
    void pin_afterRestartWithoutDeclaring_pinsNewestEntryAndSaysSo() throws Exception {
        try (HookSession s = new HookSession(dir)) {
            s.declare("a", "one");
            s.declare("a", "two");
        }
        try (HookSession s = new HookSession(dir)) {
            String out = s.text("pin a");
            assertTrue(out.contains("its newest entry") && out.contains("1 older entry stays unpinned"), out);
            List<EntryMeta> entries = s.store.list();
            assertTrue(entries.get(0).pinned());
            assertFalse(entries.get(1).pinned());
        }
    }

    @Test
    void unpin_letsEvictionTakeTheEntry() throws Exception {
        try (HookSession s = new HookSession(dir)) {
            s.declare("a", "alpha");
            s.text("pin a");
            assertTrue(s.text("unpin a").contains("unpinned 1 entry of `a`"));
            assertTrue(s.text("unpin a").contains("was not pinned"));
            s.text("limit 1");
            assertEquals(0, s.store.stats().entries());
        }
    }

    @Test
    void threshold_persistsAcrossRestart() throws Exception {
        try (HookSession s = new HookSession(dir)) {
            assertTrue(s.text("threshold 250ms").contains("(was 100 ms)"));
            assertEquals(250, s.hook.thresholdMillis());
            s.declare("a", "alpha");                     // 200 ms < 250 ms: not stored
            assertEquals(0, s.store.stats().entries());
        }
        try (HookSession s = new HookSession(dir)) {
            assertEquals(250, s.hook.thresholdMillis());
            assertTrue(s.text("threshold").contains("250 ms"));
            s.text("threshold 0");
            assertEquals(0, s.hook.thresholdMillis());
        }
    }

    @Test
    void help_andQuestionMark_listEveryForm() throws Exception {
        try (HookSession s = new HookSession(dir)) {
            String help = s.text("help");
            for (String form : List.of("%cache list", "%cache why NAME", "%cache clear --all", "%cache pin",
                    "%cache unpin", "%cache off", "%cache limit", "%cache threshold", "%%nocache", "%%recompute",
                    "%%snapshot")) {
                assertTrue(help.contains(form), form + " in\n" + help);
            }
            assertEquals(help, s.magic.help());
        }
    }

    @Test
    void wrongForms_failNamingTheValidOnesAndChangeNothing() throws Exception {
        try (HookSession s = new HookSession(dir)) {
            s.declare("a", "alpha");
            long limit = s.store.sizeLimit();
            for (String bad : List.of("claer a", "clear", "clear --all a", "limit lots", "limit 0", "limit -5M",
                    "threshold -1", "threshold fast", "why", "why a b", "pin", "pin 3x", "off now", "pin nothere")) {
                MagicResult r = s.cache(bad);
                MagicResult.Failure f = assertInstanceOf(MagicResult.Failure.class, r, bad);
                assertEquals("MagicError", f.name());
                assertTrue(s.magic.check(bad).isPresent() || bad.equals("pin nothere"), bad);
            }
            MagicResult.Failure typo = (MagicResult.Failure) s.cache("claer a");
            assertTrue(typo.message().contains("did you mean `%cache clear`?"), typo.message());
            assertTrue(typo.message().contains("%cache why NAME"), typo.message());
            assertTrue(((MagicResult.Failure) s.cache("pin nothere")).message().contains("Stored names: a"));
            assertEquals(1, s.store.stats().entries());
            assertEquals(limit, s.store.sizeLimit());
            assertEquals(100, s.hook.thresholdMillis());
            assertTrue(s.hook.isEnabled());
            assertFalse(s.store.list().get(0).pinned());
        }
    }

    @Test
    void completeArgs_offersSubcommandsThenNames() throws Exception {
        try (HookSession s = new HookSession(dir)) {
            s.declare("alpha", "1");
        }
        try (HookSession s = new HookSession(dir)) {
            s.declare("beta", "2");
            assertTrue(s.magic.completeArgs("").containsAll(List.of("status", "list", "why", "clear", "limit")));
            assertEquals(List.of("clear"), s.magic.completeArgs("cl"));
            assertEquals(List.of("alpha", "beta"), s.magic.completeArgs("why "));
            assertEquals(List.of("beta"), s.magic.completeArgs("why b"));
            assertEquals(List.of(), s.magic.completeArgs("why alpha "));
            assertEquals(List.of("--all", "alpha", "beta"), s.magic.completeArgs("clear "));
            assertEquals(List.of("beta"), s.magic.completeArgs("pin alpha "));
            assertEquals(List.of(), s.magic.completeArgs("limit "));
        }
    }

    @Test
    void parseBytes_acceptsUnitsAndRejectsNonsense() {
        assertEquals(OptionalLong.of(20L << 30), Human.parseBytes("20G"));
        assertEquals(OptionalLong.of(500L << 20), Human.parseBytes("500M"));
        assertEquals(OptionalLong.of(1536L << 20), Human.parseBytes("1.5G"));
        assertEquals(OptionalLong.of(2L << 30), Human.parseBytes("2 GiB"));
        assertEquals(OptionalLong.of(3L << 10), Human.parseBytes("3kb"));
        assertEquals(OptionalLong.of(1234), Human.parseBytes("1234"));
        for (String bad : List.of("", "G", "0", "-1", "1.5", "12X", "1e9", "5 bytes", "99999999999T")) {
            assertEquals(OptionalLong.empty(), Human.parseBytes(bad), bad);
        }
    }
}
