package dev.javacached.kernel.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.javacached.kernel.display.MimeBundle;
import dev.javacached.kernel.engine.OutputSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The output a snippet produced while it was computed, kept in the entry's attachment so a
 * restore shows the same stdout, stderr and displays, plus the snippet's rendered value.
 * Encoded as small JSON (Jackson is already the kernel's one JSON library).
 */
record RecordedOutput(int format, List<Event> events, Bundle value) {
    static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What an output event was; written as "out", "err", "display" (the entries' format). */
    enum Kind {
        @com.fasterxml.jackson.annotation.JsonProperty("out") STDOUT,
        @com.fasterxml.jackson.annotation.JsonProperty("err") STDERR,
        @com.fasterxml.jackson.annotation.JsonProperty("display") DISPLAY
    }

    /** One output event: text for STDOUT and STDERR, a bundle (and display id) for DISPLAY. */
    record Event(Kind kind, String text, Bundle bundle, String displayId, boolean update) {
        Event {
            if (kind == null) {
                throw new IllegalArgumentException("an output event without a kind");
            }
        }
    }

    record Bundle(Map<String, String> data, Map<String, Object> metadata) {
        static Bundle of(MimeBundle b) {
            return new Bundle(b.data(), b.metadata());
        }

        MimeBundle toMimeBundle() {
            return new MimeBundle(data == null ? Map.of() : data, metadata == null ? Map.of() : metadata);
        }
    }

    RecordedOutput {
        events = events == null ? List.of() : List.copyOf(events);
    }

    static RecordedOutput empty() {
        return new RecordedOutput(FORMAT, List.of(), null);
    }

    byte[] encode() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode recorded output", e);
        }
    }

    /** Decodes an attachment; an empty attachment is no output. Throws on anything unreadable. */
    static RecordedOutput decode(byte[] bytes) {
        if (bytes.length == 0) {
            return empty();
        }
        try {
            RecordedOutput r = JSON.readValue(bytes, RecordedOutput.class);
            if (r.format() != FORMAT) {
                throw new IllegalArgumentException("recorded output format " + r.format());
            }
            return r;
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable recorded output: "
                    + new String(bytes, 0, Math.min(40, bytes.length), StandardCharsets.UTF_8), e);
        }
    }

    /** Encodes and decodes an output of every kind once (the decoder's classes load and link). */
    static void warmUp() {
        Bundle bundle = new Bundle(Map.of("text/plain", "1"), Map.of());
        decode(new RecordedOutput(FORMAT, List.of(new Event(Kind.STDOUT, "x", null, null, false),
                new Event(Kind.DISPLAY, null, bundle, "d", false)), bundle).encode());
    }

    Optional<MimeBundle> valueBundle() {
        return Optional.ofNullable(value).map(Bundle::toMimeBundle);
    }

    /** Sends the recorded events to {@code sink}, in order. */
    void replay(OutputSink sink) {
        for (Event e : events) {
            switch (e.kind()) {
                case STDOUT -> sink.stdout(e.text());
                case STDERR -> sink.stderr(e.text());
                case DISPLAY -> sink.display(e.bundle().toMimeBundle(), e.displayId(), e.update());
            }
        }
    }
}
