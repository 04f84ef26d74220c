package dev.javacached.kernel.protocol;

/** shutdown_reply. */
public record ShutdownReply(String status, boolean restart) {
}
