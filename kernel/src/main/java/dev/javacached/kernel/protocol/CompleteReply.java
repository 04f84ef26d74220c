package dev.javacached.kernel.protocol;

import java.util.List;
import java.util.Map;

/** complete_reply; cursor positions in code points. */
public record CompleteReply(String status, List<String> matches, int cursorStart, int cursorEnd,
                            Map<String, Object> metadata) {
}
