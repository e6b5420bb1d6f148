package io.cdckit.core.row;

import io.cdckit.core.config.ConfigKeys;
import io.cdckit.core.config.ConfigValue;

/**
 * What a row transform's paths address (the {@value #KEY} key every row transform has). See
 * {@link RowRewrite}.
 */
public enum EnvelopeMode implements ConfigValue {

    /** Row images of a change event (both {@code before} and {@code after}), the value of anything else. */
    AUTO,
    /** Row images of change events only; other records pass through unchanged. */
    ROW,
    /** The value as it is: paths name envelope fields themselves ({@code after.email}). */
    OFF;

    /** The configuration key. */
    public static final String KEY = "envelope.mode";

    /** Declares {@value #KEY}: {@code ConfigKeys.define()...with(EnvelopeMode::declare)}. */
    public static void declare(ConfigKeys keys) {
        keys.choice(KEY, EnvelopeMode.class, AUTO, "What the paths address. auto: in a change event "
                + "of any dialect Unwrap knows (Debezium relational or MongoDB, Maxwell, GoldenGate, Canal; "
                + "schema'd or schemaless) the row images, both before and after alike (a delete's before "
                + "image too; MongoDB's documents, read from their JSON text and written back as such; every "
                + "row of Canal's data and old), keeping one row schema and the envelope's name; in any other "
                + "record the value itself (a row after Unwrap, a key). row: change events only, other records "
                + "pass through. off: the value as it is (paths such as after.email). Paths starting with "
                + "$envelope. address the envelope around the row (e.g. $envelope.source.ts_ms). Tombstones, "
                + "heartbeats, schema-change, DDL and transaction records pass through.");
    }
}
