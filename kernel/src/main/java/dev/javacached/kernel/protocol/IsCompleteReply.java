package dev.javacached.kernel.protocol;

/** is_complete_reply: status complete / incomplete (with indent) / invalid / unknown. */
public record IsCompleteReply(String status, String indent) {
}
