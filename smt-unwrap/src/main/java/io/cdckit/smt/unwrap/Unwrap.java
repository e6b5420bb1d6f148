package io.cdckit.smt.unwrap;

import io.cdckit.core.cache.PlanCache;
import io.cdckit.core.cdc.ChangeEvent;
import io.cdckit.core.cdc.ChangeEvents;
import io.cdckit.core.cdc.EnvelopeSchema;
import io.cdckit.core.cdc.Operation;
import io.cdckit.core.config.ConfigKeys;
import io.cdckit.core.config.TransformConfig;
import io.cdckit.core.record.Records;
import io.cdckit.core.transform.CdcTransform;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Unwraps change-data-capture envelopes into the row they carry: a drop-in for Debezium's
 * {@code io.debezium.transforms.ExtractNewRecordState} (same option names, defaults and output),
 * that also unwraps schemaless Debezium envelopes and Maxwell's JSON, can keep truncate events,
 * adds headers to the output record only, and warns about {@code add.fields} entries a schema does
 * not have.
 *
 * <p>Records that are not change events (heartbeats, schema-change events, transaction metadata,
 * logical-decoding messages, rows without an envelope) pass through unchanged. A record with a
 * null value counts as a tombstone, as in Debezium.
 *
 * @param <R> the record type
 */
public class Unwrap<R extends ConnectRecord<R>> extends CdcTransform<R> {

    private static final Logger LOG = LoggerFactory.getLogger(Unwrap.class);

    public static final String DELETE_TOMBSTONE_HANDLING_MODE = "delete.tombstone.handling.mode";
    public static final String DROP_TOMBSTONES = "drop.tombstones";
    public static final String DELETE_HANDLING_MODE = "delete.handling.mode";
    public static final String ADD_FIELDS = "add.fields";
    public static final String ADD_FIELDS_PREFIX = "add.fields.prefix";
    public static final String ADD_HEADERS = "add.headers";
    public static final String ADD_HEADERS_PREFIX = "add.headers.prefix";
    public static final String ROUTE_BY_FIELD = "route.by.field";
    public static final String DROP_FIELDS_HEADER_NAME = "drop.fields.header.name";
    public static final String DROP_FIELDS_FROM_KEY = "drop.fields.from.key";
    public static final String DROP_FIELDS_KEEP_SCHEMA_COMPATIBLE = "drop.fields.keep.schema.compatible";
    public static final String REPLACE_NULL_WITH_DEFAULT = "replace.null.with.default";
    public static final String TRUNCATE_HANDLING_MODE = "truncate.handling.mode";
    public static final String ENVELOPE_DIALECT = "envelope.dialect";
    public static final String SCHEMA_CACHE_SIZE = "schema.cache.size";

    public static final ConfigDef CONFIG_DEF = ConfigKeys.define()
            .choice(DELETE_TOMBSTONE_HANDLING_MODE, DeleteHandling.class, DeleteHandling.TOMBSTONE,
                    "How delete events and tombstones are handled. drop: both are dropped. tombstone: a delete "
                    + "becomes a record with a null value that keeps the row's value schema; tombstones are dropped. "
                    + "rewrite: a delete becomes its before-image with __deleted=true (other rows get "
                    + "__deleted=false); tombstones are dropped. rewrite-with-tombstone: as rewrite, tombstones kept. "
                    + "delete-to-tombstone: a delete becomes a tombstone (null value and schema); tombstones are "
                    + "dropped. delete-and-tombstone (cdckit): as tombstone, and tombstones are kept. "
                    + "tombstone-only (cdckit): deletes are dropped, tombstones kept.")
            .importance(ConfigDef.Importance.HIGH)
            .optionalBool(DROP_TOMBSTONES, "Legacy (Debezium before 3.2): whether tombstones are dropped. "
                    + "Used with delete.handling.mode when delete.tombstone.handling.mode is not set; default true.")
            .importance(ConfigDef.Importance.LOW)
            .choice(DELETE_HANDLING_MODE, LegacyDeleteHandling.class, null,
                    "Legacy (Debezium before 3.2): drop, rewrite or none (keep the delete as a null value). "
                    + "Mapped with drop.tombstones to delete.tombstone.handling.mode; default drop.")
            .importance(ConfigDef.Importance.LOW)
            .list(ADD_FIELDS, "Envelope fields to add to the row, as [struct.]field[:newName], e.g. "
                    + "op,source.ts_ms,table. Unqualified op, ts_ms, ts_us, ts_ns are top-level; id, total_order, "
                    + "data_collection_order come from the transaction block; anything else from source. "
                    + "Added fields are optional. An entry a schema lacks is skipped with a warning.")
            .validator(MetadataField.VALIDATOR)
            .string(ADD_FIELDS_PREFIX, "__", "Prefix of the names of added fields.")
            .list(ADD_HEADERS, "Envelope fields to add as headers of the output record, same syntax as add.fields. "
                    + "A tombstone gets only the op header, with value d.")
            .validator(MetadataField.VALIDATOR)
            .string(ADD_HEADERS_PREFIX, "__", "Prefix of the names of added headers.")
            .string(ROUTE_BY_FIELD, "", "A string column of the row whose value becomes the record's topic "
                    + "(the before-image's for deletes). Empty: no routing.")
            .string(DROP_FIELDS_HEADER_NAME, null, "The name of a header holding a list of field names to remove "
                    + "from the value (as written by ChangedFields or Debezium's ExtractChangedRecordState).")
            .importance(ConfigDef.Importance.LOW)
            .bool(DROP_FIELDS_FROM_KEY, false, "Whether drop.fields.header.name also removes the fields from the key.")
            .importance(ConfigDef.Importance.LOW)
            .bool(DROP_FIELDS_KEEP_SCHEMA_COMPATIBLE, true, "Whether only optional fields are removed by "
                    + "drop.fields.header.name, so that the schema stays compatible.")
            .importance(ConfigDef.Importance.LOW)
            .bool(REPLACE_NULL_WITH_DEFAULT, true, "In rewrite modes, whether a null column whose schema has a "
                    + "default is written as the default (as Debezium does).")
            .importance(ConfigDef.Importance.LOW)
            .choice(TRUNCATE_HANDLING_MODE, TruncateHandling.class, TruncateHandling.DROP,
                    "What happens to truncate events: drop (as Debezium) or keep (pass the envelope on unchanged, "
                    + "for sinks that act on truncates).")
            .choice(ENVELOPE_DIALECT, EnvelopeDialect.class, EnvelopeDialect.AUTO,
                    "Which envelopes are unwrapped: auto (Debezium, schema'd or schemaless, and Maxwell), "
                    + "debezium, or maxwell. Other records pass through.")
            .integer(SCHEMA_CACHE_SIZE, 512, 1, 1_000_000, "How many compiled schemas are kept (Debezium: fixed 64).")
            .importance(ConfigDef.Importance.LOW)
            .build();

    private DeleteHandling mode;
    private TruncateHandling truncate;
    private EnvelopeDialect dialect;
    private List<MetadataField> addFields;
    private List<MetadataField> addHeaders;
    private String routeByField;
    private String dropFieldsHeader;
    private boolean dropFromKey;
    private boolean dropKeepCompatible;
    private boolean replaceNullWithDefault;
    private PlanCache<Schema, StructPlan> plans;
    /** One compiler object, not a new method reference per record. */
    private final Function<Schema, StructPlan> compiler = this::compile;
    private FieldDropper dropper;
    private final Set<String> warnedSchemaless = ConcurrentHashMap.newKeySet();

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    protected void configure(TransformConfig config) {
        mode = resolveMode(config);
        truncate = config.getEnum(TRUNCATE_HANDLING_MODE, TruncateHandling.class);
        dialect = config.getEnum(ENVELOPE_DIALECT, EnvelopeDialect.class);
        addFields = MetadataField.parseAll(ADD_FIELDS, config.getString(ADD_FIELDS_PREFIX), config.getList(ADD_FIELDS));
        addHeaders = MetadataField.parseAll(ADD_HEADERS, config.getString(ADD_HEADERS_PREFIX),
                config.getList(ADD_HEADERS));
        String route = config.getString(ROUTE_BY_FIELD);
        routeByField = route == null || route.trim().isEmpty() ? null : route.trim();
        String drop = config.getString(DROP_FIELDS_HEADER_NAME);
        dropFieldsHeader = drop == null || drop.trim().isEmpty() ? null : drop;
        dropFromKey = config.getBoolean(DROP_FIELDS_FROM_KEY);
        dropKeepCompatible = config.getBoolean(DROP_FIELDS_KEEP_SCHEMA_COMPATIBLE);
        replaceNullWithDefault = config.getBoolean(REPLACE_NULL_WITH_DEFAULT);
        int cacheSize = config.getInt(SCHEMA_CACHE_SIZE);
        plans = new PlanCache<>(cacheSize);
        dropper = new FieldDropper(dropKeepCompatible, cacheSize);
    }

    private static DeleteHandling resolveMode(TransformConfig config) {
        Map<String, Object> set = config.originals();
        boolean newKey = set.get(DELETE_TOMBSTONE_HANDLING_MODE) != null;
        boolean legacy = set.get(DROP_TOMBSTONES) != null || set.get(DELETE_HANDLING_MODE) != null;
        if (newKey && legacy) {
            String legacyKey = set.get(DELETE_HANDLING_MODE) != null ? DELETE_HANDLING_MODE : DROP_TOMBSTONES;
            throw new ConfigException(DELETE_TOMBSTONE_HANDLING_MODE, set.get(DELETE_TOMBSTONE_HANDLING_MODE),
                    "cannot be combined with the legacy " + legacyKey + "; use only " + DELETE_TOMBSTONE_HANDLING_MODE);
        }
        if (legacy) {
            LegacyDeleteHandling legacyMode = config.getEnum(DELETE_HANDLING_MODE, LegacyDeleteHandling.class);
            Boolean dropTombstones = config.getBoolean(DROP_TOMBSTONES);
            DeleteHandling mapped = (legacyMode == null ? LegacyDeleteHandling.DROP : legacyMode)
                    .toMode(dropTombstones == null || dropTombstones);
            LOG.info("Unwrap: legacy {}/{} mapped to {}={}", DELETE_HANDLING_MODE, DROP_TOMBSTONES,
                    DELETE_TOMBSTONE_HANDLING_MODE, mapped.configValue());
            return mapped;
        }
        return config.getEnum(DELETE_TOMBSTONE_HANDLING_MODE, DeleteHandling.class);
    }

    /** The delete handling in effect (after mapping legacy options). */
    public DeleteHandling deleteHandling() {
        return mode;
    }

    @Override
    public R apply(R record) {
        Object value = record.value();
        if (value == null) {
            return tombstone(record);
        }
        Schema schema = record.valueSchema();
        if (schema != null) {
            if (!(value instanceof Struct)) {
                return record;
            }
            StructPlan plan = plans.get(schema, compiler);
            return plan.envelope == null ? record : applyStruct(record, (Struct) value, plan);
        }
        if (value instanceof Map) {
            return applyMap(record, (Map<?, ?>) value);
        }
        return record;
    }

    // ------------------------------------------------------------------ tombstones

    private R tombstone(R record) {
        if (!mode.keepsTombstones()) {
            return null;
        }
        Headers headers = null;
        for (MetadataField h : addHeaders) {
            if (h.isOp()) {
                if (headers == null) {
                    headers = record.headers().duplicate();
                }
                headers.addString(h.outputName, "d");
            }
        }
        return headers == null ? record : Records.with(record, record.topic(), record.keySchema(), record.key(),
                record.valueSchema(), record.value(), headers);
    }

    // ------------------------------------------------------------------ Struct envelopes

    private StructPlan compile(Schema schema) {
        EnvelopeSchema env = dialect.debezium() ? EnvelopeSchema.detect(schema) : null;
        if (env == null || env.isMessage()) {
            return StructPlan.PASS;
        }
        return new StructPlan(env, mode, replaceNullWithDefault, resolveAll(schema, addFields, ADD_FIELDS),
                resolveAll(schema, addHeaders, ADD_HEADERS), routeByField);
    }

    private static List<MetadataField.Resolved> resolveAll(Schema schema, List<MetadataField> fields, String key) {
        List<MetadataField.Resolved> out = new ArrayList<>(fields.size());
        for (MetadataField f : fields) {
            MetadataField.Resolved r = f.resolve(schema);
            if (r == null) {
                LOG.warn("Unwrap: {} entry '{}' is not in envelope schema '{}'; it is skipped for this schema",
                        key, f.entry, schema.name());
            } else {
                out.add(r);
            }
        }
        return out;
    }

    private R applyStruct(R record, Struct envelope, StructPlan plan) {
        Object after = plan.afterField == null ? null : envelope.get(plan.afterField);
        Object before = plan.beforeField == null ? null : envelope.get(plan.beforeField);
        Headers headers = plan.headers.length == 0 ? null : plan.headers(record, envelope);
        if (after == null && before == null) {
            if (truncate == TruncateHandling.KEEP && "t".equals(plan.opCode(envelope))) {
                return headers == null ? record : Records.with(record, record.topic(), record.keySchema(),
                        record.key(), record.valueSchema(), envelope, headers);
            }
            return null;
        }
        if (after != null) {
            Schema schema;
            Object value;
            if (after instanceof Struct && plan.afterOut != null) {
                schema = plan.afterOut.schema;
                value = plan.afterOut.build((Struct) after, envelope, mode.rewrites() ? "false" : null);
            } else {
                schema = plan.afterField.schema();
                value = after;
            }
            String topic = record.topic();
            if (routeByField != null) {
                topic = route(record, after, plan.routeAfter, "after", topic);
            }
            R out = Records.with(record, topic, record.keySchema(), record.key(), schema, value,
                    headers != null ? headers : record.headers().duplicate());
            return dropFieldsHeader == null ? out : dropFields(out, null);
        }
        // a delete
        Schema schema;
        Object value;
        switch (mode) {
            case DROP:
            case TOMBSTONE_ONLY:
                return null;
            case DELETE_TO_TOMBSTONE:
                schema = null;
                value = null;
                break;
            case TOMBSTONE:
            case DELETE_AND_TOMBSTONE:
                schema = plan.afterField == null ? plan.beforeField.schema() : plan.afterField.schema();
                value = null;
                break;
            default: // rewrite modes
                if (before instanceof Struct && plan.beforeOut != null) {
                    schema = plan.beforeOut.schema;
                    value = plan.beforeOut.build((Struct) before, envelope, "true");
                } else {
                    schema = plan.beforeField.schema();
                    value = before;
                }
        }
        String topic = record.topic();
        if (routeByField != null) {
            topic = route(record, before, plan.routeBefore, "before", topic);
        }
        R out = Records.with(record, topic, record.keySchema(), record.key(), schema, value,
                headers != null ? headers : record.headers().duplicate());
        return dropFieldsHeader == null ? out : dropFields(out, plan.addedNames);
    }

    private String route(R record, Object row, Field field, String image, String topic) {
        if (!(row instanceof Struct)) {
            throw dataError(record, routeByField, "route.by.field needs a struct " + image + " image");
        }
        Struct s = (Struct) row;
        Object v;
        if (field != null) {
            v = s.get(field);
        } else if (RowOutput.DELETED_FIELD.equals(routeByField) && mode.rewrites()) {
            v = "before".equals(image) ? "true" : "false";
        } else {
            throw dataError(record, routeByField, "route.by.field names no field of the " + image + " image "
                    + (s.schema().name() == null ? "" : "'" + s.schema().name() + "' ") + "(fields: "
                    + RowOutput.names(s.schema()) + ")");
        }
        if (v != null && !(v instanceof String)) {
            throw dataError(record, routeByField, "route.by.field must be a string column, not "
                    + field.schema().type());
        }
        String t = (String) v;
        return t == null || t.trim().isEmpty() ? topic : t;
    }

    private R dropFields(R record, Set<String> protectedNames) {
        Header header = null;
        for (Header h : record.headers()) {
            if (h.key().equals(dropFieldsHeader)) {
                header = h;
                break;
            }
        }
        if (header == null || header.value() == null) {
            return record;
        }
        if (!(header.value() instanceof List)) {
            throw dataError(record, null, "header '" + dropFieldsHeader + "' (drop.fields.header.name) must hold a "
                    + "list of field names, not " + header.value().getClass().getSimpleName());
        }
        List<?> names = (List<?>) header.value();
        if (names.isEmpty()) {
            return record;
        }
        List<String> list = new ArrayList<>(names.size());
        for (Object o : names) {
            if (o != null && (protectedNames == null || !protectedNames.contains(o.toString()))) {
                list.add(o.toString());
            }
        }
        Schema keySchema = record.keySchema();
        Object key = record.key();
        if (dropFromKey && key != null) {
            FieldDropper.Result k = dropper.drop(keySchema, key, list);
            keySchema = k.schema;
            key = k.value;
        }
        FieldDropper.Result v = dropper.drop(record.valueSchema(), record.value(), list);
        if (key == record.key() && v.value == record.value() && v.schema == record.valueSchema()) {
            return record;
        }
        return Records.with(record, record.topic(), keySchema, key, v.schema, v.value, record.headers());
    }

    // ------------------------------------------------------------------ schemaless envelopes

    private R applyMap(R record, Map<?, ?> value) {
        if (dialect.debezium()) {
            ChangeEvent ev = ChangeEvents.detect(value);
            if (ev != null && ev.opCode() != null && ev.op() != Operation.MESSAGE) {
                Object after = ev.after();
                Object before = ev.before();
                Headers headers = addHeaders.isEmpty() ? null
                        : mapHeaders(record, value, null);
                if (after == null && before == null) {
                    if (truncate == TruncateHandling.KEEP && "t".equals(ev.opCode())) {
                        return headers == null ? record : Records.with(record, record.topic(), record.keySchema(),
                                record.key(), null, value, headers);
                    }
                    return null;
                }
                return mapRow(record, after, before, headers, value, null);
            }
        }
        if (dialect.maxwell()) {
            String op = Maxwell.opCode(value);
            if (op != null) {
                Map<?, ?> data = Maxwell.data(value);
                boolean delete = "d".equals(op);
                Headers headers = addHeaders.isEmpty() ? null : mapHeaders(record, value, op);
                return mapRow(record, delete ? null : data, delete ? data : null, headers, value, op);
            }
        }
        return record;
    }

    /** An add.fields/add.headers entry of a schemaless envelope: Maxwell's when {@code maxwellOp} is set, else Debezium's. */
    private static Object readMetadata(MetadataField f, Map<?, ?> envelope, String maxwellOp) {
        return maxwellOp != null ? Maxwell.read(envelope, f, maxwellOp) : f.read(envelope);
    }

    private Headers mapHeaders(R record, Map<?, ?> envelope, String maxwellOp) {
        Headers headers = record.headers().duplicate();
        for (MetadataField f : addHeaders) {
            Object v = readMetadata(f, envelope, maxwellOp);
            if (v == MetadataField.MISSING) {
                warnSchemaless(ADD_HEADERS, f);
            } else {
                headers.add(f.outputName, v, null);
            }
        }
        return headers;
    }

    private R mapRow(R record, Object after, Object before, Headers headers,
                     Map<?, ?> envelope, String maxwellOp) {
        Object value;
        Object row;
        String image;
        boolean delete = after == null;
        if (!delete) {
            row = after;
            image = "after";
            value = mapOutput(after, mode.rewrites() ? "false" : null, envelope, maxwellOp);
        } else {
            row = before;
            image = "before";
            switch (mode) {
                case DROP:
                case TOMBSTONE_ONLY:
                    return null;
                case DELETE_TO_TOMBSTONE:
                case TOMBSTONE:
                case DELETE_AND_TOMBSTONE:
                    value = null;
                    break;
                default:
                    value = mapOutput(before, "true", envelope, maxwellOp);
            }
        }
        String topic = record.topic();
        if (routeByField != null) {
            if (!(row instanceof Map)) {
                throw dataError(record, routeByField, "route.by.field needs a map " + image + " image");
            }
            Object t = ((Map<?, ?>) row).get(routeByField);
            if (t != null && !(t instanceof String)) {
                throw dataError(record, routeByField, "route.by.field must be a string, not "
                        + t.getClass().getSimpleName());
            }
            if (t != null && !((String) t).trim().isEmpty()) {
                topic = (String) t;
            }
        }
        R out = Records.with(record, topic, record.keySchema(), record.key(), null, value,
                headers != null ? headers : record.headers().duplicate());
        return dropFieldsHeader == null ? out : dropFields(out, null);
    }

    private Object mapOutput(Object row, String deleted, Map<?, ?> envelope, String maxwellOp) {
        if (!(row instanceof Map)) {
            return row; // e.g. MongoDB's JSON text
        }
        if (deleted == null && addFields.isEmpty()) {
            return row; // shared, never mutated
        }
        Map<Object, Object> out = new LinkedHashMap<>((Map<?, ?>) row);
        if (deleted != null) {
            out.put(RowOutput.DELETED_FIELD, deleted);
        }
        for (MetadataField f : addFields) {
            Object v = readMetadata(f, envelope, maxwellOp);
            if (v == MetadataField.MISSING) {
                warnSchemaless(ADD_FIELDS, f);
            } else {
                out.put(f.outputName, v);
            }
        }
        return out;
    }

    private void warnSchemaless(String key, MetadataField f) {
        if (warnedSchemaless.add(key + ":" + f.entry)) {
            LOG.warn("Unwrap: {} entry '{}' is not in a schemaless envelope; it is skipped where missing", key, f.entry);
        }
    }

    /** The compiled handling of one envelope schema. */
    static final class StructPlan {
        static final StructPlan PASS = new StructPlan();

        final EnvelopeSchema envelope;
        final Field afterField;
        final Field beforeField;
        final RowOutput afterOut;
        final RowOutput beforeOut;
        final MetadataField.Resolved[] headers;
        final Field routeAfter;
        final Field routeBefore;
        final Set<String> addedNames;

        private StructPlan() {
            envelope = null;
            afterField = null;
            beforeField = null;
            afterOut = null;
            beforeOut = null;
            headers = new MetadataField.Resolved[0];
            routeAfter = null;
            routeBefore = null;
            addedNames = Set.of();
        }

        StructPlan(EnvelopeSchema env, DeleteHandling mode, boolean replaceNullWithDefault,
                   List<MetadataField.Resolved> added, List<MetadataField.Resolved> headers, String routeByField) {
            this.envelope = env;
            this.afterField = env.afterField();
            this.beforeField = env.beforeField();
            Schema afterSchema = afterField == null ? null : afterField.schema();
            Schema beforeSchema = beforeField == null ? null : beforeField.schema();
            boolean rewrite = mode.rewrites();
            this.afterOut = afterSchema != null && afterSchema.type() == Schema.Type.STRUCT
                    ? new RowOutput(afterSchema, rewrite, rewrite && replaceNullWithDefault, added) : null;
            this.beforeOut = rewrite && beforeSchema != null && beforeSchema.type() == Schema.Type.STRUCT
                    ? new RowOutput(beforeSchema, true, replaceNullWithDefault, added) : null;
            this.headers = headers.toArray(new MetadataField.Resolved[0]);
            this.routeAfter = routeByField == null || afterSchema == null || afterSchema.type() != Schema.Type.STRUCT
                    ? null : afterSchema.field(routeByField);
            this.routeBefore = routeByField == null || beforeSchema == null
                    || beforeSchema.type() != Schema.Type.STRUCT ? null : beforeSchema.field(routeByField);
            Set<String> names = new HashSet<>();
            for (MetadataField.Resolved r : added) {
                names.add(r.spec.outputName);
            }
            this.addedNames = Set.copyOf(names);
        }

        String opCode(Struct envelopeValue) {
            Object op = envelopeValue.get(envelope.opField());
            return op instanceof String ? (String) op : null;
        }

        <R extends ConnectRecord<R>> Headers headers(R record, Struct envelopeValue) {
            Headers h = record.headers().duplicate();
            for (MetadataField.Resolved r : headers) {
                h.add(r.spec.outputName, r.read(envelopeValue), r.schema);
            }
            return h;
        }
    }
}
