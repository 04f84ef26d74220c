package dev.javacached.kernel.protocol;

import java.util.List;

/** history_reply: entries are [session, line, input] or [session, line, [input, output]]. */
public record HistoryReply(String status, List<List<Object>> history) {
}
