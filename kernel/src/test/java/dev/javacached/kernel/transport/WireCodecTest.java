package dev.javacached.kernel.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javacached.kernel.protocol.Json;
import dev.javacached.kernel.protocol.Message;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireCodecTest {
    final WireCodec codec = new WireCodec(Signer.create("hmac-sha256", "k"), 1 << 20);

    Message sample() {
        Message m = Message.create(List.of("id1".getBytes(StandardCharsets.UTF_8), "id2".getBytes(StandardCharsets.UTF_8)),
                "execute_request", "s", null, Json.object().put("code", "1+1"));
        return new Message(m.identities(), m.header(), m.parentHeader(), m.metadata(), m.content(),
                List.of(new byte[] {1, 2, 3}));
    }

    @Test
    void encodeDecode_roundTripsIdentitiesJsonAndBuffers() throws Exception {
        List<byte[]> frames = codec.encode(sample());
        assertEquals(2 + 6 + 1, frames.size());
        assertArrayEquals(WireCodec.DELIMITER, frames.get(2));
        Message back = codec.decode(frames);
        assertEquals("id1", new String(back.identities().get(0), StandardCharsets.UTF_8));
        assertEquals(2, back.identities().size());
        assertEquals("execute_request", back.msgType());
        assertEquals("5.3", back.header().path("version").asText());
        assertEquals("1+1", back.content().path("code").asText());
        assertArrayEquals(new byte[] {1, 2, 3}, back.buffers().get(0));
    }

    @Test
    void decode_tamperedContent_rejectedBeforeParsing() {
        List<byte[]> frames = new ArrayList<>(codec.encode(sample()));
        frames.set(7, "{\"code\":\"rm -rf\"}".getBytes(StandardCharsets.UTF_8));
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> codec.decode(frames));
        assertTrue(e.getMessage().contains("signature"));
    }

    @Test
    void decode_replayOfAnAcceptedMessage_rejected() throws Exception {
        List<byte[]> frames = codec.encode(sample());
        codec.decode(frames);
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> codec.decode(frames));
        assertTrue(e.getMessage().contains("replayed"), e.getMessage());
        codec.decode(codec.encode(sample())); // a new message (new msg_id) is fine
    }

    @Test
    void decode_missingDelimiterOrFrames_rejected() {
        List<byte[]> frames = codec.encode(sample());
        assertThrows(MalformedMessageException.class, () -> codec.decode(frames.subList(0, 7)));
        assertThrows(MalformedMessageException.class, () -> codec.decode(List.of(new byte[0])));
    }

    @Test
    void decode_oversized_rejected() {
        WireCodec small = new WireCodec(Signer.create("hmac-sha256", "k"), 100);
        assertThrows(MalformedMessageException.class, () -> small.decode(codec.encode(sample())));
    }

    @Test
    void decode_headerWithoutMsgType_rejected() {
        Message m = sample();
        m.header().remove("msg_type");
        assertThrows(MalformedMessageException.class, () -> codec.decode(codec.encode(m)));
    }
}
