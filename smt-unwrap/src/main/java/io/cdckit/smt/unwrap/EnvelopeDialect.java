package io.cdckit.smt.unwrap;

import io.cdckit.core.config.ConfigValue;

/** Which envelope formats {@link Unwrap} recognises; everything else passes through. */
public enum EnvelopeDialect implements ConfigValue {
    /** Debezium envelopes (Struct or schemaless Map) and Maxwell's JSON. */
    AUTO("auto"),
    /** Debezium envelopes only. */
    DEBEZIUM("debezium"),
    /** Maxwell's JSON envelope only. */
    MAXWELL("maxwell");

    private final String text;

    EnvelopeDialect(String text) {
        this.text = text;
    }

    @Override
    public String configValue() {
        return text;
    }

    boolean debezium() {
        return this != MAXWELL;
    }

    boolean maxwell() {
        return this != DEBEZIUM;
    }
}
