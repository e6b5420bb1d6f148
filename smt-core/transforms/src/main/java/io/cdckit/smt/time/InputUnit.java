package io.cdckit.smt.time;

import io.cdckit.core.config.ConfigValue;

/**
 * How a listed field without a temporal schema name holds its instant: the {@code :unit} of a
 * {@code fields} entry ({@code $envelope.ts_ms:epoch-ms}, {@code created:iso}).
 */
public enum InputUnit implements ConfigValue {
    /** Epoch seconds, an integer. */
    EPOCH_S(1L, 0),
    /** Epoch milliseconds, an integer. */
    EPOCH_MS(1_000L, 3),
    /** Epoch microseconds, an integer. */
    EPOCH_US(1_000_000L, 6),
    /** Epoch nanoseconds, an integer. */
    EPOCH_NS(1_000_000_000L, 9),
    /** ISO-8601 text; without an offset it is read in {@code source.timezone}. */
    ISO(0L, -1);

    private final long unitsPerSecond;
    private final int fractionDigits;

    InputUnit(long unitsPerSecond, int fractionDigits) {
        this.unitsPerSecond = unitsPerSecond;
        this.fractionDigits = fractionDigits;
    }

    /** @return units per second of a count; 0 for text */
    long unitsPerSecond() {
        return unitsPerSecond;
    }

    /** @return the fraction digits every value carries, -1 for text (as written) */
    int fractionDigits() {
        return fractionDigits;
    }

    /** The unit a config text names, or null. */
    static InputUnit parse(String text) {
        for (InputUnit u : values()) {
            if (u.matches(text)) {
                return u;
            }
        }
        return null;
    }
}
