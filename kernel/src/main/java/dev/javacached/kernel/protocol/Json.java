package dev.javacached.kernel.protocol;

import dev.javacached.kernel.log.Log;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The one Jackson mapper of the kernel. Records map to the spec's snake_case field names
 * ({@code executionCount} → {@code execution_count}); null fields are left out.
 */
public final class Json {
    private Json() {
    }

    private static final class Holder {
        static final ObjectMapper MAPPER = new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);
    }

    /**
     * Builds the mapper and the serializers of the common messages, so the first
     * kernel_info/execute reply does not pay for it. Called on a background thread at start.
     */
    public static void warmUp() {
        try {
            bytes(tree(Header.create(MsgType.STATUS, "warm-up", "kernel")));
            bytes(tree(Status.BUSY));
            bytes(tree(new KernelInfoReply("ok", "5.3", "", "", new KernelInfoReply.LanguageInfo("java", "", "",
                    "", "", "", ""), "", java.util.List.of(new KernelInfoReply.HelpLink("", "")), false)));
            bytes(tree(ExecuteReply.ok(0, object())));
            bytes(tree(new ExecuteInput("", 0)));
            bytes(tree(new Stream(Stream.STDOUT, "")));
            bytes(tree(new ExecuteResult(0, java.util.Map.of("text/plain", ""), java.util.Map.of())));
            parseObject("{\"a\":{}}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            Log.debug("JSON warm-up failed: %s", e);
        }
    }

    public static ObjectMapper mapper() {
        return Holder.MAPPER;
    }

    public static ObjectNode object() {
        return mapper().createObjectNode();
    }

    /** Any value (record, map, list, JsonNode) as a tree. */
    public static JsonNode tree(Object value) {
        return value instanceof JsonNode node ? node : mapper().valueToTree(value);
    }

    public static ObjectNode objectTree(Object value) {
        JsonNode node = tree(value);
        if (!(node instanceof ObjectNode object)) {
            throw new IllegalArgumentException("not a JSON object: " + node);
        }
        return object;
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return mapper().writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise JSON", e);
        }
    }

    /** Parses a JSON object; anything else (array, scalar, garbage) is an {@link IOException}. */
    public static ObjectNode parseObject(byte[] bytes) throws IOException {
        JsonNode node = mapper().readTree(bytes);
        if (!(node instanceof ObjectNode object)) {
            throw new IOException("expected a JSON object, got " + (node == null ? "nothing" : node.getNodeType()));
        }
        return object;
    }

    public static <T> T convert(JsonNode node, Class<T> type) {
        return mapper().convertValue(node, type);
    }
}
