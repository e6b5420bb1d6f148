package io.cdckit.smt.unwrap;

import io.cdckit.core.cache.PlanCache;
import io.cdckit.core.cdc.ChangeEvent;
import io.cdckit.core.cdc.ChangeEvents;
import io.cdckit.core.cdc.Dialect;
import io.cdckit.core.cdc.EnvelopeSchema;
import io.cdckit.core.cdc.Operation;
import io.cdckit.core.config.ConfigKeys;
import io.cdckit.core.config.ConfigValue;
import io.cdckit.core.config.TransformConfig;
import io.cdckit.core.config.Validators;
import io.cdckit.core.record.Records;
import io.cdckit.core.record.SchemaCopy;
import io.cdckit.core.transform.CdcTransform;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Headers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Compares the {@code before} and {@code after} images of Debezium change events and writes the
 * names of the changed and unchanged fields into headers: a drop-in for Debezium's
 * {@code io.debezium.transforms.ExtractChangedRecordState} (same option names, defaults, header
 * values and header schemas) that also handles schemaless envelopes, can report fields inside
 * struct columns as dotted paths, can put the changed names into the row itself, and does not
 * report unchanged PostgreSQL TOAST columns as changed. Chained before {@link Unwrap} with
 * {@code drop.fields.header.name} set to the unchanged header, it turns updates into partial rows
 * that carry only what changed.
 *
 * <h2>Options</h2>
 * <ul>
 *   <li>{@value #HEADER_CHANGED_NAME} (default unset): the header that receives the names of the
 *       fields whose values differ, in the order of the {@code after} row followed by fields that
 *       only {@code before} has. Unset: no such header.</li>
 *   <li>{@value #HEADER_UNCHANGED_NAME} (default unset): the header that receives the names of the
 *       fields whose values are the same. Unset: no such header.</li>
 *   <li>{@value #CHANGED_FIELD_NAME} (default unset; cdckit): the name of a field added to the row
 *       schema (the {@code before} and the {@code after} images) that holds the changed names in
 *       {@code after}, so that {@link Unwrap} carries them into the output row. See below.</li>
 *   <li>{@value #NESTED_MODE} (default {@code flat}; cdckit): {@code flat} compares top-level
 *       columns only and reports a struct column by its name, exactly as Debezium does;
 *       {@code paths} reports fields inside struct columns as dotted paths.</li>
 *   <li>{@value #UNAVAILABLE_VALUE_PLACEHOLDER} (default {@value #DEFAULT_PLACEHOLDER}; cdckit):
 *       the value Debezium's PostgreSQL connector writes for a TOAST column the update did not
 *       touch; such a column counts as unchanged. Empty: no special treatment (as Debezium).</li>
 * </ul>
 * At least one of the header names or {@value #CHANGED_FIELD_NAME} must be set (otherwise the
 * transform would do nothing), the two header names must differ, and none may be blank.
 *
 * <h2>Which records, which lists</h2>
 * <ul>
 *   <li>An event whose {@code before} and {@code after} images are both present (an update with a
 *       full before-image, i.e. PostgreSQL {@code REPLICA IDENTITY FULL} or MySQL) gets the compared
 *       lists. Values are compared raw: an explicit null in a column with a default differs from
 *       the default. Bytes ({@code byte[]} or {@code ByteBuffer}) are compared by content, decimals
 *       by numeric value, lists, maps and structs element by element.</li>
 *   <li>Every other event of a Debezium envelope schema (create, read, delete, truncate, an update
 *       without a before-image) gets both headers with empty lists, as Debezium does, so that every
 *       data event of a topic carries them.</li>
 *   <li>Records that are not relational Debezium envelopes pass through unchanged: tombstones,
 *       heartbeats, schema-change and transaction events, logical-decoding messages, MongoDB
 *       envelopes (their images are JSON documents; their field changes are in
 *       {@code updateDescription}), and plain rows.</li>
 *   <li>Envelopes are recognised by the schema of the value ({@link EnvelopeSchema#detect}) or, for
 *       schemaless values, by their shape ({@link ChangeEvents#detect(Map)}); Debezium passes
 *       schemaless envelopes through untouched, cdckit compares them the same way.</li>
 * </ul>
 *
 * <h2>Headers</h2>
 * Each header value is a {@code List<String>} with the schema Debezium uses: an optional array of
 * optional strings named like the header. Headers are appended to a copy of the input's headers;
 * the input record is never modified (Debezium appends to the input record's own headers).
 *
 * <h2>Nested paths ({@value #NESTED_MODE}{@code =paths})</h2>
 * A struct column present as a struct in both images is compared field by field: a changed field
 * inside it is reported by its path ({@code address.city}); a struct column whose fields are all
 * unchanged is reported once by its own name ({@code address}), so that {@link Unwrap}'s
 * {@code drop.fields.header.name} still removes it, while a partly changed struct column is kept
 * whole. A struct column that is null in one image is reported by its own name. Names holding dots,
 * brackets, backticks, whitespace or {@code *} are written in backticks (the kernel's field-path
 * syntax, e.g. {@code `a.b`.c}). Schemaless rows are treated alike, with nested maps as structs.
 * Arrays and map columns are compared whole.
 *
 * <h2>The changed-names field ({@value #CHANGED_FIELD_NAME})</h2>
 * The field is added to the schema of both row images, as an optional array of strings, so that
 * the envelope stays a valid envelope (its name and other fields are kept, {@link Unwrap}
 * recognises it) and every event of a table has one row schema, deletes included. In
 * {@code after} it holds the changed names of a compared event (an empty list if nothing
 * changed), and null when nothing was compared (create, read, update without a before-image); in
 * {@code before} it is always null. After {@link Unwrap} it is an ordinary column of the output
 * row. It is never itself compared or listed. If the row already has a field of that name that is
 * an optional array of strings (the transform ran before), it is overwritten; any other field of
 * that name is an error. Schemaless rows get the key in the same way.
 *
 * <h2>PostgreSQL TOAST columns</h2>
 * PostgreSQL does not send the value of a TOASTed column (large text, bytea, json, arrays) that an
 * update did not change; Debezium then writes {@value #DEFAULT_PLACEHOLDER} (its
 * {@code unavailable.value.placeholder}) into {@code after}. Debezium's transform reports such a
 * column as changed, so that a partial row built from it would overwrite the real value with the
 * placeholder. cdckit counts a column whose {@code after} value is the placeholder (in any of the
 * forms the PostgreSQL connector uses: text, bytes, one-element arrays, byte-value arrays, hstore
 * maps) as unchanged: it is listed in the unchanged header and removed by {@link Unwrap}'s
 * {@code drop.fields.header.name}. A placeholder in {@code before} only is compared normally (the
 * new value is known). With the option empty, placeholders are compared as plain values and the
 * output is exactly Debezium's.
 *
 * <h2>Differences from Debezium with the default settings</h2>
 * Only where Debezium is wrong or does nothing: TOAST placeholders (above), schemaless envelopes
 * (compared, not passed through), decimals equal in value but not in scale (unchanged), bytes equal
 * in content but held one as {@code byte[]} and one as {@code ByteBuffer} (unchanged), bytes inside
 * lists inside structs (by content), MongoDB envelopes (passed through; Debezium adds empty lists,
 * or fails when pre-images are on), and the input record's headers (not modified).
 *
 * <h2>Errors</h2>
 * A record whose value schema is an envelope but whose value is not a {@code Struct}, or whose row
 * already has a {@value #CHANGED_FIELD_NAME} field of another type, fails with a
 * {@code DataException} naming the transform, the field and the record's position, never values.
 *
 * @param <R> the record type
 */
public class ChangedFields<R extends ConnectRecord<R>> extends CdcTransform<R> {

    public static final String HEADER_CHANGED_NAME = "header.changed.name";
    public static final String HEADER_UNCHANGED_NAME = "header.unchanged.name";
    public static final String CHANGED_FIELD_NAME = "changed.field.name";
    public static final String NESTED_MODE = "nested.mode";
    public static final String UNAVAILABLE_VALUE_PLACEHOLDER = "unavailable.value.placeholder";

    /** The default of Debezium's PostgreSQL connector option {@code unavailable.value.placeholder}. */
    public static final String DEFAULT_PLACEHOLDER = "__debezium_unavailable_value";

    /** How differences inside struct columns are reported. */
    public enum NestedMode implements ConfigValue {
        /** Top-level columns only; a struct column is one value (Debezium's behaviour). */
        FLAT("flat"),
        /** Fields inside struct columns are compared and reported as dotted paths. */
        PATHS("paths");

        private final String text;

        NestedMode(String text) {
            this.text = text;
        }

        @Override
        public String configValue() {
            return text;
        }
    }

    public static final ConfigDef CONFIG_DEF = ConfigKeys.define()
            .string(HEADER_CHANGED_NAME, null, "The name of the header that receives the names of the fields "
                    + "whose values differ between the before and after images of an event that has both (an "
                    + "update with a full before-image), as an optional array of strings (the header schema is "
                    + "named like the header, as Debezium's ExtractChangedRecordState writes it). Every other event "
                    + "of a Debezium envelope (create, read, delete, truncate, update without before-image) gets an "
                    + "empty list; other records (tombstones, heartbeats, messages, MongoDB events, plain rows) "
                    + "pass through unchanged. Schemaless envelopes are handled alike. Unset: no such header. At "
                    + "least one of header.changed.name, header.unchanged.name and changed.field.name must be set.")
            .validator(Validators.nonBlank())
            .importance(ConfigDef.Importance.HIGH)
            .string(HEADER_UNCHANGED_NAME, null, "The name of the header that receives the names of the fields "
                    + "whose values are the same in both images, same format and rules as header.changed.name. "
                    + "Give it to Unwrap's drop.fields.header.name to keep only changed fields. Unset: no such "
                    + "header.")
            .validator(Validators.nonBlank())
            .importance(ConfigDef.Importance.HIGH)
            .string(CHANGED_FIELD_NAME, null, "cdckit: the name of a field (an optional array of strings) added "
                    + "to the row schema of both images, so that Unwrap carries it into the output row. In the "
                    + "after image it holds the changed field names of an event with both images (an empty list "
                    + "if none changed) and null otherwise; in the before image it is null. The envelope keeps its "
                    + "name and fields. An existing optional string-array field of that name is overwritten; any "
                    + "other is an error. Unset: the value is not changed.")
            .validator(Validators.nonBlank())
            .choice(NESTED_MODE, NestedMode.class, NestedMode.FLAT, "cdckit: how struct columns are compared. "
                    + "flat: as one value, reported by the column name (exactly as Debezium). paths: field by "
                    + "field; a changed field is reported by its dotted path (address.city), a struct column "
                    + "whose fields are all unchanged by its own name (address), names with special characters "
                    + "in backticks. Nested maps of schemaless rows are treated alike.")
            .importance(ConfigDef.Importance.LOW)
            .string(UNAVAILABLE_VALUE_PLACEHOLDER, DEFAULT_PLACEHOLDER, "cdckit: the placeholder Debezium's "
                    + "PostgreSQL connector writes into the after image for a TOAST column the update did not "
                    + "change (its unavailable.value.placeholder option). A column whose after value is the "
                    + "placeholder, as text, bytes, array or hstore map, counts as unchanged instead of changed, "
                    + "so that a partial row never carries the placeholder. Empty: compared as a plain value, "
                    + "exactly as Debezium does.")
            .importance(ConfigDef.Importance.LOW)
            .build();

    private String headerChanged;
    private String headerUnchanged;
    private Schema changedSchema;
    private Schema unchangedSchema;
    private String fieldName;
    private boolean paths;
    private ChangedFieldsDiff.Placeholder placeholder;
    private boolean wantChanged;
    private boolean wantUnchanged;
    private final PlanCache<Schema, StructPlan> plans = new PlanCache<>();
    /** One compiler object, not a new method reference per record. */
    private final Function<Schema, StructPlan> compiler = this::compile;

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    protected void configure(TransformConfig config) {
        headerChanged = config.getString(HEADER_CHANGED_NAME);
        headerUnchanged = config.getString(HEADER_UNCHANGED_NAME);
        fieldName = config.getString(CHANGED_FIELD_NAME);
        if (headerChanged == null && headerUnchanged == null && fieldName == null) {
            throw new ConfigException(HEADER_CHANGED_NAME, null, "nothing to do: set " + HEADER_CHANGED_NAME
                    + ", " + HEADER_UNCHANGED_NAME + " or " + CHANGED_FIELD_NAME);
        }
        if (headerChanged != null && headerChanged.equals(headerUnchanged)) {
            throw config.invalid(HEADER_UNCHANGED_NAME, "a header name other than " + HEADER_CHANGED_NAME
                    + "'s, so that the two lists can be told apart");
        }
        // Debezium's header schemas: an optional array of optional strings, named like the header.
        changedSchema = headerChanged == null ? null : headerSchema(headerChanged);
        unchangedSchema = headerUnchanged == null ? null : headerSchema(headerUnchanged);
        paths = config.getEnum(NESTED_MODE, NestedMode.class) == NestedMode.PATHS;
        String ph = config.getString(UNAVAILABLE_VALUE_PLACEHOLDER);
        placeholder = ph == null || ph.isEmpty() ? null : new ChangedFieldsDiff.Placeholder(ph);
        wantChanged = headerChanged != null || fieldName != null;
        wantUnchanged = headerUnchanged != null;
        plans.clear();
    }

    private static Schema headerSchema(String name) {
        return SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).optional().name(name).build();
    }

    @Override
    public R apply(R record) {
        Object value = record.value();
        if (value instanceof Struct) {
            return applyStruct(record, (Struct) value);
        }
        if (value == null) {
            return record; // a tombstone
        }
        Schema schema = record.valueSchema();
        if (schema != null) {
            if (plans.get(schema, compiler).envelope != null) {
                throw dataError(record, null, "the value of a change event with envelope schema '" + schema.name()
                        + "' must be a Struct, got " + value.getClass().getSimpleName());
            }
            return record;
        }
        if (value instanceof Map) {
            return applyMap(record, (Map<?, ?>) value);
        }
        return record;
    }

    // ------------------------------------------------------------------ Struct envelopes

    private StructPlan compile(Schema schema) {
        EnvelopeSchema env = EnvelopeSchema.detect(schema);
        if (env == null || env.isMessage() || env.dialect() != Dialect.DEBEZIUM) {
            return StructPlan.PASS;
        }
        Field after = env.afterField();
        Field before = env.beforeField();
        ChangedFieldsDiff.StructDiff diff = after != null && before != null
                ? ChangedFieldsDiff.StructDiff.compile(after.schema(), before.schema(), null, paths, fieldName)
                : null;
        if (fieldName == null) {
            return new StructPlan(env, diff, null, null);
        }
        String problem = collision(after, fieldName);
        if (problem == null) {
            problem = collision(before, fieldName);
        }
        return problem != null ? new StructPlan(env, diff, null, problem)
                : new StructPlan(env, diff, EnvelopeOutput.compile(env, fieldName), null);
    }

    /** Why the row of {@code image} cannot take the field, or null if it can. */
    private static String collision(Field image, String name) {
        if (image == null) {
            return null;
        }
        Field existing = image.schema().field(name);
        if (existing == null || isNamesField(existing.schema())) {
            return null;
        }
        return "changed.field.name names an existing field of the " + image.name() + " row of type "
                + existing.schema().type() + "; it must be absent or an optional array of strings";
    }

    private static boolean isNamesField(Schema s) {
        return s.type() == Schema.Type.ARRAY && s.isOptional() && s.valueSchema().type() == Schema.Type.STRING;
    }

    private R applyStruct(R record, Struct envelope) {
        StructPlan plan = plans.get(envelope.schema(), compiler);
        if (plan.envelope == null) {
            return record;
        }
        if (plan.problem != null) {
            throw dataError(record, fieldName, plan.problem);
        }
        List<String> changed = null;
        List<String> unchanged = null;
        if (plan.diff != null) {
            Object after = raw(envelope, plan.envelope.afterField());
            Object before = raw(envelope, plan.envelope.beforeField());
            if (after != null && before != null) {
                changed = wantChanged ? new ArrayList<>() : null;
                unchanged = wantUnchanged ? new ArrayList<>() : null;
                plan.diff.diff((Struct) after, (Struct) before, placeholder, changed, unchanged);
            }
        }
        boolean compared = changed != null || unchanged != null;
        Headers headers = headers(record, compared, changed, unchanged);
        if (plan.output == null) {
            return Records.with(record, record.topic(), record.keySchema(), record.key(), record.valueSchema(),
                    envelope, headers);
        }
        Struct out = plan.output.build(envelope, compared ? Collections.unmodifiableList(changed) : null);
        return Records.with(record, record.topic(), record.keySchema(), record.key(), plan.output.schema, out,
                headers);
    }

    private Headers headers(R record, boolean compared, List<String> changed, List<String> unchanged) {
        Headers headers = record.headers().duplicate();
        if (headerChanged != null) {
            headers.add(headerChanged, compared ? Collections.unmodifiableList(changed) : List.of(), changedSchema);
        }
        if (headerUnchanged != null) {
            headers.add(headerUnchanged, compared ? Collections.unmodifiableList(unchanged) : List.of(),
                    unchangedSchema);
        }
        return headers;
    }

    /** A field's value as stored: a null is not replaced by the field's default. */
    static Object raw(Struct struct, Field field) {
        if (field == null) {
            return null;
        }
        return field.schema().defaultValue() == null ? struct.get(field) : struct.getWithoutDefault(field.name());
    }

    /** What is done with the events of one value schema. */
    private static final class StructPlan {
        static final StructPlan PASS = new StructPlan(null, null, null, null);

        /** The envelope, or null: records of this schema pass through. */
        final EnvelopeSchema envelope;
        /** The compiled comparison, or null when the schema lacks an image. */
        final ChangedFieldsDiff.StructDiff diff;
        /** The output envelope with the changed-names field, or null when none is added. */
        final EnvelopeOutput output;
        /** Why records of this schema cannot be handled, or null. */
        final String problem;

        StructPlan(EnvelopeSchema envelope, ChangedFieldsDiff.StructDiff diff, EnvelopeOutput output, String problem) {
            this.envelope = envelope;
            this.diff = diff;
            this.output = output;
            this.problem = problem;
        }
    }

    /** The envelope schema with the changed-names field in its row schemas, and the copy into it. */
    private static final class EnvelopeOutput {
        final Schema schema;
        private final Field[] in;
        private final Field[] out;
        private final int afterIndex;
        private final int beforeIndex;
        private final RowCopy afterRow;
        private final RowCopy beforeRow;

        private EnvelopeOutput(Schema schema, Field[] in, Field[] out, int afterIndex, int beforeIndex,
                               RowCopy afterRow, RowCopy beforeRow) {
            this.schema = schema;
            this.in = in;
            this.out = out;
            this.afterIndex = afterIndex;
            this.beforeIndex = beforeIndex;
            this.afterRow = afterRow;
            this.beforeRow = beforeRow;
        }

        static EnvelopeOutput compile(EnvelopeSchema env, String name) {
            Schema source = env.schema();
            Field afterField = env.afterField();
            Field beforeField = env.beforeField();
            RowCopy afterRow = afterField == null ? null : RowCopy.compile(afterField.schema(), name);
            RowCopy beforeRow = beforeField == null ? null
                    : afterRow != null && beforeField.schema().equals(afterField.schema()) ? afterRow
                    : RowCopy.compile(beforeField.schema(), name);
            SchemaBuilder b = SchemaCopy.copyMetadata(source, SchemaBuilder.struct());
            for (Field f : source.fields()) {
                Schema s = f.schema();
                if (afterField != null && f.index() == afterField.index()) {
                    s = afterRow.schema;
                } else if (beforeField != null && f.index() == beforeField.index()) {
                    s = beforeRow.schema;
                }
                b.field(f.name(), s);
            }
            Schema schema = SchemaCopy.finish(source, b, false);
            Field[] in = source.fields().toArray(new Field[0]);
            Field[] out = schema.fields().toArray(new Field[0]);
            return new EnvelopeOutput(schema, in, out, afterField == null ? -1 : afterField.index(),
                    beforeField == null ? -1 : beforeField.index(), afterRow, beforeRow);
        }

        Struct build(Struct envelope, List<String> changed) {
            Struct o = new Struct(schema);
            for (int i = 0; i < in.length; i++) {
                Object v = RowCopy.read(envelope, in[i]);
                if (v != null) {
                    if (i == afterIndex) {
                        v = afterRow.copy((Struct) v, changed);
                    } else if (i == beforeIndex) {
                        v = beforeRow.copy((Struct) v, null);
                    }
                }
                o.put(out[i], v);
            }
            return o;
        }
    }

    /** A row schema with the changed-names field, and the copy of a row into it. */
    private static final class RowCopy {
        final Schema schema;
        private final Field[] in;
        private final Field[] out;
        private final Field target;

        private RowCopy(Schema schema, Field[] in, Field[] out, Field target) {
            this.schema = schema;
            this.in = in;
            this.out = out;
            this.target = target;
        }

        static RowCopy compile(Schema row, String name) {
            Schema schema;
            if (row.field(name) != null) {
                schema = row; // already there (an optional array of strings): overwritten
            } else {
                SchemaBuilder b = SchemaCopy.structWithFields(row);
                b.field(name, SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build());
                schema = SchemaCopy.finish(row, b, false);
            }
            List<Field> in = new ArrayList<>();
            List<Field> out = new ArrayList<>();
            for (Field f : row.fields()) {
                if (!f.name().equals(name)) {
                    in.add(f);
                    out.add(schema.field(f.name()));
                }
            }
            return new RowCopy(schema, in.toArray(new Field[0]), out.toArray(new Field[0]), schema.field(name));
        }

        /**
         * Reads a field for copying: raw (null stays null) where the field may hold null; a
         * required field is read with its default, since null cannot be written into it.
         */
        static Object read(Struct s, Field f) {
            Schema schema = f.schema();
            return schema.isOptional() && schema.defaultValue() != null ? s.getWithoutDefault(f.name()) : s.get(f);
        }

        Struct copy(Struct row, List<String> names) {
            Struct o = new Struct(schema);
            for (int i = 0; i < in.length; i++) {
                o.put(out[i], read(row, in[i]));
            }
            o.put(target, names);
            return o;
        }
    }

    // ------------------------------------------------------------------ schemaless envelopes

    private R applyMap(R record, Map<?, ?> value) {
        ChangeEvent ev = ChangeEvents.detect(value);
        if (ev == null || ev.dialect() != Dialect.DEBEZIUM || ev.op() == Operation.MESSAGE) {
            return record;
        }
        Object after = ev.after();
        Object before = ev.before();
        List<String> changed = null;
        List<String> unchanged = null;
        if (after instanceof Map && before instanceof Map) {
            changed = wantChanged ? new ArrayList<>() : null;
            unchanged = wantUnchanged ? new ArrayList<>() : null;
            ChangedFieldsDiff.diffMaps((Map<?, ?>) after, (Map<?, ?>) before, null, paths, fieldName, placeholder,
                    changed, unchanged);
        }
        boolean compared = changed != null || unchanged != null;
        Headers headers = headers(record, compared, changed, unchanged);
        Object out = value;
        if (fieldName != null) {
            Map<Object, Object> envelope = new LinkedHashMap<>(value);
            if (after instanceof Map) {
                envelope.put(ChangeEvents.FIELD_AFTER, withNames(record, (Map<?, ?>) after, "after",
                        compared ? Collections.unmodifiableList(changed) : null));
            }
            if (before instanceof Map) {
                envelope.put(ChangeEvents.FIELD_BEFORE, withNames(record, (Map<?, ?>) before, "before", null));
            }
            out = envelope;
        }
        return Records.with(record, record.topic(), record.keySchema(), record.key(), record.valueSchema(), out,
                headers);
    }

    private Map<Object, Object> withNames(R record, Map<?, ?> row, String image, List<String> names) {
        Object existing = row.get(fieldName);
        if (existing != null && !(existing instanceof List)) {
            throw dataError(record, image + "." + fieldName, "changed.field.name names an existing field of the "
                    + image + " row holding " + existing.getClass().getSimpleName()
                    + "; it must be absent or a list of strings");
        }
        Map<Object, Object> copy = new LinkedHashMap<>(row);
        copy.put(fieldName, names);
        return copy;
    }
}
