package dev.javacached.kernel.protocol;

/** interrupt_reply. */
public record InterruptReply(String status) {
}
