package io.cdckit.core.cdc;

import java.util.Map;

/**
 * Entry point for schemaless change events, and the field names shared by every envelope.
 *
 * <p>Envelopes with a Connect schema are recognised once per schema by
 * {@link EnvelopeSchema#detect(org.apache.kafka.connect.data.Schema)}. A schemaless envelope, a
 * {@link Map} as produced by {@code JsonConverter} with {@code schemas.enable=false}, has no schema
 * to compile, so {@link #detect(Map)} decides by the shape of each value.
 *
 * <h2>Detection rules for maps</h2>
 * A map is recognised as a Debezium envelope only when all of these hold:
 * <ul>
 *   <li>{@code op} is present and is a {@link String} (its value need not be a known code);</li>
 *   <li>{@code source} is present and is a {@link Map};</li>
 *   <li>every key is one of {@code op}, {@code source}, {@code before}, {@code after},
 *       {@code transaction}, {@code ts_ms}, {@code ts_us}, {@code ts_ns}, {@code message} and
 *       {@code updateDescription}. This rules out heartbeats, schema-change events, transaction
 *       metadata and ordinary rows, which all have other keys or lack {@code op} or
 *       {@code source};</li>
 *   <li>{@code before} and {@code after} are each absent, null, a {@link Map} or a {@link String},
 *       and not a map and a string at once;</li>
 *   <li>{@code transaction}, {@code message} and {@code updateDescription} are each absent, null or
 *       a {@link Map}.</li>
 * </ul>
 * The timestamps are not checked when detecting; reading one that is not an integral number
 * ({@link Long}, {@link Integer}, {@link Short}, {@link Byte} or a {@link java.math.BigInteger} that
 * fits in a long) throws a {@link org.apache.kafka.connect.errors.DataException} naming the field.
 *
 * <p>The dialect is {@link Dialect#DEBEZIUM_MONGODB} when {@code before} or {@code after} is a
 * string, or when neither is a map and either the {@code updateDescription} key is present or
 * {@code source.connector} is {@value #MONGODB_CONNECTOR}; it is {@link Dialect#DEBEZIUM} otherwise.
 */
public final class ChangeEvents {

    /** The operation code field. */
    public static final String FIELD_OP = "op";
    /** The image of the row before the change. */
    public static final String FIELD_BEFORE = "before";
    /** The image of the row after the change. */
    public static final String FIELD_AFTER = "after";
    /** The source metadata block. */
    public static final String FIELD_SOURCE = "source";
    /** The transaction block. */
    public static final String FIELD_TRANSACTION = "transaction";
    /** The time, in milliseconds since the epoch, at which the connector processed the event. */
    public static final String FIELD_TS_MS = "ts_ms";
    /** The time, in microseconds since the epoch, at which the connector processed the event. */
    public static final String FIELD_TS_US = "ts_us";
    /** The time, in nanoseconds since the epoch, at which the connector processed the event. */
    public static final String FIELD_TS_NS = "ts_ns";
    /** The message block of a PostgreSQL logical-decoding message event. */
    public static final String FIELD_MESSAGE = "message";
    /** The update description block of a MongoDB update event. */
    public static final String FIELD_UPDATE_DESCRIPTION = "updateDescription";

    /** The value of {@code source.connector} in events of Debezium's MongoDB connector. */
    public static final String MONGODB_CONNECTOR = "mongodb";

    private ChangeEvents() {
    }

    /**
     * Recognise a schemaless change event. This looks up a fixed set of keys and never iterates
     * the map, throws or allocates anything but the returned view.
     *
     * @param value a record value decoded without a schema; may be null
     * @return a view of the event, or null if {@code value} is null or not a change-event envelope
     *         according to the rules in the class documentation
     */
    public static ChangeEvent detect(Map<?, ?> value) {
        if (value == null) {
            return null;
        }
        // Further schemaless dialects are tried here, after Debezium's, each returning null when
        // the map does not have its shape.
        return MapChangeEvent.detectDebezium(value);
    }
}
