package dev.javacached.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes and reads a 2.24 GB value (needs {@code -Xmx6g}, which Surefire gives, and 2.3 GB of
 * disk): a slow test, run only with {@code -Djava.cached.slowTests=true} (test.sh sets it).
 */
@EnabledIfSystemProperty(named = "java.cached.slowTests", matches = "true")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class HugeValueTest {
    @TempDir
    Path dir;

    @Test
    void put_doubleArrayOver2GB_roundtrips() throws Exception {
        int n = 280_000_000; // 2.24 GB encoded
        double[] a = new double[n];
        for (int i = 0; i < n; i += 4099) {
            a[i] = i;
        }
        a[n - 1] = -1;
        EntryInfo info = new EntryInfo("huge", "double[]", 1, Map.of(), null);
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            PutResult.Stored st = assertInstanceOf(PutResult.Stored.class, s.put("huge", info, a, ClassResolver.DEFAULT));
            assertEquals(5L + 8L * n, st.meta().sizeBytes());
            a = null;
            Lookup.Hit hit = assertInstanceOf(Lookup.Hit.class, s.get("huge", ClassResolver.DEFAULT));
            double[] b = (double[]) hit.value();
            assertEquals(n, b.length);
            for (int i = 0; i < n; i += 4099) {
                assertEquals(i, b[i]);
            }
            assertEquals(-1, b[n - 1]);
            s.clear();
        }
    }
}
