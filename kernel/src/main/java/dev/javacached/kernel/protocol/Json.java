package dev.javacached.kernel.protocol;

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
