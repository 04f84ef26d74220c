package dev.javacached.kernel.magic;

import dev.javacached.kernel.cache.CacheTally;
import dev.javacached.kernel.cache.CachingHook;
import dev.javacached.kernel.cache.CellMode;
import dev.javacached.kernel.cache.CellReport;
import dev.javacached.kernel.display.MimeBundle;
import dev.javacached.kernel.engine.CellSnippet;
import dev.javacached.kernel.engine.LiveState;
import dev.javacached.kernel.engine.OutputSink;
import dev.javacached.kernel.engine.SnippetKind;
import dev.javacached.kernel.engine.SnippetResult;
import dev.javacached.kernel.testkit.FakeLiveState;
import dev.javacached.kernel.testkit.RecordingSink;
import dev.javacached.store.RocksCacheStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A kernel session without JShell, for the {@code %cache} tests: a real store in a folder, a
 * real CachingHook, and declarations "run" by putting a String into a map (the hook sees a
 * 200 ms compute time, above the default threshold). A new session on the same folder is a
 * restart.
 */
final class HookSession implements AutoCloseable {
    final RocksCacheStore store;
    final CachingHook hook;
    final CacheTally tally = new CacheTally();
    final CacheMagic magic;
    final List<String> ran = new ArrayList<>();
    final RecordingSink sink = new RecordingSink();

    HookSession(Path dir) throws IOException {
        store = RocksCacheStore.open(dir);
        hook = new CachingHook(store);
        magic = new CacheMagic(hook, store, tally);
    }

    /** Runs {@code var name = "value";} as one cell through the hook. */
    CellReport declare(String name, String value) {
        return declare(name, value, CellMode.NORMAL);
    }

    CellReport declare(String name, String value, CellMode mode) {
        hook.beginCell(mode);
        String source = "var " + name + " = \"" + value + "\";";
        hook.around(new CellSnippet(source, 0, SnippetKind.VAR_WITH_INITIALIZER, name, "var"), state, sink, out -> {
            ran.add(name);
            state.values.put(name, value);
            state.types.put(name, "String");
            return new SnippetResult.Ok(Optional.empty(), "String", 200_000_000L);
        });
        CellReport report = hook.endCell();
        tally.add(report);
        return report;
    }

    MagicResult cache(String args) {
        return magic.run(args, MagicContext.of(sink));
    }

    /** The text/plain of a successful result (fails the test otherwise). */
    String text(String args) {
        MagicResult r = cache(args);
        if (r instanceof MagicResult.Success s) {
            return s.display().map(MimeBundle::plain).orElse("");
        }
        throw new AssertionError("%cache " + args + " failed: " + r);
    }

    private final FakeLiveState state = new FakeLiveState();

    @Override
    public void close() {
        store.close();
    }
}
