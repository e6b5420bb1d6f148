package io.cdckit.smt.unwrap;

import io.cdckit.core.cache.PlanCache;
import io.cdckit.core.cdc.ChangeEvent;
import io.cdckit.core.cdc.ChangeEventDetector;
import io.cdckit.core.cdc.Dialect;
import io.cdckit.core.cdc.EnvelopeSchema;
import io.cdckit.core.cdc.Operation;
import io.cdckit.core.config.ConfigKeys;
import io.cdckit.core.config.ConfigValue;
import io.cdckit.core.config.TransformConfig;
import io.cdckit.core.config.Validators;
import io.cdckit.core.path.FieldPath;
import io.cdckit.core.path.FieldPathException;
import io.cdckit.core.record.Records;
import io.cdckit.core.record.Side;
import io.cdckit.core.row.EnvelopeMode;
import io.cdckit.core.row.Image;
import io.cdckit.core.row.RowPlan;
import io.cdckit.core.row.RowRewrite;
import io.cdckit.core.transform.CdcTransform;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Headers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * Compares the {@code before} and {@code after} images of Debezium change events and writes the
 * names of the changed and unchanged fields into headers: a drop-in for Debezium's
 * {@code io.debezium.transforms.ExtractChangedRecordState} (same option names, defaults, header
 * values and header schemas) that also compares schemaless envelopes, can report fields inside
 * struct columns as dotted paths, can put the changed names into the row itself, and does not
 * report unchanged PostgreSQL TOAST columns as changed. The options and what each event gets are in
 * the ConfigDef below and README ("ChangedFields").
 *
 * <p>The comparison ({@link ChangedFieldsDiff}) is compiled once per row schema; the
 * {@value #CHANGED_FIELD_NAME} field is added to both row images by the kernel's row plan in row
 * scope, so the envelope keeps its name and fields and both images keep one row schema. Only
 * relational Debezium envelopes are compared; everything else passes through unchanged.
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
        FLAT,
        /** Fields inside struct columns are compared and reported as dotted paths. */
        PATHS
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
            .rule(values -> values.isSet(HEADER_CHANGED_NAME) || values.isSet(HEADER_UNCHANGED_NAME)
                    || values.isSet(CHANGED_FIELD_NAME) ? null
                    : "nothing to do: set " + HEADER_CHANGED_NAME + ", " + HEADER_UNCHANGED_NAME + " or "
                    + CHANGED_FIELD_NAME)
            .string(HEADER_UNCHANGED_NAME, null, "The name of the header that receives the names of the fields "
                    + "whose values are the same in both images, same format and rules as header.changed.name. "
                    + "Give it to Unwrap's drop.fields.header.name to keep only changed fields. Unset: no such "
                    + "header.")
            .validator(Validators.nonBlank())
            .importance(ConfigDef.Importance.HIGH)
            .rule(values -> values.get(HEADER_UNCHANGED_NAME) == null
                    || !values.get(HEADER_UNCHANGED_NAME).equals(values.get(HEADER_CHANGED_NAME)) ? null
                    : "a header name other than " + HEADER_CHANGED_NAME + "'s, so that the two lists can be told apart")
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
    private ChangeEventDetector events;
    /** The comparison per envelope schema; null for a schema without both images. */
    private PlanCache<Schema, ChangedFieldsDiff.StructDiff> diffs;
    /** Adds {@value #CHANGED_FIELD_NAME} to both images; null when unset. */
    private RowRewrite names;

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    protected void configure(TransformConfig config) {
        headerChanged = config.getString(HEADER_CHANGED_NAME);
        headerUnchanged = config.getString(HEADER_UNCHANGED_NAME);
        fieldName = config.getString(CHANGED_FIELD_NAME);
        // Debezium's header schemas: an optional array of optional strings, named like the header.
        changedSchema = headerChanged == null ? null : headerSchema(headerChanged);
        unchangedSchema = headerUnchanged == null ? null : headerSchema(headerUnchanged);
        paths = config.getEnum(NESTED_MODE, NestedMode.class) == NestedMode.PATHS;
        String ph = config.getString(UNAVAILABLE_VALUE_PLACEHOLDER);
        placeholder = ph == null || ph.isEmpty() ? null : new ChangedFieldsDiff.Placeholder(ph);
        wantChanged = headerChanged != null || fieldName != null;
        wantUnchanged = headerUnchanged != null;
        events = ChangeEventDetector.of(EnumSet.of(Dialect.DEBEZIUM), schemaCacheSize());
        diffs = planCache(this::compile);
        names = fieldName == null ? null : measured(RowRewrite.of(RowPlan.builder()
                .set(FieldPath.literal(fieldName), NAMES_SCHEMA,
                        context -> context.image() == Image.AFTER ? context.argument() : null)
                .build(), EnvelopeMode.ROW, schemaCacheSize()));
    }

    /** The schema of the changed-names field: an optional array of strings. */
    private static final Schema NAMES_SCHEMA = SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build();

    private static Schema headerSchema(String name) {
        return SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).optional().name(name).build();
    }

    @Override
    protected R transform(R record) {
        Object value = record.value();
        ChangeEvent event = events.detect(record.valueSchema(), value);
        if (event == null) {
            Schema schema = record.valueSchema();
            if (value != null && !(value instanceof Struct) && events.envelope(schema) != null) {
                throw dataError(record, null, "the value of a change event with envelope schema '" + schema.name()
                        + "' must be a Struct, got " + value.getClass().getSimpleName());
            }
            return record; // tombstones, heartbeats, MongoDB and Maxwell events, plain rows
        }
        if (event.op() == Operation.MESSAGE) {
            return record;
        }
        Object after = event.after();
        Object before = event.before();
        List<String> changed = null;
        List<String> unchanged = null;
        if (after != null && before != null) {
            changed = wantChanged ? new ArrayList<>() : null;
            unchanged = wantUnchanged ? new ArrayList<>() : null;
            compare(record, event, after, before, changed, unchanged);
        }
        boolean compared = changed != null || unchanged != null;
        Headers headers = headers(record, compared, changed, unchanged);
        if (names == null) {
            return Records.withHeaders(record, headers);
        }
        if (event.isSchemaless()) {
            checkNamesKey(record, after, "after");
            checkNamesKey(record, before, "before");
        } else if (!compared) {
            diffs.get(event.schema()); // its compile checks the field, for events without both images too
        }
        return names.apply(record, Side.VALUE, compared ? Collections.unmodifiableList(changed) : null, headers);
    }

    private void compare(R record, ChangeEvent event, Object after, Object before,
                         List<String> changed, List<String> unchanged) {
        if (event.isSchemaless()) {
            if (after instanceof Map && before instanceof Map) {
                ChangedFieldsDiff.diffMaps((Map<?, ?>) after, (Map<?, ?>) before, null, paths, fieldName, placeholder,
                        changed, unchanged);
            }
            return;
        }
        ChangedFieldsDiff.StructDiff diff = diffs.get(event.schema());
        if (diff != null) {
            diff.diff(after, before, placeholder, changed, unchanged);
        }
    }

    /** The comparison of one envelope schema's images, after checking that the images can take the names field. */
    private ChangedFieldsDiff.StructDiff compile(Schema schema) {
        EnvelopeSchema env = events.envelope(schema);
        Field after = env.afterField();
        Field before = env.beforeField();
        if (fieldName != null) {
            checkNamesField(after);
            checkNamesField(before);
        }
        return after != null && before != null
                ? ChangedFieldsDiff.StructDiff.compile(after.schema(), before.schema(), null, paths, fieldName)
                : null;
    }

    /** Rejects an existing field of the changed-names field's name that is not an optional array of strings. */
    private void checkNamesField(Field image) {
        Field existing = image == null ? null : image.schema().field(fieldName);
        Schema s = existing == null ? null : existing.schema();
        if (s != null && !(s.type() == Schema.Type.ARRAY && s.isOptional() && s.valueSchema().type() == Schema.Type.STRING)) {
            throw new FieldPathException(fieldName, "changed.field.name names an existing field of the " + image.name()
                    + " row of type " + s.type() + "; it must be absent or an optional array of strings", null);
        }
    }

    private void checkNamesKey(R record, Object row, String image) {
        Object existing = row instanceof Map ? ((Map<?, ?>) row).get(fieldName) : null;
        if (existing != null && !(existing instanceof List)) {
            throw dataError(record, image + "." + fieldName, "changed.field.name names an existing field of the "
                    + image + " row holding " + existing.getClass().getSimpleName()
                    + "; it must be absent or a list of strings");
        }
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
}
