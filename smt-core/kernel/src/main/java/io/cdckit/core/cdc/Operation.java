package io.cdckit.core.cdc;

import io.cdckit.core.config.ConfigValue;

import java.util.List;
import java.util.Locale;

/**
 * The kind of change a change event describes, as carried by the one-letter {@code op} field of a
 * Debezium envelope. As a configuration value it is written as its code ({@code c}, {@code u},
 * ...) or its {@linkplain #label() label} ({@code create}, {@code update}, ...).
 */
public enum Operation implements ConfigValue {

    /** A row or document was inserted ({@code "c"}). */
    CREATE("c"),

    /** A row or document was updated ({@code "u"}). */
    UPDATE("u"),

    /** A row or document was deleted ({@code "d"}). */
    DELETE("d"),

    /** A row or document was read while snapshotting the source ({@code "r"}). */
    READ("r"),

    /** A table was truncated ({@code "t"}); such events carry neither a before nor an after row. */
    TRUNCATE("t"),

    /** A generic message, such as a PostgreSQL logical-decoding message ({@code "m"}). */
    MESSAGE("m");

    private final String code;

    Operation(String code) {
        this.code = code;
    }

    /**
     * @return the one-letter code used in the {@code op} field of an envelope; never null
     */
    public String code() {
        return code;
    }

    /** @return the code, e.g. {@code c}: what configurations show */
    @Override
    public String configValue() {
        return code;
    }

    /** @return the label, accepted as well */
    @Override
    public List<String> configAliases() {
        return List.of(label());
    }

    /** @return the operation's name in lower case: {@code create}, {@code update}, {@code delete}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Resolve an operation from its code. This never throws and never allocates, so it can be used
     * on every record.
     *
     * @param code the value of an {@code op} field; may be null
     * @return the operation, or null if {@code code} is null or not one of the known codes
     */
    public static Operation fromCode(String code) {
        if (code == null || code.length() != 1) {
            return null;
        }
        switch (code.charAt(0)) {
            case 'c':
                return CREATE;
            case 'u':
                return UPDATE;
            case 'd':
                return DELETE;
            case 'r':
                return READ;
            case 't':
                return TRUNCATE;
            case 'm':
                return MESSAGE;
            default:
                return null;
        }
    }

    /**
     * Tell which image of the row describes the row this operation is about: the after image for
     * {@link #CREATE}, {@link #READ} and {@link #UPDATE}, the before image for {@link #DELETE}.
     *
     * @return true if the row is the after image, false if it is the before image or if the
     *         operation carries no row ({@link #TRUNCATE}, {@link #MESSAGE})
     */
    public boolean rowIsAfter() {
        return this == CREATE || this == READ || this == UPDATE;
    }

    /**
     * @return true if this operation is about one row or document ({@link #CREATE}, {@link #READ},
     *         {@link #UPDATE} or {@link #DELETE}), false for {@link #TRUNCATE} and {@link #MESSAGE}
     */
    public boolean carriesRow() {
        return this != TRUNCATE && this != MESSAGE;
    }
}
