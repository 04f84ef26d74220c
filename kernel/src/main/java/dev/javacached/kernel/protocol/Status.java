package dev.javacached.kernel.protocol;

/** status (IOPub): busy / idle / starting. */
public record Status(String executionState) {
    public static final Status BUSY = new Status("busy");
    public static final Status IDLE = new Status("idle");
    public static final Status STARTING = new Status("starting");
}
