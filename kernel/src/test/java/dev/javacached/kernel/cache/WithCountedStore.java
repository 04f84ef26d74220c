package dev.javacached.kernel.cache;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** For tests of the cache logic on the real store: a fresh {@link CountedStore} in a temp folder per test, closed after it. */
abstract class WithCountedStore {
    @TempDir
    Path dir;
    CountedStore store;

    @BeforeEach
    void openStore() {
        store = CountedStore.open(dir);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }
}
