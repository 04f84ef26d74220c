package dev.javacached.kernel.magic;

import java.util.List;
import java.util.Optional;

/**
 * One magic, e.g. {@code %maven}. The kernel recognises a cell (or line) starting with
 * {@code %name}, finds the command by {@link #name()} and calls {@link #run} with the
 * rest of the text. Implementations hold their own long-lived state (passed to their
 * constructors) and take per-invocation things — output, engine-side targets — from the
 * {@link MagicContext}.
 */
public interface MagicCommand {
    /** The name without the percent sign, e.g. {@code "maven"}; case-sensitive. */
    String name();

    /** One or a few lines: usage first, then what it does. Shown by a help magic. */
    String help();

    /**
     * Other names this magic answers to, e.g. IJava's {@code addMavenDependencies} for
     * {@code maven}, so notebooks written for other kernels run unchanged. Default none.
     */
    default List<String> aliases() {
        return List.of();
    }

    /**
     * Whether every line of this magic in one cell (under any of its names) is one request:
     * the dispatcher runs it once, where its first line is, with the arguments of all its
     * lines joined by line breaks. {@code %maven} does this so that one cell is one Maven
     * resolution, as one POM would be. Default false: each line runs where it stands.
     */
    default boolean joinsLinesOfCell() {
        return false;
    }

    /**
     * Whether a line of this magic that stands between the lines of a joined magic (see
     * {@link #joinsLinesOfCell()}) runs before them: {@code %mavenRepo} between two {@code %maven}
     * lines must be known to their one resolution. Default false.
     */
    default boolean preparesJoinedLines() {
        return false;
    }

    /**
     * Runs the magic. {@code args} is everything after the name (trimmed; may span
     * several lines for a cell magic). Expected failures are returned as
     * {@link MagicResult.Failure}, never thrown; output while running goes to
     * {@link MagicContext#out()}.
     */
    MagicResult run(String args, MagicContext ctx);

    /**
     * Checks {@code args} without changing anything: the usage error {@link #run} would
     * report, or empty. The dispatcher checks every magic of a cell before running any of
     * it, so a typo in a later line stops the cell before its first line runs. The default
     * accepts everything (the magic reports its own errors when run).
     */
    default Optional<MagicResult.Failure> check(String args) {
        return Optional.empty();
    }

    /**
     * Candidates for the word being typed at the end of {@code argsBeforeCursor} (the text
     * between the name and the cursor, untrimmed), for complete_request. Default none.
     */
    default List<String> completeArgs(String argsBeforeCursor) {
        return List.of();
    }
}
