package dev.javacached.kernel.magic;

/**
 * A cell magic whose body is not Java, e.g. {@code %%loadFromPOM} followed by POM XML: when
 * the first line of a cell is {@code %%name [args]} for one of these, the rest of the cell is
 * handed to it as text and nothing of the cell goes to the Java engine.
 */
public interface CellBodyMagic {
    /** The name without the percent signs, e.g. {@code "loadFromPOM"}; case-sensitive. */
    String name();

    /** Usage first, then what it does, as for {@link MagicCommand#help()}. */
    String help();

    /**
     * Runs the magic on {@code body} (the cell below its first line). Expected failures are
     * returned as {@link MagicResult.Failure}, never thrown.
     */
    MagicResult run(String args, String body, MagicContext ctx);
}
