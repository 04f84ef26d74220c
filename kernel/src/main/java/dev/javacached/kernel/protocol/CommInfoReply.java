package dev.javacached.kernel.protocol;

import java.util.Map;

/** comm_info_reply: this kernel has no comms. */
public record CommInfoReply(String status, Map<String, Object> comms) {
}
