package dev.javacached.kernel.protocol;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/** A message header (messaging spec 5.3). */
public record Header(String msgId, String session, String username, String date, String msgType, String version) {
    public static final String PROTOCOL_VERSION = "5.3";
    /** ISO 8601 in UTC with microseconds, as Python's isoformat() writes it. */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    public static Header create(String msgType, String session, String username) {
        return new Header(UUID.randomUUID().toString(), session, username, DATE.format(Instant.now()), msgType,
                PROTOCOL_VERSION);
    }
}
