package dev.javacached.store.codec;

import java.io.IOException;

/** The encoded bytes do not form a valid value (damaged, truncated or not written by this codec). */
public final class CorruptValueException extends IOException {
    public CorruptValueException(String message) {
        super(message);
    }

    public CorruptValueException(String message, Throwable cause) {
        super(message, cause);
    }
}
