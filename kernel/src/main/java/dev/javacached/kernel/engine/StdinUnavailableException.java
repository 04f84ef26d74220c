package dev.javacached.kernel.engine;

/** Thrown into a cell that reads {@code System.in} when the client does not allow input. */
public final class StdinUnavailableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public StdinUnavailableException(String message) {
        super(message);
    }
}
