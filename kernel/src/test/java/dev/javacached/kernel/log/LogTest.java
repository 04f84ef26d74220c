package dev.javacached.kernel.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LogTest {
    @Test
    void level_defaultsToWarnAndReadsTheSetting() {
        assertEquals(Log.Level.WARN, Log.level(""));
        assertEquals(Log.Level.WARN, Log.level("verbose"));
        assertEquals(Log.Level.INFO, Log.level("info"));
        assertEquals(Log.Level.DEBUG, Log.level(" DEBUG "));
        assertEquals(Log.Level.ERROR, Log.level("error"));
    }
}
