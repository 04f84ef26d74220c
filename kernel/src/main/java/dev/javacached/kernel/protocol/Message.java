package dev.javacached.kernel.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One Jupyter message, as on the wire minus the signature: routing identities, header,
 * parent header, metadata, content and extra buffers. Header and parent header stay JSON
 * trees so a reply can carry the request's header back exactly as the client sent it.
 */
public record Message(List<byte[]> identities, ObjectNode header, ObjectNode parentHeader, ObjectNode metadata,
                      JsonNode content, List<byte[]> buffers) {

    public Message {
        identities = List.copyOf(identities);
        buffers = List.copyOf(buffers);
    }

    public String msgType() {
        return header.path("msg_type").asText("");
    }

    public String msgId() {
        return header.path("msg_id").asText("");
    }

    public String session() {
        return header.path("session").asText("");
    }

    public String username() {
        return header.path("username").asText("");
    }

    /** A new message whose parent is {@code parent} (null for none), content from a record or tree. */
    public static Message create(List<byte[]> identities, String msgType, String session, ObjectNode parent,
                                 Object content) {
        return create(identities, msgType, session, parent, Json.object(), content);
    }

    public static Message create(List<byte[]> identities, String msgType, String session, ObjectNode parent,
                                 ObjectNode metadata, Object content) {
        ObjectNode header = Json.objectTree(Header.create(msgType, session, "kernel"));
        return new Message(identities, header, parent == null ? Json.object() : parent, metadata,
                Json.tree(content), List.of());
    }
}
