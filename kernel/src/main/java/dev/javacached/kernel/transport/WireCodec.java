package dev.javacached.kernel.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.javacached.kernel.protocol.Json;
import dev.javacached.kernel.protocol.Message;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The wire format: {@code [identities..., "<IDS|MSG>", signature, header, parent_header,
 * metadata, content, buffers...]}. Decoding verifies the signature before parsing JSON.
 */
public final class WireCodec {
    public static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
    /** Default cap on any one frame (and on the whole message). */
    public static final long DEFAULT_MAX_MESSAGE_BYTES = 64L << 20;

    /** As jupyter_client's Session.digest_history_size: how many recent signatures are remembered. */
    static final int SIGNATURE_HISTORY = 1 << 16;

    private final Signer signer;
    private final long maxMessageBytes;
    /** Signatures of messages already accepted: a byte-identical replay is refused. */
    private final java.util.Set<String> seen = java.util.Collections.newSetFromMap(
            new java.util.LinkedHashMap<>(1024, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > SIGNATURE_HISTORY;
                }
            });

    public WireCodec(Signer signer, long maxMessageBytes) {
        this.signer = signer;
        this.maxMessageBytes = maxMessageBytes;
    }

    public Message decode(List<byte[]> frames) throws MalformedMessageException {
        long total = 0;
        for (byte[] f : frames) {
            total += f.length;
        }
        if (total > maxMessageBytes) {
            throw new MalformedMessageException("message of " + total + " bytes exceeds the limit of "
                    + maxMessageBytes);
        }
        int delim = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(frames.get(i), DELIMITER)) {
                delim = i;
                break;
            }
        }
        if (delim < 0) {
            throw new MalformedMessageException("no <IDS|MSG> delimiter among " + frames.size() + " frames");
        }
        if (frames.size() < delim + 6) {
            throw new MalformedMessageException("too few frames after the delimiter: " + (frames.size() - delim - 1)
                    + " (need signature + 4 JSON frames)");
        }
        byte[] signature = frames.get(delim + 1);
        byte[] header = frames.get(delim + 2);
        byte[] parent = frames.get(delim + 3);
        byte[] metadata = frames.get(delim + 4);
        byte[] content = frames.get(delim + 5);
        if (!signer.verify(signature, header, parent, metadata, content)) {
            throw new MalformedMessageException("invalid HMAC signature");
        }
        if (signature.length > 0) {
            // Every message has a fresh msg_id, so its signature is new; one seen before is a
            // captured message sent again (jupyter_client refuses these the same way).
            String sig = new String(signature, StandardCharsets.US_ASCII);
            synchronized (seen) {
                if (!seen.add(sig)) {
                    throw new MalformedMessageException("replayed message (signature already seen)");
                }
            }
        }
        ObjectNode h;
        ObjectNode p;
        ObjectNode m;
        ObjectNode c;
        try {
            h = Json.parseObject(header);
            p = Json.parseObject(parent);
            m = Json.parseObject(metadata);
            c = Json.parseObject(content);
        } catch (IOException e) {
            throw new MalformedMessageException("malformed JSON: " + e.getMessage());
        }
        JsonNode type = h.get("msg_type");
        if (type == null || !type.isTextual()) {
            throw new MalformedMessageException("header without msg_type");
        }
        return new Message(frames.subList(0, delim), h, p, m, c, frames.subList(delim + 6, frames.size()));
    }

    public List<byte[]> encode(Message msg) {
        byte[] header = Json.bytes(msg.header());
        byte[] parent = Json.bytes(msg.parentHeader());
        byte[] metadata = Json.bytes(msg.metadata());
        byte[] content = Json.bytes(msg.content());
        List<byte[]> frames = new ArrayList<>(msg.identities().size() + 6 + msg.buffers().size());
        frames.addAll(msg.identities());
        frames.add(DELIMITER);
        frames.add(signer.sign(header, parent, metadata, content).getBytes(StandardCharsets.US_ASCII));
        frames.add(header);
        frames.add(parent);
        frames.add(metadata);
        frames.add(content);
        frames.addAll(msg.buffers());
        return frames;
    }
}
