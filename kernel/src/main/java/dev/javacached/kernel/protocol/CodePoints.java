package dev.javacached.kernel.protocol;

/**
 * Jupyter cursor positions count Unicode code points (spec 5.2+); Java strings index
 * UTF-16 units. Convert once, at the protocol edge.
 */
public final class CodePoints {
    private CodePoints() {
    }

    /** UTF-16 index of code point {@code cp} in {@code s}, clamped to {@code [0, s.length()]}. */
    public static int toUtf16(String s, int cp) {
        if (cp <= 0) {
            return 0;
        }
        int total = s.codePointCount(0, s.length());
        if (cp >= total) {
            return s.length();
        }
        return s.offsetByCodePoints(0, cp);
    }

    /** Code point index of UTF-16 index {@code index} in {@code s}, clamped. */
    public static int fromUtf16(String s, int index) {
        int i = Math.max(0, Math.min(index, s.length()));
        return s.codePointCount(0, i);
    }
}
