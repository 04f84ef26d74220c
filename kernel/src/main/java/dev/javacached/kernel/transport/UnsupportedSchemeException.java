package dev.javacached.kernel.transport;

/** The connection file asks for a signature scheme this kernel does not implement. */
public final class UnsupportedSchemeException extends IllegalArgumentException {
    public UnsupportedSchemeException(String message) {
        super(message);
    }
}
