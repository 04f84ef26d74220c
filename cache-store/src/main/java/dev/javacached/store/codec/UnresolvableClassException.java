package dev.javacached.store.codec;

import java.io.IOException;

/** The bytes are intact but name a class that no longer resolves or no longer fits. */
public final class UnresolvableClassException extends IOException {
    public UnresolvableClassException(String message, Throwable cause) {
        super(message, cause);
    }
}
