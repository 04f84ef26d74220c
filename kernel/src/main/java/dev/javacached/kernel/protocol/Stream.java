package dev.javacached.kernel.protocol;

/** stream (IOPub): {@code name} is "stdout" or "stderr". */
public record Stream(String name, String text) {
    public static final String STDOUT = "stdout";
    public static final String STDERR = "stderr";
}
