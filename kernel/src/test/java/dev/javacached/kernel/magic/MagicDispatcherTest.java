package dev.javacached.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javacached.kernel.cache.CachedEngine;
import dev.javacached.kernel.cache.CachingHook;
import dev.javacached.kernel.display.MimeBundle;
import dev.javacached.kernel.engine.Completeness;
import dev.javacached.kernel.engine.Completion;
import dev.javacached.kernel.engine.Engine;
import dev.javacached.kernel.engine.ExecuteOutcome;
import dev.javacached.kernel.testkit.RecordingSink;
import dev.javacached.store.RocksCacheStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Splitting, ordering, checking, completion and interrupts, over a recording inner engine. */
class MagicDispatcherTest {
    @TempDir
    Path dir;

    private RocksCacheStore store;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final RecordingEngine inner = new RecordingEngine(log);
    private final RecordingSink sink = new RecordingSink();
    /** The dispatcher inside the cache's cell, as the kernel assembles it. */
    private Engine dispatcher;

    /** {@code %echo ARGS} logs its arguments; {@code %echo fail} fails; it accepts anything else. */
    private final MagicCommand echo = new MagicCommand() {
        @Override
        public String name() {
            return "echo";
        }

        @Override
        public String help() {
            return "%echo WORDS\nShows its words. Used in tests.";
        }

        @Override
        public MagicResult run(String args, MagicContext ctx) {
            log.add("echo:" + args);
            return args.equals("fail") ? MagicResult.failure("EchoError", "echo failed")
                    : MagicResult.okText("echo " + args);
        }
    };

    /** {@code %join ARGS} (alias {@code %together}) joins all its lines of a cell into one run. */
    private final MagicCommand join = new MagicCommand() {
        @Override
        public String name() {
            return "join";
        }

        @Override
        public String help() {
            return "%join WORDS\nLogs all its lines' words at once. Used in tests.";
        }

        @Override
        public List<String> aliases() {
            return List.of("together");
        }

        @Override
        public boolean joinsLinesOfCell() {
            return true;
        }

        @Override
        public MagicResult run(String args, MagicContext ctx) {
            log.add("join:" + String.join(" ", MagicArgs.split(args)));
            return MagicResult.ok();
        }
    };

    /** {@code %prep ARGS} logs its arguments; between %join lines it runs before them. */
    private final MagicCommand prep = new MagicCommand() {
        @Override
        public String name() {
            return "prep";
        }

        @Override
        public String help() {
            return "%prep WORDS\nPrepares %join. Used in tests.";
        }

        @Override
        public boolean preparesJoinedLines() {
            return true;
        }

        @Override
        public MagicResult run(String args, MagicContext ctx) {
            log.add("prep:" + args);
            return MagicResult.ok();
        }
    };

    /** {@code %%body ARGS} logs its arguments and body. */
    private final CellBodyMagic body = new CellBodyMagic() {
        @Override
        public String name() {
            return "body";
        }

        @Override
        public String help() {
            return "%%body\nLogs its body. Used in tests.";
        }

        @Override
        public MagicResult run(String args, String text, MagicContext ctx) {
            log.add("body:" + args + "|" + text);
            return MagicResult.okText("body done");
        }
    };

    @BeforeEach
    void open() throws Exception {
        store = RocksCacheStore.open(dir);
        CachingHook hook = new CachingHook(store);
        dispatcher = new CachedEngine(MagicDispatcher.builder(inner, hook).cacheMagic(store).magic(echo).magic(join)
                .magic(prep).cellMagic(body).build(), hook, store);
    }

    @Test
    void execute_joinedMagicLines_runOnceAtTheFirstWithEveryLinesArguments() {
        dispatcher.execute("%join a b\n%echo x\n%together c\nint y = 1;\n%join d", sink);
        assertEquals(List.of("join:a b c d", "echo:x", "java:\n\n\nint y = 1;\n"), log);
    }

    @Test
    void execute_preparingLineBetweenJoinedLines_runsBeforeThem_othersWhereTheyStand() {
        dispatcher.execute("%prep 0\n%join a\n%prep 1\n%echo x\n%join b\n%prep 2", sink);
        assertEquals(List.of("prep:0", "prep:1", "join:a b", "echo:x", "prep:2"), log);
    }

    @Test
    void execute_oneJoinedLine_runsAsWritten() {
        dispatcher.execute("int y = 1;\n%together a", sink);
        assertEquals(List.of("java:int y = 1;\n", "join:a"), log);
    }

    @Test
    void execute_joinedLineWithABadArgument_stillCheckedBeforeAnythingRuns() {
        ExecuteOutcome o = dispatcher.execute("%join a\n%cahce x\n%join b", sink);
        assertInstanceOf(ExecuteOutcome.Failure.class, o);
        assertTrue(log.isEmpty(), log.toString());
    }

    @Test
    void execute_bodyCellMagic_getsTheRestOfTheCellAndNoJavaRuns() {
        ExecuteOutcome o = dispatcher.execute("\n%%body one two\n<dependency>\n%echo not a magic\n", sink);
        assertEquals(List.of("body:one two|<dependency>\n%echo not a magic\n"), log);
        assertEquals("body done", ((ExecuteOutcome.Success) o).result().orElseThrow().plain());
        assertEquals(Completeness.Status.COMPLETE, dispatcher.isComplete("%%body\n<a>").status());
    }

    @Test
    void execute_bodyCellMagicBelowCode_isAnError() {
        ExecuteOutcome o = dispatcher.execute("int x = 1;\n%%body\n<a/>", sink);
        ExecuteOutcome.Failure f = assertInstanceOf(ExecuteOutcome.Failure.class, o);
        assertTrue(f.evalue().contains("%%body is a cell magic: it must be the first line"), f.evalue());
        assertTrue(log.isEmpty(), log.toString());
    }

    @Test
    void execute_cellMagicQuestionMark_showsItsHelp() {
        assertTrue(((ExecuteOutcome.Success) dispatcher.execute("%%body?", sink)).result().orElseThrow().plain()
                .startsWith("%%body\nLogs its body."));
        assertTrue(((ExecuteOutcome.Success) dispatcher.execute("%%nocache?", sink)).result().orElseThrow().plain()
                .startsWith("%%nocache\n"));
        assertTrue(log.isEmpty(), log.toString());
    }

    @Test
    void lsmagic_listsAliasesAndBodyCellMagics() {
        String plain = ((ExecuteOutcome.Success) dispatcher.execute("%lsmagic", sink)).result().orElseThrow().plain();
        assertTrue(plain.contains("%together") && plain.contains("The same as %join"), plain);
        assertTrue(plain.contains("%%body"), plain);
    }

    @AfterEach
    void close() {
        dispatcher.close();
        store.close();
    }

    /** Issue 17: a damaged index is replaced by the store; the user is told once, on the cell's stderr. */
    @Test
    void execute_afterTheStoreReplacedADamagedIndex_warnsOnceOnStderr() throws Exception {
        store.put("k", new dev.javacached.store.EntryInfo("x", "int", 1, Map.of(), null), 1,
                dev.javacached.store.ClassResolver.DEFAULT);
        dispatcher.close();
        store.close();
        Path index = dir.resolve("index");
        try (org.rocksdb.Options o = new org.rocksdb.Options();
             org.rocksdb.RocksDB db = org.rocksdb.RocksDB.open(o, index.toString());
             org.rocksdb.FlushOptions f = new org.rocksdb.FlushOptions().setWaitForFlush(true)) {
            db.flush(f);
        }
        Path sst;
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(index)) {
            sst = files.filter(p -> p.toString().endsWith(".sst")).findFirst().orElseThrow();
        }
        byte[] b = java.nio.file.Files.readAllBytes(sst);
        b[100] ^= 0x40;
        java.nio.file.Files.write(sst, b);
        open();

        ExecuteOutcome o = dispatcher.execute("%cache list", sink);
        assertInstanceOf(ExecuteOutcome.Success.class, o);
        assertTrue(sink.stderr().startsWith("java-cached: the cache index was damaged"), sink.stderr());
        assertTrue(sink.stderr().contains("index.damaged-"), sink.stderr());
        int len = sink.stderr().length();
        assertInstanceOf(ExecuteOutcome.Success.class, dispatcher.execute("%cache status", sink));
        assertEquals(len, sink.stderr().length(), "told once");
    }

    @Test
    void execute_javaOnly_goesToInnerUnchangedWithCacheMetadata() {
        ExecuteOutcome o = dispatcher.execute("int x = 1 % 2;", sink);
        assertEquals(List.of("java:int x = 1 % 2;"), log);
        ExecuteOutcome.Success s = assertInstanceOf(ExecuteOutcome.Success.class, o);
        assertEquals("ok", s.replyMetadata().get("engine"));
        Map<?, ?> cached = (Map<?, ?>) s.replyMetadata().get("java_cached");
        assertEquals(List.of("restored", "stored", "computed", "uncacheable"), List.copyOf(cached.keySet()));
    }

    @Test
    void execute_magicsAndJava_runInCellOrderWithCellLineNumbers() {
        ExecuteOutcome o = dispatcher.execute("%echo one\nimport a.*;\n%echo two\nint y = 2;", sink);
        assertEquals(List.of("echo:one", "java:\nimport a.*;\n", "echo:two", "java:\n\n\nint y = 2;"), log);
        ExecuteOutcome.Success s = assertInstanceOf(ExecuteOutcome.Success.class, o);
        assertEquals("ran int y = 2;", s.result().orElseThrow().plain());
        assertEquals(List.of("echo one", "echo two"), sink.displays().stream().map(RecordingSink.Display::plain).toList());
    }

    @Test
    void execute_lastSegmentMagic_isTheResult() {
        ExecuteOutcome o = dispatcher.execute("int y = 2;\n%echo last", sink);
        assertEquals("echo last", ((ExecuteOutcome.Success) o).result().orElseThrow().plain());
        assertTrue(sink.displays().isEmpty());
    }

    @Test
    void execute_unknownMagic_failsNamingValidFormsAndRunsNothing() {
        ExecuteOutcome o = dispatcher.execute("%echo first\nint x = 1;\n%cahce list", sink);
        ExecuteOutcome.Failure f = assertInstanceOf(ExecuteOutcome.Failure.class, o);
        assertEquals("MagicError", f.ename());
        assertTrue(f.evalue().contains("unknown magic %cahce — did you mean %cache?"), f.evalue());
        assertTrue(f.evalue().contains("%lsmagic"), f.evalue());
        assertTrue(f.evalue().startsWith("line 3:"), f.evalue());
        assertEquals(List.of(), log);
        assertTrue(f.replyMetadata().containsKey("java_cached"));
    }

    @Test
    void execute_wrongCacheArguments_runNothing() {
        ExecuteOutcome o = dispatcher.execute("int x = 1;\n%cache limit lots", sink);
        ExecuteOutcome.Failure f = assertInstanceOf(ExecuteOutcome.Failure.class, o);
        assertTrue(f.evalue().contains("20G"), f.evalue());
        assertEquals(List.of(), log);
        assertEquals(8L << 30, store.sizeLimit());
    }

    @Test
    void execute_lineFormOfCellMagicOrCellMagicLater_isAnError() {
        ExecuteOutcome.Failure a = (ExecuteOutcome.Failure) dispatcher.execute("%nocache\nint x = 1;", sink);
        assertTrue(a.evalue().contains("did you mean %%nocache?"), a.evalue());
        ExecuteOutcome.Failure b = (ExecuteOutcome.Failure) dispatcher.execute("int x = 1;\n%%nocache", sink);
        assertTrue(b.evalue().contains("must be the first line"), b.evalue());
        ExecuteOutcome.Failure c = (ExecuteOutcome.Failure) dispatcher.execute("%%nocache please\nint x;", sink);
        assertTrue(c.evalue().contains("takes no arguments"), c.evalue());
        ExecuteOutcome.Failure d = (ExecuteOutcome.Failure) dispatcher.execute("%%cache\nint x;", sink);
        assertTrue(d.evalue().contains("did you mean %cache?"), d.evalue());
        ExecuteOutcome.Failure e = (ExecuteOutcome.Failure) dispatcher.execute("%snapshot\nint x = 1;", sink);
        assertTrue(e.evalue().contains("did you mean %%snapshot?"), e.evalue());
        assertTrue(e.evalue().contains("first line only: %%nocache %%recompute %%snapshot"), e.evalue());
        assertEquals(List.of(), log);
    }

    @Test
    void execute_cellMagicAfterBlankLinesAndComment_isAccepted() {
        ExecuteOutcome o = dispatcher.execute("\n%%nocache\nint x = 1;", sink);
        assertInstanceOf(ExecuteOutcome.Success.class, o);
        assertEquals(List.of("java:\n\nint x = 1;"), log);
    }

    @Test
    void execute_magicFailure_stopsTheCellThere() {
        ExecuteOutcome o = dispatcher.execute("int a;\n%echo fail\nint b;", sink);
        ExecuteOutcome.Failure f = assertInstanceOf(ExecuteOutcome.Failure.class, o);
        assertEquals("EchoError", f.ename());
        assertEquals("echo failed", f.evalue());
        assertEquals(List.of("java:int a;\n", "echo:fail"), log);
        assertEquals("ok", f.replyMetadata().get("engine"));
    }

    @Test
    void execute_javaFailure_stopsBeforeLaterMagics() {
        ExecuteOutcome o = dispatcher.execute("FAIL;\n%echo after", sink);
        assertEquals("java.lang.IllegalStateException", ((ExecuteOutcome.Failure) o).ename());
        assertEquals(List.of("java:FAIL;\n"), log);
    }

    @Test
    void execute_questionMark_showsHelp() {
        ExecuteOutcome o = dispatcher.execute("%cache?", sink);
        assertTrue(((ExecuteOutcome.Success) o).result().orElseThrow().plain().contains("%cache why NAME"));
        // a cell magic's help too (it answered "unknown cell magic %%nocache? — did you mean %%nocache?")
        assertTrue(((ExecuteOutcome.Success) dispatcher.execute("%%nocache?", sink)).result().orElseThrow().plain()
                .contains("without reading or writing the cache"));
    }

    @Test
    void lsmagic_listsLineAndCellMagicsWithOneLine() {
        ExecuteOutcome o = dispatcher.execute("%lsmagic", sink);
        MimeBundle b = ((ExecuteOutcome.Success) o).result().orElseThrow();
        String text = b.plain();
        for (String form : List.of("%cache", "%echo", "%lsmagic", "%%nocache", "%%recompute", "%%snapshot")) {
            assertTrue(text.contains(form), form + " in\n" + text);
        }
        assertTrue(text.contains("Shows its words."), text);
        assertFalse(text.contains("Used in tests"), text);
        assertTrue(b.data().get("text/html").contains("<code>%%recompute</code>"));
        assertTrue(text.contains("%%snapshot   Stores and restores the cell's values even when they read the clock or"
                + " unseeded randomness.\n"), text);
    }

    @Test
    void complete_afterPercent_offersMagicNames() {
        Completion c = dispatcher.complete("%ca", 3);
        assertEquals(List.of("%cache"), c.matches());
        assertEquals(0, c.start());
        assertEquals(3, c.end());
        assertEquals(List.of("%%nocache", "%%recompute", "%%snapshot", "%%body"), dispatcher.complete("%%", 2).matches());
        assertTrue(dispatcher.complete("%", 1).matches().containsAll(List.of("%cache", "%lsmagic", "%%nocache")));
        Completion mid = dispatcher.complete("int x = 1;\n  %ls", 16);
        assertEquals(List.of("%lsmagic"), mid.matches());
        assertEquals(13, mid.start());
        assertTrue(log.isEmpty());
    }

    @Test
    void complete_afterCacheSubcommand_offersNamesTheCacheKnows() throws Exception {
        assertTrue(dispatcher.complete("%cache ", 7).matches().contains("why"));
        Completion sub = dispatcher.complete("%cache wh", 9);
        assertEquals(List.of("why"), sub.matches());
        assertEquals(7, sub.start());
        store.put("0".repeat(64), new dev.javacached.store.EntryInfo("table", "String", 1, Map.of(), new byte[0]),
                "v", n -> { throw new ClassNotFoundException(n); });
        Completion names = dispatcher.complete("%cache why t", 12);
        assertEquals(List.of("table"), names.matches());
        assertEquals(11, names.start());
        assertEquals(12, names.end());
    }

    @Test
    void complete_inJavaBelowMagics_shiftsOffsets() {
        String cell = "%cache status\nStr";
        Completion c = dispatcher.complete(cell, cell.length());
        assertEquals(List.of("complete:Str|3"), log);
        assertEquals(List.of("java"), c.matches());
        assertEquals(cell.length() - 1, c.start());
        assertEquals(cell.length(), c.end());
    }

    @Test
    void isComplete_magicLinesAndJavaParts() {
        assertEquals(Completeness.Status.COMPLETE, dispatcher.isComplete("%cache list").status());
        assertEquals(Completeness.Status.COMPLETE, dispatcher.isComplete("%%nocache").status());
        assertEquals(Completeness.Status.INVALID, dispatcher.isComplete("%cahce").status());
        assertTrue(log.isEmpty());
        Completeness open = dispatcher.isComplete("%echo x\nvoid f() {");
        assertEquals(Completeness.Status.INCOMPLETE, open.status());
        assertEquals(List.of("isComplete:void f() {"), log);
        assertEquals(Completeness.Status.COMPLETE, dispatcher.isComplete("void f() {}\n%echo x").status());
    }

    @Test
    void inspect_onMagic_showsHelp_elseDelegates() {
        assertTrue(dispatcher.inspect("%cache list", 3, 0).doc().orElseThrow().plain().contains("%cache why"));
        assertTrue(dispatcher.inspect("%%recompute\nint x;", 4, 0).doc().orElseThrow().plain()
                .contains("overwrites"));
        assertEquals("javadoc", dispatcher.inspect("%echo\nString s;", 8, 0).doc().orElseThrow().plain());
        assertEquals(List.of("inspect:String s;|2"), log);
    }

    @Test
    void interrupt_duringMagic_stopsItAndTheRestOfTheCell() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        MagicCommand blocking = new MagicCommand() {
            @Override
            public String name() {
                return "block";
            }

            @Override
            public String help() {
                return "%block\nWaits until interrupted.";
            }

            @Override
            public MagicResult run(String args, MagicContext ctx) {
                started.countDown();
                try {
                    new CountDownLatch(1).await();
                    return MagicResult.ok();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return MagicResult.failure("Interrupted", "stopped while blocking");
                }
            }
        };
        MagicDispatcher d = MagicDispatcher.builder(inner, new CachingHook(store)).magic(blocking).build();
        ExecutorService shell = Executors.newSingleThreadExecutor();
        try {
            Future<ExecuteOutcome> run = shell.submit(() -> d.execute("%block\nint after;", sink));
            assertTrue(started.await(30, TimeUnit.SECONDS));
            d.interrupt();
            ExecuteOutcome o = run.get(30, TimeUnit.SECONDS);
            assertEquals("Interrupted", ((ExecuteOutcome.Failure) o).ename());
            assertEquals(List.of(), log);
            assertEquals(1, inner.interrupts);
            assertFalse(shell.submit(() -> Thread.currentThread().isInterrupted()).get(30, TimeUnit.SECONDS));
        } finally {
            shell.shutdownNow();
        }
    }

    @Test
    void builder_duplicateNames_rejected() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> MagicDispatcher.builder(inner, new CachingHook(store)).magic(echo).magic(echo).build());
    }
}
