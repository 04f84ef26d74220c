package dev.javacached.kernel.protocol;

import java.util.Map;

/** display_data and update_display_data (IOPub); {@code transient} holds display_id. */
public record DisplayData(Map<String, Object> data, Map<String, Object> metadata,
                          @com.fasterxml.jackson.annotation.JsonProperty("transient") Map<String, Object> transientData) {
}
