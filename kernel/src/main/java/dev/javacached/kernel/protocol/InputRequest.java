package dev.javacached.kernel.protocol;

/** input_request (stdin channel, kernel → client). */
public record InputRequest(String prompt, boolean password) {
}
