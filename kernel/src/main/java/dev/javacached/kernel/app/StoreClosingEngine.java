package dev.javacached.kernel.app;

import dev.javacached.kernel.engine.Completeness;
import dev.javacached.kernel.engine.Completion;
import dev.javacached.kernel.engine.Engine;
import dev.javacached.kernel.engine.EngineInfo;
import dev.javacached.kernel.engine.ExecuteOutcome;
import dev.javacached.kernel.engine.Inspection;
import dev.javacached.kernel.engine.OutputSink;
import dev.javacached.store.CacheStore;

/** The assembled engine: everything goes to the dispatcher; closing also closes the store, last. */
record StoreClosingEngine(Engine engine, CacheStore store) implements Engine {
    @Override
    public ExecuteOutcome execute(String code, OutputSink sink) {
        try {
            return engine.execute(code, sink);
        } finally {
            if (store instanceof LazyStore lazy) {
                lazy.openSoon();    // after the cell, while the kernel waits for the next request
            }
        }
    }

    @Override
    public Completion complete(String code, int cursor) {
        return engine.complete(code, cursor);
    }

    @Override
    public Inspection inspect(String code, int cursor, int detailLevel) {
        return engine.inspect(code, cursor, detailLevel);
    }

    @Override
    public Completeness isComplete(String code) {
        return engine.isComplete(code);
    }

    @Override
    public void interrupt() {
        engine.interrupt();
    }

    @Override
    public EngineInfo info() {
        return engine.info();
    }

    @Override
    public void close() {
        try {
            engine.close();
        } finally {
            store.close();
        }
    }
}
