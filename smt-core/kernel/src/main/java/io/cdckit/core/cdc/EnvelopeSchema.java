package io.cdckit.core.cdc;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

import java.util.List;

/**
 * A change-event envelope schema, analysed once so that each record can then be read by field
 * index. Instances are immutable and thread-safe; {@link ChangeEventDetector} caches them per value
 * schema and wraps each record in a {@link #view(Struct)}. Transforms that compile their own plan
 * per envelope schema read records through the {@link Field}s this class resolved
 * ({@link #afterField()}, {@link #opField()}, ...).
 *
 * <h2>Detection rules</h2>
 * {@link #detect(Schema)} recognises a schema as a change-event envelope only when all of these
 * hold:
 * <ul>
 *   <li>it is a {@link Schema.Type#STRUCT} schema with a name, and the name ends with
 *       {@value #ENVELOPE_SUFFIX} (a data change event) or with {@value #MESSAGE_VALUE_SUFFIX} (a
 *       PostgreSQL logical-decoding message event). This alone rules out heartbeats
 *       ({@code io.debezium.connector.common.Heartbeat}), schema-change events
 *       ({@code io.debezium.connector.<db>.SchemaChangeValue}), transaction metadata
 *       ({@code io.debezium.connector.common.TransactionMetadataValue}), ordinary rows (whose
 *       schemas are named {@code <topic>.Value}) and unnamed structs, whatever fields they have;</li>
 *   <li>it has an {@code op} field of type {@code STRING};</li>
 *   <li>each known field that is present has the expected type: {@code source},
 *       {@code transaction} and {@code updateDescription} are {@code STRUCT}; {@code ts_ms},
 *       {@code ts_us} and {@code ts_ns} are {@code INT64}; {@code before} and {@code after} are
 *       both {@code STRUCT} (relational rows) or both {@code STRING} (MongoDB JSON documents,
 *       normally named {@value #JSON_SCHEMA_NAME}), never one of each;</li>
 *   <li>a message-event schema has a {@code message} field of type {@code STRUCT}.</li>
 * </ul>
 * Any known field other than {@code op} may be absent, and unknown extra fields are tolerated (newer
 * Debezium versions add fields); they are simply not resolved.
 *
 * <p>The dialect is {@link Dialect#DEBEZIUM_MONGODB} when {@code before}/{@code after} are strings,
 * or when neither is present and the schema has an {@code updateDescription} field or a
 * {@code source} block named {@value #MONGODB_SOURCE_SCHEMA_NAME}; it is {@link Dialect#DEBEZIUM}
 * otherwise.
 *
 * <h2>Flat dialects</h2>
 * A struct schema without Debezium's names (JsonConverter with {@code schemas.enable=true} gives an
 * unnamed one) is recognised as {@link Dialect#GOLDENGATE} or {@link Dialect#CANAL} by its field
 * names and types alone, by the same full-shape rules as their schemaless maps: the fields the
 * format always writes present, every field one the format writes, each of the type it writes. A
 * schema named like a connector's row or key ({@code *.Value}, {@code *.Key}) is a row, never a
 * flat envelope, whatever its fields (see {@code GoldenGateChangeEvent} and
 * {@code CanalChangeEvent}). Their metadata is top-level: {@link #opField()} is the field holding
 * the dialect's own operation text ({@code op_type}, {@code type}), whose values only the
 * {@linkplain #view view} translates; {@code source} and the {@code ts_*} fields are absent.
 * GoldenGate's {@code before} and {@code after} are {@link #beforeField()} and
 * {@link #afterField()}; Canal's rows are arrays ({@link #dataField()}, {@link #oldField()}) whose
 * element schema is the {@link #rowSchema()}. Debezium's path is decided by the name first and
 * never looks at these rules.
 *
 * <p>Over 400 lines: detection and the compiled fields of every dialect with a Connect schema
 * (Debezium's by name, the flat ones by shape) stay together, so one class answers "is this an
 * envelope, and where are its parts" once per schema.
 */
public final class EnvelopeSchema {

    /** The schema-name suffix of Debezium data change event envelopes. */
    public static final String ENVELOPE_SUFFIX = ".Envelope";

    /** The schema-name suffix of the rows of Debezium (and other) connectors: never a flat envelope. */
    static final String ROW_VALUE_SUFFIX = ".Value";

    /** The schema-name suffix of the keys of Debezium (and other) connectors: never a flat envelope. */
    static final String ROW_KEY_SUFFIX = ".Key";

    /** The schema-name suffix of Debezium PostgreSQL logical-decoding message events. */
    public static final String MESSAGE_VALUE_SUFFIX = ".MessageValue";

    /** The logical name Debezium gives to string schemas holding JSON documents. */
    public static final String JSON_SCHEMA_NAME = "io.debezium.data.Json";

    /** The name of the source block schema of Debezium's MongoDB connector. */
    public static final String MONGODB_SOURCE_SCHEMA_NAME = "io.debezium.connector.mongo.Source";

    private final Schema schema;
    private final List<Field> fields;
    private final Dialect dialect;
    private final boolean message;
    private final Field opField;
    private final Field beforeField;
    private final Field afterField;
    private final Field sourceField;
    private final Field transactionField;
    private final Field tsMsField;
    private final Field tsUsField;
    private final Field tsNsField;
    private final Field messageField;
    private final Field updateDescriptionField;
    private final Field dataField;
    private final Field oldField;
    private final Schema rowSchema;

    private EnvelopeSchema(Schema schema, Dialect dialect, boolean message) {
        this(schema, dialect, message, schema.field(ChangeEvents.FIELD_OP));
    }

    private EnvelopeSchema(Schema schema, Dialect dialect, boolean message, Field opField) {
        this.schema = schema;
        this.fields = List.copyOf(schema.fields());
        this.dialect = dialect;
        this.message = message;
        this.opField = opField;
        this.beforeField = schema.field(ChangeEvents.FIELD_BEFORE);
        this.afterField = schema.field(ChangeEvents.FIELD_AFTER);
        this.sourceField = schema.field(ChangeEvents.FIELD_SOURCE);
        this.transactionField = schema.field(ChangeEvents.FIELD_TRANSACTION);
        this.tsMsField = schema.field(ChangeEvents.FIELD_TS_MS);
        this.tsUsField = schema.field(ChangeEvents.FIELD_TS_US);
        this.tsNsField = schema.field(ChangeEvents.FIELD_TS_NS);
        this.messageField = message ? schema.field(ChangeEvents.FIELD_MESSAGE) : null;
        this.updateDescriptionField = schema.field(ChangeEvents.FIELD_UPDATE_DESCRIPTION);
        boolean canal = dialect == Dialect.CANAL;
        this.dataField = canal ? schema.field(CanalChangeEvent.DATA) : null;
        this.oldField = canal ? schema.field(CanalChangeEvent.OLD) : null;
        if (canal) {
            this.rowSchema = dataField != null ? dataField.schema().valueSchema()
                    : oldField != null ? oldField.schema().valueSchema() : null;
        } else {
            this.rowSchema = afterField != null ? afterField.schema()
                    : beforeField != null ? beforeField.schema() : null;
        }
    }

    /**
     * Analyse a value schema. This is meant to be called once per schema, not once per record.
     *
     * @param valueSchema the schema of a record value; may be null
     * @return the compiled envelope, or null if {@code valueSchema} is not a change-event envelope
     *         according to the rules in the class documentation
     */
    public static EnvelopeSchema detect(Schema valueSchema) {
        if (valueSchema == null || valueSchema.type() != Schema.Type.STRUCT) {
            return null;
        }
        String name = valueSchema.name();
        boolean message;
        if (name != null && name.endsWith(ENVELOPE_SUFFIX)) {
            message = false;
        } else if (name != null && name.endsWith(MESSAGE_VALUE_SUFFIX)) {
            message = true;
        } else {
            return detectFlat(valueSchema);
        }
        Field op = valueSchema.field(ChangeEvents.FIELD_OP);
        if (op == null || op.schema().type() != Schema.Type.STRING) {
            return null;
        }
        if (!absentOrOfType(valueSchema, ChangeEvents.FIELD_SOURCE, Schema.Type.STRUCT)
                || !absentOrOfType(valueSchema, ChangeEvents.FIELD_TRANSACTION, Schema.Type.STRUCT)
                || !absentOrOfType(valueSchema, ChangeEvents.FIELD_UPDATE_DESCRIPTION, Schema.Type.STRUCT)
                || !absentOrOfType(valueSchema, ChangeEvents.FIELD_TS_MS, Schema.Type.INT64)
                || !absentOrOfType(valueSchema, ChangeEvents.FIELD_TS_US, Schema.Type.INT64)
                || !absentOrOfType(valueSchema, ChangeEvents.FIELD_TS_NS, Schema.Type.INT64)) {
            return null;
        }
        if (message) {
            Field messageField = valueSchema.field(ChangeEvents.FIELD_MESSAGE);
            if (messageField == null || messageField.schema().type() != Schema.Type.STRUCT) {
                return null;
            }
        }
        Schema.Type beforeType = typeOf(valueSchema.field(ChangeEvents.FIELD_BEFORE));
        Schema.Type afterType = typeOf(valueSchema.field(ChangeEvents.FIELD_AFTER));
        if (!isRowType(beforeType) || !isRowType(afterType)
                || (beforeType != null && afterType != null && beforeType != afterType)) {
            return null;
        }
        Schema.Type rowType = afterType != null ? afterType : beforeType;
        Dialect dialect;
        if (rowType == Schema.Type.STRING) {
            dialect = Dialect.DEBEZIUM_MONGODB;
        } else if (rowType == Schema.Type.STRUCT) {
            dialect = Dialect.DEBEZIUM;
        } else if (valueSchema.field(ChangeEvents.FIELD_UPDATE_DESCRIPTION) != null
                || isMongoSource(valueSchema.field(ChangeEvents.FIELD_SOURCE))) {
            dialect = Dialect.DEBEZIUM_MONGODB;
        } else {
            dialect = Dialect.DEBEZIUM;
        }
        return new EnvelopeSchema(valueSchema, dialect, message);
    }

    /** A GoldenGate or Canal envelope schema (see the class comment), or null. */
    private static EnvelopeSchema detectFlat(Schema schema) {
        String name = schema.name();
        if (ChangeEvents.isControlRecord(schema)
                || name != null && (name.endsWith(ROW_VALUE_SUFFIX) || name.endsWith(ROW_KEY_SUFFIX))) {
            return null;
        }
        Field op = GoldenGateChangeEvent.detect(schema);
        if (op != null) {
            return new EnvelopeSchema(schema, Dialect.GOLDENGATE, false, op);
        }
        op = CanalChangeEvent.detect(schema);
        return op == null ? null : new EnvelopeSchema(schema, Dialect.CANAL, false, op);
    }

    private static boolean absentOrOfType(Schema schema, String name, Schema.Type type) {
        Field field = schema.field(name);
        return field == null || field.schema().type() == type;
    }

    private static Schema.Type typeOf(Field field) {
        return field == null ? null : field.schema().type();
    }

    private static boolean isRowType(Schema.Type type) {
        return type == null || type == Schema.Type.STRUCT || type == Schema.Type.STRING;
    }

    private static boolean isMongoSource(Field source) {
        return source != null && MONGODB_SOURCE_SCHEMA_NAME.equals(source.schema().name());
    }

    /**
     * Wrap one record value in a view. The view reads the struct on demand; it copies nothing.
     *
     * @param value a value whose schema is the one this object was detected from (or one with the
     *              same field layout); may be null
     * @return the view, or null if {@code value} is null (a tombstone)
     * @throws DataException if the value's schema has a different field layout
     */
    public ChangeEvent view(Struct value) {
        if (value == null) {
            return null;
        }
        switch (dialect) {
            case GOLDENGATE:
                return new GoldenGateChangeEvent(this, checked(value));
            case CANAL:
                return new CanalChangeEvent(this, checked(value));
            default:
                return new StructChangeEvent(this, checked(value));
        }
    }

    /**
     * @param value a record value
     * @return true if {@code value} is non-null and can be read with this object: its schema is
     *         this very instance, or a struct schema with the same field names and types in the
     *         same order (as an equal schema decoded again by a converter has)
     */
    public boolean matches(Struct value) {
        if (value == null) {
            return false;
        }
        Schema actual = value.schema();
        return actual == schema || sameLayout(actual);
    }

    private boolean sameLayout(Schema actual) {
        if (actual == null || actual.type() != Schema.Type.STRUCT) {
            return false;
        }
        List<Field> actualFields = actual.fields();
        int count = fields.size();
        if (actualFields.size() != count) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            Field expected = fields.get(i);
            Field found = actualFields.get(i);
            if (!found.name().equals(expected.name())
                    || found.schema().type() != expected.schema().type()) {
                return false;
            }
        }
        return true;
    }

    /**
     * @return {@code value}, after checking that it can be read by index with this object
     * @throws DataException if it cannot
     */
    private Struct checked(Struct value) {
        if (value != null && !matches(value)) {
            throw new DataException("Change event value does not have the layout of envelope schema "
                    + (schema.name() == null ? "(unnamed, " + dialect.configValue() + ")" : schema.name()));
        }
        return value;
    }

    // The readers below do not check the value's layout: callers check it first, once.

    static Object get(Struct value, Field field) {
        return value == null || field == null ? null : value.get(field);
    }

    static String getString(Struct value, Field field) {
        Object read = get(value, field);
        if (read == null || read instanceof String) {
            return (String) read;
        }
        throw new DataException("Change event field '" + field.name() + "' does not hold a string");
    }

    static Struct getStruct(Struct value, Field field) {
        Object read = get(value, field);
        if (read == null || read instanceof Struct) {
            return (Struct) read;
        }
        throw new DataException("Change event field '" + field.name() + "' does not hold a struct");
    }

    static Long getLong(Struct value, Field field) {
        Object read = get(value, field);
        if (read == null || read instanceof Long) {
            return (Long) read;
        }
        throw new DataException("Change event field '" + field.name() + "' does not hold an int64");
    }

    Object getRow(Struct value) {
        Operation op = Operation.fromCode(getString(value, opField));
        if (op == null || !op.carriesRow()) {
            return null;
        }
        return get(value, op.rowIsAfter() ? afterField : beforeField);
    }

    static Object getField(Struct block, String name) {
        if (block == null || name == null) {
            return null;
        }
        Field field = block.schema().field(name);
        return field == null ? null : block.get(field);
    }


    // ---------------------------------------------------------------- compiled information

    /** @return the schema this object was detected from */
    public Schema schema() {
        return schema;
    }

    /** @return the dialect of the envelope */
    public Dialect dialect() {
        return dialect;
    }

    /**
     * @return true if this is a logical-decoding message schema (name ending in
     *         {@value #MESSAGE_VALUE_SUFFIX}), whose events have op {@link Operation#MESSAGE}
     */
    public boolean isMessage() {
        return message;
    }

    /**
     * @return the {@code op} field; never null. In the flat dialects, the field of the dialect's
     *         own operation text (GoldenGate's {@code op_type} or {@code op}, Canal's {@code type}):
     *         read the operation through {@link #view}.
     */
    public Field opField() {
        return opField;
    }

    /** @return the {@code before} field, or null if the schema has none */
    public Field beforeField() {
        return beforeField;
    }

    /** @return the {@code after} field, or null if the schema has none */
    public Field afterField() {
        return afterField;
    }

    /** @return the {@code source} field, or null if the schema has none */
    public Field sourceField() {
        return sourceField;
    }

    /** @return the {@code transaction} field, or null if the schema has none */
    public Field transactionField() {
        return transactionField;
    }

    /** @return the {@code ts_ms} field, or null if the schema has none */
    public Field tsMsField() {
        return tsMsField;
    }

    /** @return the {@code ts_us} field, or null if the schema has none */
    public Field tsUsField() {
        return tsUsField;
    }

    /** @return the {@code ts_ns} field, or null if the schema has none */
    public Field tsNsField() {
        return tsNsField;
    }

    /** @return the {@code message} field of a message-event schema, or null for other schemas */
    public Field messageField() {
        return messageField;
    }

    /** @return the {@code updateDescription} field (MongoDB), or null if the schema has none */
    public Field updateDescriptionField() {
        return updateDescriptionField;
    }

    /**
     * The schema of the metadata {@link ChangeEvent#metadata view.metadata(block, name)} reads from
     * events of a flat dialect (GoldenGate, Canal), whose metadata is not always a field of the
     * schema ({@code ts_ms} from GoldenGate's {@code op_ts} text, {@code db} from its
     * {@code table}).
     *
     * @return the schema, or null if such events have no such metadata, and for Debezium's dialects
     *         (whose metadata are the schema's own fields)
     */
    public Schema metadataSchema(String block, String name) {
        return isFlat() ? FlatChangeEvent.metadataSchema(this, block, name) : null;
    }

    /** @return true for the flat dialects (GoldenGate, Canal), whose metadata sits beside the rows */
    public boolean isFlat() {
        return dialect == Dialect.GOLDENGATE || dialect == Dialect.CANAL;
    }

    /** @return Canal's {@code data} field (an array of rows), or null for other dialects and when absent */
    public Field dataField() {
        return dataField;
    }

    /** @return Canal's {@code old} field (an array of partial rows), or null for other dialects and when absent */
    public Field oldField() {
        return oldField;
    }

    /**
     * @return the schema of the rows {@link ChangeEvent#after()} gives (Canal: of {@code data}'s
     *         elements), or null if the envelope has none
     */
    public Schema afterRowSchema() {
        if (dialect == Dialect.CANAL) {
            return dataField == null ? null : rowSchema;
        }
        return afterSchema();
    }

    /**
     * @return the schema of the row {@link ChangeEvent#before()} gives for a delete (Canal: of
     *         {@code data}'s elements), or null if the envelope has none
     */
    public Schema deletedRowSchema() {
        if (dialect == Dialect.CANAL) {
            return dataField == null ? null : rowSchema;
        }
        return beforeSchema();
    }

    /**
     * @return the schema of the row images: that of {@code after}, else that of {@code before}, or
     *         null if the schema has neither field. For MongoDB this is a string schema; for Canal,
     *         the element schema of {@code data} (else of {@code old}).
     */
    public Schema rowSchema() {
        return rowSchema;
    }

    /** @return the schema of {@code before}, or null if the schema has no such field */
    public Schema beforeSchema() {
        return beforeField == null ? null : beforeField.schema();
    }

    /** @return the schema of {@code after}, or null if the schema has no such field */
    public Schema afterSchema() {
        return afterField == null ? null : afterField.schema();
    }

    /** @return the schema of the {@code source} block, or null if the schema has no such field */
    public Schema sourceSchema() {
        return sourceField == null ? null : sourceField.schema();
    }

    /** @return the schema of the {@code transaction} block, or null if the schema has no such field */
    public Schema transactionSchema() {
        return transactionField == null ? null : transactionField.schema();
    }

    /** @return the schema of the {@code message} block, or null for schemas other than message ones */
    public Schema messageSchema() {
        return messageField == null ? null : messageField.schema();
    }

    @Override
    public String toString() {
        return "EnvelopeSchema(" + (schema.name() == null ? "unnamed" : schema.name()) + ", " + dialect
                + (message ? ", message" : "") + ")";
    }
}
