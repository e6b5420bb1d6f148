package io.cdckit.converters.compat;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Schema compatibility levels, with the same names and meaning as the Confluent Schema Registry.
 *
 * <ul>
 *   <li>{@code BACKWARD}: the new schema (as reader) can read data written with the old schema.</li>
 *   <li>{@code FORWARD}: the old schema (as reader) can read data written with the new schema.</li>
 *   <li>{@code FULL}: both.</li>
 *   <li>{@code *_TRANSITIVE}: checked against every earlier version, not only the latest.</li>
 *   <li>{@code NONE}: nothing is checked.</li>
 * </ul>
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** Whether the candidate is checked against every version of the history, not only the latest. */
    public boolean isTransitive() {
        return transitive;
    }

    /** Whether the new schema must read data written with the old one ({@link Direction#NEW_READS_OLD}). */
    public boolean checksBackward() {
        return backward;
    }

    /** Whether the old schema must read data written with the new one ({@link Direction#OLD_READS_NEW}). */
    public boolean checksForward() {
        return forward;
    }

    /**
     * Parses a level name, case-insensitively, ignoring surrounding blanks.
     *
     * @throws IllegalArgumentException for null or an unknown name; the message lists the allowed values
     */
    public static CompatibilityLevel parse(String value) {
        if (value != null) {
            String normalized = value.trim().toUpperCase(Locale.ROOT);
            for (CompatibilityLevel level : values()) {
                if (level.name().equals(normalized)) {
                    return level;
                }
            }
        }
        throw new IllegalArgumentException("Invalid compatibility level "
                + (value == null ? "null" : "'" + value + "'") + "; expected one of " + allowedValues()
                + " (case-insensitive)");
    }

    static String allowedValues() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
