package dev.javacached.store.codec;

/** The value cannot be encoded; the message is a reason fit to show the user. */
public final class NotStorableException extends Exception {
    public NotStorableException(String reason) {
        super(reason);
    }
}
