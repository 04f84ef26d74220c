package dev.javacached.kernel.magic;

import dev.javacached.kernel.cache.CachingHook;
import dev.javacached.kernel.cache.CellMode;
import java.util.List;

/**
 * The {@code %cache} forms that change how this session uses the cache: {@code off} /
 * {@code on}, {@code threshold}, and {@code recompute} / {@code nocache} for the rest of a cell.
 */
final class CacheSessionSettings {
    private final CachingHook hook;

    CacheSessionSettings(CachingHook hook) {
        this.hook = hook;
    }

    MagicResult onOff(boolean on) {
        hook.setEnabled(on);
        return MagicResult.okText(on ? "Cache on: unchanged declarations are restored, slow ones stored."
                : "Cache off for this session: every declaration runs and nothing is stored (%cache on to resume).");
    }

    MagicResult threshold(List<String> ops) {
        long was = hook.thresholdMillis();
        if (ops.isEmpty()) {
            return MagicResult.okText("Values computed in less than " + was + " ms are not stored.");
        }
        long ms = CacheMagicForms.parseMillis(ops.get(0)).orElseThrow();
        hook.setThresholdMillis(ms);
        return MagicResult.okText((ms == 0 ? "Every storable value is stored"
                : "Values computed in less than " + ms + " ms are not stored") + " (was " + was + " ms).");
    }

    MagicResult mode(CellMode mode) {
        hook.setCellMode(mode);
        return MagicResult.okText(mode == CellMode.RECOMPUTE
                ? "The rest of this cell recomputes every declaration and overwrites its stored value."
                : "The rest of this cell neither restores nor stores values.");
    }
}
