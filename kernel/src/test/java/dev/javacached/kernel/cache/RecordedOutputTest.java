package dev.javacached.kernel.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javacached.kernel.testkit.RecordingSink;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The recorded output of stored entries keeps its JSON form: entries written earlier still replay. */
class RecordedOutputTest {

    @Test
    void encode_writesKindsAsEntriesAlwaysHad() {
        RecordedOutput out = new RecordedOutput(RecordedOutput.FORMAT, List.of(
                new RecordedOutput.Event(RecordedOutput.Kind.STDOUT, "a\n", null, null, false),
                new RecordedOutput.Event(RecordedOutput.Kind.STDERR, "b\n", null, null, false)), null);
        String json = new String(out.encode(), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"kind\":\"out\"") && json.contains("\"kind\":\"err\""), json);
    }

    @Test
    void decode_entryWrittenByEarlierKernel_replaysInOrder() {
        String earlier = "{\"format\":1,\"events\":[{\"kind\":\"out\",\"text\":\"x\\n\",\"update\":false},"
                + "{\"kind\":\"err\",\"text\":\"y\\n\",\"update\":false},"
                + "{\"kind\":\"display\",\"bundle\":{\"data\":{\"text/plain\":\"z\"}},\"displayId\":\"d1\",\"update\":true}]}";
        RecordingSink sink = new RecordingSink();
        RecordedOutput.decode(earlier.getBytes(StandardCharsets.UTF_8)).replay(sink);
        assertEquals("x\n", sink.stdout());
        assertEquals("y\n", sink.stderr());
        assertEquals("z", sink.displays().get(0).plain());
    }

    @Test
    void decode_unknownKind_isRefused() {
        byte[] bad = "{\"format\":1,\"events\":[{\"kind\":\"beep\",\"text\":\"x\"}]}".getBytes(StandardCharsets.UTF_8);
        assertThrows(IllegalArgumentException.class, () -> RecordedOutput.decode(bad));
    }

    @Test
    void warmUp_decodesWhatItEncodes() {
        RecordedOutput.warmUp();   // throws if its own output did not survive the round trip
        CachingHook.warmUpRestores();
    }
}
