/*
 * Over 400 lines because it is a drop-in for Debezium's ExtractNewRecordState: a hundred lines
 * declare its options (Debezium's own, with their legacy spellings, and the other dialects'), and
 * the apply path per delete, tombstone and truncate mode, route.by.field and drop.fields.header.name
 * read best in one place. The per-schema plan (UnwrapPlan), MongoDB documents, the field dropper and
 * the flattener are already classes of their own.
 */
package io.cdckit.smt.unwrap;

import io.cdckit.core.cache.PlanCache;
import io.cdckit.core.cdc.ChangeEvent;
import io.cdckit.core.cdc.ChangeEventDetector;
import io.cdckit.core.cdc.Dialect;
import io.cdckit.core.cdc.EnvelopeSchema;
import io.cdckit.core.cdc.Operation;
import io.cdckit.core.config.ConfigKeys;
import io.cdckit.core.config.ConfigRule;
import io.cdckit.core.config.Recommenders;
import io.cdckit.core.config.TransformConfig;
import io.cdckit.core.document.ArrayEncoding;
import io.cdckit.core.document.FieldNames;
import io.cdckit.core.record.Records;
import io.cdckit.core.row.Image;
import io.cdckit.core.transform.CdcTransform;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Unwraps change-data-capture envelopes into the row they carry: a drop-in for Debezium's
 * {@code io.debezium.transforms.ExtractNewRecordState} (same option names, defaults and output),
 * that also unwraps schemaless Debezium envelopes, Maxwell's, GoldenGate's and Canal's JSON (the last
 * two schemaless and schema'd), can keep truncate events,
 * adds headers to the output record only, and warns about {@code add.fields} entries a schema does
 * not have (README: "Unwrap"). Debezium's MongoDB envelopes, whose images are JSON text, become
 * typed rows as Debezium's {@code ExtractNewDocumentState} makes them ({@link MongoDocuments}, with
 * its options {@code array.encoding}, {@code flatten.struct}, {@code field.name.adjustment.mode},
 * {@code delete.tombstone.handling.mode.rewrite-with-id}).
 *
 * <p>Over 400 lines because the ConfigDef holds the options of both of Debezium's transforms
 * (ExtractNewRecordState's and ExtractNewDocumentState's); the work is in {@link UnwrapPlan} and
 * {@link MongoDocuments}.
 *
 * <p>One rule set for every envelope: the kernel's change-event view says what the event is, the
 * rules below decide what comes out, and {@link UnwrapPlan} builds it (a Struct row through a plan
 * compiled per envelope schema, a Map row through the plan's schemaless form).
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
    public static final String CANAL_MULTI_ROW = "canal.multi.row";
    public static final String SCHEMA_CACHE_SIZE = ConfigKeys.SCHEMA_CACHE_SIZE;
    // MongoDB envelopes only (Debezium's ExtractNewDocumentState options): see MongoDocuments
    public static final String ARRAY_ENCODING = "array.encoding";
    public static final String FLATTEN_STRUCT = "flatten.struct";
    public static final String FLATTEN_STRUCT_DELIMITER = "flatten.struct.delimiter";
    public static final String FIELD_NAME_ADJUSTMENT_MODE = "field.name.adjustment.mode";
    public static final String REWRITE_WITH_ID = "delete.tombstone.handling.mode.rewrite-with-id";

    public static final ConfigDef CONFIG_DEF = ConfigKeys.define()
            .choice(DELETE_TOMBSTONE_HANDLING_MODE, DeleteHandling.class, null,
                    "How delete events and tombstones are handled (unset: tombstone, or the mapping of the legacy "
                    + "delete.handling.mode and drop.tombstones when those are set; not both). drop: both are "
                    + "dropped. tombstone: a delete "
                    + "becomes a record with a null value that keeps the row's value schema; tombstones are dropped. "
                    + "rewrite: a delete becomes its before-image with __deleted=true (other rows get "
                    + "__deleted=false); tombstones are dropped. rewrite-with-tombstone: as rewrite, tombstones kept. "
                    + "delete-to-tombstone: a delete becomes a tombstone (null value and schema); tombstones are "
                    + "dropped. delete-and-tombstone (cdckit): as tombstone, and tombstones are kept. "
                    + "tombstone-only (cdckit): deletes are dropped, tombstones kept.")
            .importance(ConfigDef.Importance.HIGH)
            .rule(Unwrap::notWithLegacyKeys)
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
                    + "Maxwell, GoldenGate and Canal events answer in these terms: op (c/u/d/r/t), ts_ms "
                    + "(Maxwell's ts, GoldenGate's op_ts, Canal's es, in ms; GoldenGate's ts_us and ts_ns: op_ts in us and ns), db and table (GoldenGate: the parts "
                    + "of its SCHEMA.TABLE, and schema), anything else the key of that name (pos, pkNames, tokens.txid). "
                    + "Added fields are optional. An entry a schema lacks is skipped with a warning.")
            .validator(MetadataField.VALIDATOR)
            .rule(values -> MetadataField.nameClash(values, ADD_FIELDS, ADD_FIELDS_PREFIX, "field",
                    modeOf(values).rewrites() ? UnwrapPlan.DELETED_FIELD : null))
            .string(ADD_FIELDS_PREFIX, "__", "Prefix of the names of added fields.")
            .list(ADD_HEADERS, "Envelope fields to add as headers of the output record, same syntax as add.fields. "
                    + "A tombstone gets only the op header, with value d.")
            .validator(MetadataField.VALIDATOR)
            .rule(values -> MetadataField.nameClash(values, ADD_HEADERS, ADD_HEADERS_PREFIX, "header", null))
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
            .list(ENVELOPE_DIALECT, Dialect.AUTO, "Which envelopes are unwrapped, as a list: auto (every dialect, "
                    + "each recognised by its full shape), or any of debezium (Debezium's relational connectors), "
                    + "mongodb (Debezium's MongoDB connector), maxwell, goldengate (Oracle GoldenGate JSON) and "
                    + "canal (Alibaba Canal JSON). Other records pass through. Entries: "
                    + String.join(", ", Dialect.selections()) + ".")
            .validator(Dialect.selectionValidator())
            .recommender(Recommenders.of(Dialect.selections()))
            .choice(CANAL_MULTI_ROW, CanalMultiRow.class, CanalMultiRow.FAIL,
                    "What a Canal message with several rows in data (one statement changing several rows) becomes: "
                    + "fail (a DataException saying so) or first (the first row; the others are not emitted). A record "
                    + "carries one row, and Canal keeps the rows of a statement in one message (canal.mq.partitionHash "
                    + "splits them by partition only).")
            .integer(SCHEMA_CACHE_SIZE, 512, 1, 1_000_000, "How many compiled schemas are kept (Debezium: fixed 64).")
            .importance(ConfigDef.Importance.LOW)
            .choice(ARRAY_ENCODING, ArrayEncoding.class, ArrayEncoding.ARRAY, "MongoDB envelopes only (no effect on "
                    + "other dialects): how document arrays are written. array: a Connect array, whose elements must "
                    + "share one type (documents are merged field by field); document: a struct with fields _0, _1, "
                    + "..., for arrays that mix types.")
            .bool(FLATTEN_STRUCT, false, "MongoDB envelopes only: whether nested documents are flattened into "
                    + "top-level fields joined by flatten.struct.delimiter (as Kafka's Flatten).")
            .string(FLATTEN_STRUCT_DELIMITER, "_", "MongoDB envelopes only: the delimiter of flatten.struct.")
            .importance(ConfigDef.Importance.LOW)
            .choice(FIELD_NAME_ADJUSTMENT_MODE, FieldNames.class, FieldNames.NONE, "MongoDB envelopes only: how "
                    + "document field names (and the row schema's name) are made valid for Avro: none, avro "
                    + "(invalid characters become _) or avro_unicode (they become _uXXXX). With avro or "
                    + "avro_unicode empty arrays are left out, as Debezium does.")
            .importance(ConfigDef.Importance.LOW)
            .bool(REWRITE_WITH_ID, false, "MongoDB envelopes only: in the rewrite modes, a row without _id (a delete "
                    + "without a pre-image) gets the key's id as _id.")
            .importance(ConfigDef.Importance.LOW)
            .build();

    private DeleteHandling mode;
    private TruncateHandling truncate;
    private CanalMultiRow multiRow;
    private List<MetadataField> addHeaders;
    private String routeByField;
    private String dropFieldsHeader;
    private boolean dropFromKey;
    private ChangeEventDetector events;
    private UnwrapPlan.Settings settings;
    private UnwrapPlan schemaless;
    private PlanCache<Schema, UnwrapPlan> plans;
    private FieldDropper dropper;
    private MongoDocuments mongo;

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    protected void configure(TransformConfig config) {
        mode = resolveMode(config);
        truncate = config.getEnum(TRUNCATE_HANDLING_MODE, TruncateHandling.class);
        multiRow = config.getEnum(CANAL_MULTI_ROW, CanalMultiRow.class);
        List<MetadataField> addFields = MetadataField.parseAll(ADD_FIELDS, config.getString(ADD_FIELDS_PREFIX),
                config.getList(ADD_FIELDS));
        addHeaders = MetadataField.parseAll(ADD_HEADERS, config.getString(ADD_HEADERS_PREFIX),
                config.getList(ADD_HEADERS));
        String route = config.getString(ROUTE_BY_FIELD);
        routeByField = route == null || route.trim().isEmpty() ? null : route.trim();
        String drop = config.getString(DROP_FIELDS_HEADER_NAME);
        dropFieldsHeader = drop == null || drop.trim().isEmpty() ? null : drop;
        dropFromKey = config.getBoolean(DROP_FIELDS_FROM_KEY);
        Set<Dialect> dialects = Dialect.select(config.getList(ENVELOPE_DIALECT));
        events = ChangeEventDetector.of(dialects, schemaCacheSize());
        settings = new UnwrapPlan.Settings(mode, config.getBoolean(REPLACE_NULL_WITH_DEFAULT), addFields, addHeaders,
                routeByField, this::where);
        schemaless = UnwrapPlan.schemaless(settings);
        plans = planCache(schema -> {
            EnvelopeSchema env = events.envelope(schema);
            return env == null || env.isMessage() ? null : UnwrapPlan.compile(env, settings);
        });
        dropper = new FieldDropper(config.getBoolean(DROP_FIELDS_KEEP_SCHEMA_COMPATIBLE), schemaCacheSize());
        mongo = !dialects.contains(Dialect.DEBEZIUM_MONGODB) ? null : new MongoDocuments(mode,
                config.getEnum(ARRAY_ENCODING, ArrayEncoding.class), config.getEnum(FIELD_NAME_ADJUSTMENT_MODE,
                FieldNames.class), config.getBoolean(FLATTEN_STRUCT), config.getString(FLATTEN_STRUCT_DELIMITER),
                config.getBoolean(REWRITE_WITH_ID), dialects.size() == 1, schemaCacheSize());
        if (mongo != null) {
            mongo.routeBy(routeByField);
        }
    }

    /** The legacy keys are mapped only when the new key is unset: both together is a mistake. */
    private static String notWithLegacyKeys(ConfigRule.Values values) {
        if (!values.isSet(DELETE_TOMBSTONE_HANDLING_MODE)) {
            return null;
        }
        String legacyKey = values.isSet(DELETE_HANDLING_MODE) ? DELETE_HANDLING_MODE
                : values.isSet(DROP_TOMBSTONES) ? DROP_TOMBSTONES : null;
        return legacyKey == null ? null : "cannot be combined with the legacy " + legacyKey + "; use only "
                + DELETE_TOMBSTONE_HANDLING_MODE;
    }

    private static DeleteHandling resolveMode(TransformConfig config) {
        ConfigRule.Values values = ConfigRule.Values.of(config.values());
        DeleteHandling mode = modeOf(values);
        if (!values.isSet(DELETE_TOMBSTONE_HANDLING_MODE)
                && (values.isSet(DELETE_HANDLING_MODE) || values.get(DROP_TOMBSTONES) != null)) {
            LOG.info("Unwrap: legacy {}/{} mapped to {}={}", DELETE_HANDLING_MODE, DROP_TOMBSTONES,
                    DELETE_TOMBSTONE_HANDLING_MODE, mode.configValue());
        }
        return mode;
    }

    /** The delete handling the keys give: the new key, else the mapping of the legacy ones, else tombstone. */
    private static DeleteHandling modeOf(ConfigRule.Values values) {
        DeleteHandling mode = values.choice(DELETE_TOMBSTONE_HANDLING_MODE, DeleteHandling.class);
        if (mode != null) {
            return mode;
        }
        LegacyDeleteHandling legacyMode = values.choice(DELETE_HANDLING_MODE, LegacyDeleteHandling.class);
        Object dropTombstones = values.get(DROP_TOMBSTONES);
        if (legacyMode == null && dropTombstones == null) {
            return DeleteHandling.TOMBSTONE;
        }
        return (legacyMode == null ? LegacyDeleteHandling.DROP : legacyMode).toMode(!Boolean.FALSE.equals(dropTombstones));
    }

    /** The delete handling in effect (after mapping legacy options). */
    public DeleteHandling deleteHandling() {
        return mode;
    }

    @Override
    protected R transform(R record) {
        Object value = record.value();
        if (value == null) {
            return tombstone(record);
        }
        if (value instanceof Struct) {
            Struct envelope = (Struct) value;
            // the Struct's own schema: the plan reads its values by position
            UnwrapPlan plan = plans.get(envelope.schema());
            // null: not a data change event (heartbeats, schema changes, messages, plain rows)
            if (plan == null) {
                return record;
            }
            if (plan.envelope().dialect() == Dialect.DEBEZIUM_MONGODB) {
                return mongo(record, plan, envelope);
            }
            return plan.isFlat() ? unwrap(record, plan, plan.view(envelope))
                    : unwrap(record, plan, plan.op(envelope), plan.after(envelope), plan.before(envelope), envelope);
        }
        ChangeEvent event = events.detect(record.valueSchema(), value);
        if (event != null && MongoDocuments.isMongo(event)) {
            Headers headers = addHeaders.isEmpty() ? null : schemaless.headers(record, event);
            return dropped(mongo.unwrapSchemaless(record, event, settings.addFields, headers));
        }
        return unwrap(record, schemaless, event);
    }

    /** A change event read through its view: schemaless ones, and the flat dialects' Structs. */
    private R unwrap(R record, UnwrapPlan plan, ChangeEvent event) {
        if (event == null || event.opCode() == null || event.op() == Operation.MESSAGE) {
            return record;
        }
        int rows = event.rowCount();
        Object after = event.after();
        Object before = event.before();
        // canal.multi.row applies to what is emitted: a delete the delete mode drops loses no row
        boolean dropped = after == null && (mode == DeleteHandling.DROP || mode == DeleteHandling.TOMBSTONE_ONLY);
        if (rows > 1 && multiRow == CanalMultiRow.FAIL && !dropped) {
            throw dataError(record, "data", "the " + event.dialect().configValue() + " message carries " + rows
                    + " rows (one statement changed several) and a record carries one row: split such messages "
                    + "into one row per message before Unwrap (Canal keeps the rows of a statement in one message; "
                    + "canal.mq.partitionHash splits them by partition only), or set " + CANAL_MULTI_ROW + "="
                    + CanalMultiRow.FIRST.configValue() + " to keep the first row only");
        }
        return unwrap(record, plan, event.op(), after, before, event);
    }

    /**
     * The rules, the same for every envelope: which row comes out, with which schema, topic and
     * headers. {@code event} is the envelope Struct of a Debezium schema, or the view of the event.
     */
    private R unwrap(R record, UnwrapPlan plan, Operation op, Object after, Object before, Object event) {
        Headers headers = addHeaders.isEmpty() ? null : plan.headers(record, event);
        if (after == null && before == null) {
            if (truncate == TruncateHandling.KEEP && op == Operation.TRUNCATE) {
                return headers == null ? record : Records.withHeaders(record, headers);
            }
            return null;
        }
        boolean delete = after == null;
        Schema schema = null;
        Object row = null;
        if (!delete) {
            schema = plan.rowSchema(Image.AFTER, after);
            row = plan.row(Image.AFTER, after, record, event);
        } else {
            switch (mode) {
                case DROP:
                case TOMBSTONE_ONLY:
                    return null;
                case DELETE_TO_TOMBSTONE:
                    break;
                case TOMBSTONE:
                case DELETE_AND_TOMBSTONE:
                    schema = plan.tombstoneSchema();
                    break;
                default: // the rewrite modes
                    schema = plan.rowSchema(Image.BEFORE, before);
                    row = plan.row(Image.BEFORE, before, record, event);
            }
        }
        String topic = routeByField == null ? record.topic() : route(record, plan, delete ? before : after, delete);
        R out = Records.withTopicAndValue(record, topic, schema, row, headers);
        return dropFieldsHeader == null ? out : dropFields(out, delete ? plan.addedNames() : Set.of());
    }

    // ------------------------------------------------------------------ MongoDB

    /**
     * A MongoDB envelope, as Debezium's ExtractNewDocumentState: a record whose key schema is not
     * named {@code *.Key} passes on unchanged; otherwise {@link MongoDocuments} builds key and row.
     */
    private R mongo(R record, UnwrapPlan plan, Struct envelope) {
        if (!MongoDocuments.validKey(record)) {
            return record;
        }
        Headers headers = addHeaders.isEmpty() ? null : plan.headers(record, envelope);
        return dropped(mongo.unwrap(record, plan, envelope, headers));
    }

    private R dropped(R out) {
        return out == null || dropFieldsHeader == null ? out : dropFields(out, Set.of());
    }

    // ------------------------------------------------------------------ tombstones

    private R tombstone(R record) {
        if (!mode.keepsTombstones()) {
            return null;
        }
        boolean mongoKey = mongo != null && mongo.isMongoTombstone(record);
        Headers headers = null;
        for (MetadataField h : addHeaders) {
            if (h.isOp()) {
                if (headers == null) {
                    headers = record.headers().duplicate();
                }
                headers.addString(h.outputName, "d");
            }
        }
        if (mongoKey) {
            return mongo.tombstone(record, headers);
        }
        return headers == null ? record : Records.withHeaders(record, headers);
    }

    // ------------------------------------------------------------------ route.by.field

    private String route(R record, UnwrapPlan plan, Object row, boolean delete) {
        String image = delete ? "before" : "after";
        Object v;
        if (row instanceof Struct) {
            Struct s = (Struct) row;
            Image side = delete ? Image.BEFORE : Image.AFTER;
            Field field = plan.routeField(side);
            if (field != null) {
                v = plan.checked(side, s).get(field);
            } else if (UnwrapPlan.DELETED_FIELD.equals(routeByField) && mode.rewrites()) {
                v = delete ? "true" : "false";
            } else {
                throw dataError(record, routeByField, "route.by.field names no field of the " + image + " image "
                        + (s.schema().name() == null ? "" : "'" + s.schema().name() + "' ") + "(fields: "
                        + names(s.schema()) + ")");
            }
        } else if (row instanceof Map) {
            v = ((Map<?, ?>) row).get(routeByField);
        } else {
            throw dataError(record, routeByField, "route.by.field needs a struct or map " + image + " image");
        }
        if (v != null && !(v instanceof String)) {
            throw dataError(record, routeByField, "route.by.field must be a string column, not "
                    + (row instanceof Struct ? plan.routeField(delete ? Image.BEFORE : Image.AFTER).schema().type()
                    : v.getClass().getSimpleName()));
        }
        String t = (String) v;
        return t == null || t.trim().isEmpty() ? record.topic() : t;
    }

    private static List<String> names(Schema s) {
        List<String> names = new ArrayList<>();
        for (Field f : s.fields()) {
            names.add(f.name());
        }
        return names;
    }

    // ------------------------------------------------------------------ drop.fields.header.name

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
            if (o != null && !protectedNames.contains(o.toString())) {
                list.add(o.toString());
            }
        }
        Records.Edit<R> edit = Records.edit(record).headers(record.headers());
        boolean changed = false;
        if (dropFromKey && record.key() != null) {
            FieldDropper.Result k = dropper.drop(record.keySchema(), record.key(), list);
            changed = k.value != record.key();
            edit.key(k.schema, k.value);
        }
        FieldDropper.Result v = dropper.drop(record.valueSchema(), record.value(), list);
        if (!changed && v.value == record.value() && v.schema == record.valueSchema()) {
            return record;
        }
        return edit.value(v.schema, v.value).build();
    }
}
