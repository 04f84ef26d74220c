package dev.javacached.kernel.engine;

/**
 * One snippet of a cell, as split by JShell's SourceCodeAnalysis.
 *
 * @param source   the snippet's source as JShell will compile it
 * @param offset   UTF-16 offset of the snippet in the cell (for line/column of errors)
 * @param kind     its classification
 * @param name     the declared or assigned variable / method / type name, or "" when none
 * @param typeName the declared type as written ("var" when inferred), or "" for non-variables
 */
public record CellSnippet(String source, int offset, SnippetKind kind, String name, String typeName) {
}
