package dev.javacached.kernel.engine;

/** The is_complete verdict; {@code indent} is only meaningful for {@link Status#INCOMPLETE}. */
public record Completeness(Status status, String indent) {
    public enum Status { COMPLETE, INCOMPLETE, INVALID, UNKNOWN }

    public static Completeness of(Status status) {
        return new Completeness(status, "");
    }
}
