package dev.javacached.store;

/** An index operation failed; its message is already worded for the user and names the store. */
final class StoreException extends Exception {
    StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
