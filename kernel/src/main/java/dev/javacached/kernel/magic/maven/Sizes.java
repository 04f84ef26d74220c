package dev.javacached.kernel.magic.maven;

import java.util.Locale;

/** Byte counts for people: 980 B, 12.3 kB, 1.2 MB (decimal units). */
final class Sizes {
    private Sizes() {
    }

    static String human(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        double value = bytes;
        String[] units = {"kB", "MB", "GB", "TB"};
        int unit = -1;
        do {
            value /= 1000;
            unit++;
        } while (value >= 999.95 && unit < units.length - 1);
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
