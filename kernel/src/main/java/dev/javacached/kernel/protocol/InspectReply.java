package dev.javacached.kernel.protocol;

import java.util.Map;

/** inspect_reply. */
public record InspectReply(String status, boolean found, Map<String, Object> data, Map<String, Object> metadata) {
}
