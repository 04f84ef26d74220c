package dev.javacached.kernel.transport;

/** A multipart message that is not a valid, correctly signed Jupyter message; it is dropped. */
public final class MalformedMessageException extends Exception {
    public MalformedMessageException(String message) {
        super(message);
    }
}
