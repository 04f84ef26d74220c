package dev.javacached.kernel.protocol;

import java.util.List;

/** error (IOPub): an execution error. */
public record ExecutionError(String ename, String evalue, List<String> traceback) {
}
