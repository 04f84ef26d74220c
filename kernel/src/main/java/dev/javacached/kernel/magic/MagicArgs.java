package dev.javacached.kernel.magic;

import java.util.ArrayList;
import java.util.List;

/** Splits a magic's argument text into words: whitespace-separated, "double quotes" group. */
public final class MagicArgs {
    private MagicArgs() {
    }

    /**
     * The words of {@code args}. Whitespace separates words, a double-quoted run keeps its
     * spaces (quotes removed); there are no escapes, so Windows paths survive.
     */
    public static List<String> split(String args) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        for (int i = 0; i < args.length(); i++) {
            char c = args.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                inWord = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** The index of the first whitespace character in {@code s}, or -1. */
    static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
