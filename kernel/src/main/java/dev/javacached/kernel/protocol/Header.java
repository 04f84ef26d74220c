package dev.javacached.kernel.protocol;

import java.time.Instant;
import java.util.UUID;

/** A message header (messaging spec 5.3). */
public record Header(String msgId, String session, String username, String date, String msgType, String version) {
    public static final String PROTOCOL_VERSION = "5.3";

    public static Header create(String msgType, String session, String username) {
        return new Header(UUID.randomUUID().toString(), session, username, Instant.now().toString(), msgType,
                PROTOCOL_VERSION);
    }
}
