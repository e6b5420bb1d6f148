package io.cdckit.core.cdc;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * A read-only view of one change event, whatever its representation. The view never copies the
 * underlying envelope: every accessor returns the object held by the envelope itself, so callers
 * must not modify what they get.
 *
 * <p>Views come from {@link ChangeEventDetector#detect} (Struct and Map values alike). Every kind
 * answers the same questions in the same way; where the schema'd view returns a {@link Struct} the
 * schemaless view returns a {@link java.util.Map}, and in the {@link Dialect#DEBEZIUM_MONGODB}
 * dialect the before and after images are JSON text ({@link String}) in both. Dialects without
 * Debezium's layout (Maxwell, GoldenGate, Canal) answer in Debezium's terms: op codes
 * ({@code c/u/d/t}), {@code ts_ms}, source fields ({@code db}, {@code table}); their
 * {@link #source()} is null and {@link #sourceField} reads their flat metadata. Canal's messages
 * may carry several rows ({@link #rowCount()}).
 *
 * <p>A view is a short-lived object meant to be used while one record is transformed; it is not
 * thread-safe to share a view while its envelope is being modified. Accessors never throw
 * {@link ClassCastException} or {@link NullPointerException}: a value whose type does not match
 * what the envelope format requires is reported as a {@link DataException} that names the field but
 * never includes the value (values may hold personal data).
 */
public interface ChangeEvent {

    /** What {@link #metadata} returns for a field the event does not have (as opposed to a null one). */
    Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "ABSENT";
        }
    };

    /**
     * @return the dialect the envelope was recognised as; never null
     */
    Dialect dialect();

    /**
     * @return true if the envelope is a schemaless {@link java.util.Map}, false if it is a
     *         {@link Struct} with a schema
     */
    boolean isSchemaless();

    /**
     * @return the underlying envelope, a {@link Struct} or a {@link java.util.Map}; never null
     */
    Object value();

    /**
     * @return the compiled envelope schema, or null when the envelope is schemaless
     */
    EnvelopeSchema envelopeSchema();

    /**
     * @return the Connect schema of the envelope, or null when the envelope is schemaless
     */
    Schema schema();

    /**
     * @return the schema of the row images (that of {@code after}, else that of {@code before}), or
     *         null when the envelope is schemaless or has neither field
     */
    Schema rowSchema();

    /**
     * @return the schema of the {@code source} block, or null when the envelope is schemaless or has
     *         no {@code source} field
     */
    Schema sourceSchema();

    /**
     * @return the raw value of the {@code op} field, or null if it is null in this event
     */
    String opCode();

    /**
     * @return the operation named by {@link #opCode()}, or null if the code is null or unknown
     */
    Operation op();

    /**
     * @return the image of the row before the change ({@link Struct}, {@link java.util.Map} or, for
     *         MongoDB, {@link String}), or null if absent
     */
    Object before();

    /**
     * @return the image of the row after the change ({@link Struct}, {@link java.util.Map} or, for
     *         MongoDB, {@link String}), or null if absent
     */
    Object after();

    /**
     * The image that describes the row this event is about: {@link #after()} for {@link
     * Operation#CREATE}, {@link Operation#READ} and {@link Operation#UPDATE}, {@link #before()} for
     * {@link Operation#DELETE}.
     *
     * @return the row image, or null for truncate and message events, for unknown operation codes,
     *         and when the relevant image is absent
     */
    Object row();

    /**
     * @return the {@code source} metadata block ({@link Struct} or {@link java.util.Map}), or null if
     *         absent
     */
    Object source();

    /**
     * Read one field of the {@code source} block, such as {@code "table"}, {@code "db"} or
     * {@code "lsn"}.
     *
     * @param name the field name
     * @return the field's value, or null if the block is absent, has no such field, or the field is
     *         null
     */
    Object sourceField(String name);

    /**
     * Reads an envelope metadata field by its place in a Debezium envelope: {@code block} null for a
     * top-level field ({@code op}, {@code ts_ms}, ...), or the block holding it ({@code source},
     * {@code transaction}, {@code updateDescription}). A field the block lacks is looked up at the
     * top level, and a field of a null block Debezium always writes ({@code transaction.id},
     * {@code transaction.total_order}, {@code transaction.data_collection_order}) is null, as
     * Debezium's {@code add.fields} reads them. Dialects of another layout map the names onto theirs
     * (Maxwell: {@code op} from its {@code type}, {@code ts_ms} from its {@code ts} in ms, {@code db}
     * from {@code database}; GoldenGate: {@code op} from {@code op_type}, {@code ts_ms} from
     * {@code op_ts}, {@code db}, {@code schema} and {@code table} from the parts of its qualified
     * {@code table}; Canal: {@code op} from {@code type}, {@code ts_ms} from {@code es}, {@code db}
     * from {@code database}; anything else from the key of that name).
     *
     * @return the value (the raw value: a null is not replaced by a default), or {@link #ABSENT}
     */
    Object metadata(String block, String name);

    /**
     * How many rows the event carries. Every dialect's events carry one (or none: truncates), except
     * Canal's, whose {@code data} is a list of rows; the images ({@link #before()}, {@link #after()},
     * {@link #row()}) are then those of the first row, and a transform that emits one row per event
     * says what it does with the others (Unwrap's {@code canal.multi.row}). Canal's {@code old}
     * list is not aligned with {@code data}: Canal leaves out the old row of a row whose columns did
     * not change, so {@code old[i]} need not be the previous values of {@code data[i]}.
     *
     * @return the number of rows: 1 unless the dialect carries a list of rows
     */
    default int rowCount() {
        return 1;
    }

    /**
     * @return the {@code transaction} block ({@link Struct} or {@link java.util.Map} with
     *         {@code id}, {@code total_order} and {@code data_collection_order}), or null if absent
     */
    Object transaction();

    /**
     * @return the {@code message} block ({@link Struct} or {@link java.util.Map} with {@code prefix}
     *         and {@code content}) of a logical-decoding message event, or null for other events
     */
    Object message();

    /**
     * @return the {@code updateDescription} block of a MongoDB update event ({@link Struct} or
     *         {@link java.util.Map}), or null if absent
     */
    Object updateDescription();

    /**
     * @return the envelope's {@code ts_ms} (milliseconds since the epoch at which the connector
     *         processed the event), or null if absent
     * @throws DataException if the field holds something other than an integral number
     */
    Long tsMs();

    /**
     * @return the envelope's {@code ts_us} (microseconds since the epoch), or null if absent
     * @throws DataException if the field holds something other than an integral number
     */
    Long tsUs();

    /**
     * @return the envelope's {@code ts_ns} (nanoseconds since the epoch), or null if absent
     * @throws DataException if the field holds something other than an integral number
     */
    Long tsNs();
}
