package dev.javacached.kernel.protocol;

/** execute_input (IOPub): the code being run and its execution count. */
public record ExecuteInput(String code, int executionCount) {
}
