package dev.javacached.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CodePointsTest {
    static final String S = "a\uD83D\uDE00b\uD801\uDC37c"; // a 😀 b 𐐷 c: 5 code points, 7 UTF-16 units

    @Test
    void toUtf16_countsAstralCharsAsOneCodePoint() {
        assertEquals(0, CodePoints.toUtf16(S, 0));
        assertEquals(1, CodePoints.toUtf16(S, 1));
        assertEquals(3, CodePoints.toUtf16(S, 2));
        assertEquals(4, CodePoints.toUtf16(S, 3));
        assertEquals(6, CodePoints.toUtf16(S, 4));
        assertEquals(7, CodePoints.toUtf16(S, 5));
    }

    @Test
    void toUtf16_outOfRange_clamps() {
        assertEquals(0, CodePoints.toUtf16(S, -3));
        assertEquals(7, CodePoints.toUtf16(S, 99));
    }

    @Test
    void fromUtf16_inverseOfToUtf16() {
        for (int cp = 0; cp <= 5; cp++) {
            assertEquals(cp, CodePoints.fromUtf16(S, CodePoints.toUtf16(S, cp)));
        }
        assertEquals(5, CodePoints.fromUtf16(S, 100));
    }
}
