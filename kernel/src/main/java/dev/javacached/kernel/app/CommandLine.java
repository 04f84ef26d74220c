package dev.javacached.kernel.app;

import java.util.List;

/**
 * The words of a command line, read one option at a time: {@code --name value} and
 * {@code --name=value} alike, and a clear error when an option's value is missing. The one
 * option parser of the jar's command lines: {@link Main}'s subcommand, {@code install}'s
 * options (given {@link #rest()}), {@code ResolveCli}'s.
 *
 * <pre>{@code
 * CommandLine cl = new CommandLine(args);
 * while (cl.hasNext()) {
 *     switch (cl.next()) {
 *         case "--name" -> name = cl.value("a value");   // "--name needs a value" when missing
 *         case "--quiet" -> quiet = true;
 *         default -> words.add(cl.word());               // not an option: the word as given
 *     }
 * }
 * }</pre>
 */
public final class CommandLine {
    private final List<String> args;
    private int next;
    private String word;
    private String name;
    private String inlineValue;

    public CommandLine(String[] args) {
        this.args = List.of(args);
    }

    public boolean hasNext() {
        return next < args.size();
    }

    /**
     * Moves to the next word and returns it, as an option name without an inline value: the
     * {@code --name} of {@code --name=value}; any other word as it is.
     */
    public String next() {
        word = args.get(next++);
        int eq = word.indexOf('=');
        if (word.startsWith("--") && eq > 0) {
            name = word.substring(0, eq);
            inlineValue = word.substring(eq + 1);
        } else {
            name = word;
            inlineValue = null;
        }
        return name;
    }

    /** The current word as given on the command line (with any {@code =value}). */
    public String word() {
        return word;
    }

    /**
     * The current option's value: after its {@code =}, or else the next word (which is then
     * consumed). Throws {@link IllegalArgumentException} "NAME needs WHAT" when there is none.
     */
    public String value(String what) {
        if (inlineValue != null) {
            return inlineValue;
        }
        if (next >= args.size()) {
            throw new IllegalArgumentException(name + " needs " + what);
        }
        return args.get(next++);
    }

    /** The words not read yet, consumed: what a subcommand parses itself. */
    public String[] rest() {
        String[] rest = args.subList(next, args.size()).toArray(String[]::new);
        next = args.size();
        return rest;
    }
}
