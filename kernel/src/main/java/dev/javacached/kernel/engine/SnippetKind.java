package dev.javacached.kernel.engine;

/** How the engine classified one snippet of a cell, before running it. */
public enum SnippetKind {
    IMPORT,
    /** {@code T x = init;} / {@code var x = init;} — a candidate for the cache. */
    VAR_WITH_INITIALIZER,
    /** {@code T x;} */
    VAR_WITHOUT_INITIALIZER,
    /** {@code x = expr;} to an existing top-level variable — a candidate for the cache. */
    ASSIGNMENT,
    /** Any other expression; its value may become the cell's execute_result. */
    EXPRESSION,
    STATEMENT,
    METHOD,
    /** class, record, interface, enum, annotation type. */
    TYPE_DECLARATION,
    /** JShell could not classify it (it will fail to compile). */
    ERRONEOUS
}
