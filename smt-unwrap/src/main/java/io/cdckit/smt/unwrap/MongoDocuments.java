package io.cdckit.smt.unwrap;

import io.cdckit.core.cache.PlanCache;
import io.cdckit.core.cdc.ChangeEvent;
import io.cdckit.core.cdc.EnvelopeSchema;
import io.cdckit.core.document.ArrayEncoding;
import io.cdckit.core.document.DocumentConverter;
import io.cdckit.core.document.ExtendedJson;
import io.cdckit.core.document.FieldNames;
import io.cdckit.core.record.Records;

import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Headers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link Unwrap} for Debezium's MongoDB envelopes, the way Debezium's
 * {@code ExtractNewDocumentState} (3.6) does it: the JSON text of {@code after} (or of
 * {@code before} for a rewritten delete, or the {@code updateDescription} of an update without a
 * full document) becomes a struct whose schema is inferred from the document
 * ({@link DocumentConverter}, cached per document shape); the key {@code {"id": "<extended JSON>"}}
 * becomes a struct whose {@code id} is typed from the parsed id. Deletes and tombstones follow the
 * delete handling mode; rewrite modes add a boolean {@code __deleted}. A schemaless envelope gives a
 * Map row (beyond Debezium, which passes those on).
 *
 * <p>Which of Debezium's oddities are kept, and which not, is in the README ("MongoDB").
 */
final class MongoDocuments {

    static final String ID = "_id";

    private final DeleteHandling mode;
    private final boolean rewriteWithId;
    private final boolean flatten;
    private final String delimiter;
    private final FieldNames names;
    private final DocumentConverter converter;
    private final Flattener flattener;
    /** The document schema with the add.fields after it: per plan, per document schema (by identity first). */
    private final PlanCache<UnwrapPlan, PlanCache<Schema, Schema>> withAdded;
    /** The row schema's name, per envelope schema name (the last one; collections rarely alternate). */
    private volatile String[] lastName = {null, null};
    /** The last key schema recorded in keySchemas, to skip hashing it for every record. */
    private volatile Schema lastKeySchema;
    /** Key schemas seen on MongoDB envelopes: a tombstone with one of them is a MongoDB tombstone. */
    private final Set<Schema> keySchemas = ConcurrentHashMap.newKeySet();
    private final boolean onlyMongo;
    private final int cacheSize;

    MongoDocuments(DeleteHandling mode, ArrayEncoding encoding, FieldNames names, boolean flatten, String delimiter,
                   boolean rewriteWithId, boolean onlyMongo, int cacheSize) {
        this.mode = mode;
        this.rewriteWithId = rewriteWithId;
        this.flatten = flatten;
        this.delimiter = delimiter;
        this.names = names;
        this.onlyMongo = onlyMongo;
        this.cacheSize = cacheSize;
        this.converter = DocumentConverter.of(encoding, names, cacheSize);
        this.flattener = flatten ? new Flattener(delimiter, cacheSize) : null;
        this.withAdded = PlanCache.of(cacheSize, p -> PlanCache.of(cacheSize, d -> extend(d, p)));
    }

    // ------------------------------------------------------------------ keys

    /** Debezium converts only keys whose schema is named {@code *.Key}; others leave the record as it is. */
    static boolean validKey(ConnectRecord<?> record) {
        Schema ks = record.keySchema();
        return ks != null && ks.name() != null && ks.name().endsWith(".Key");
    }

    /** Whether a tombstone is one of a MongoDB collection's (its key schema was seen on one's envelopes). */
    boolean isMongoTombstone(ConnectRecord<?> record) {
        return validKey(record) && record.key() instanceof Struct
                && (onlyMongo || keySchemas.contains(record.keySchema()));
    }

    /** The parsed {@code _id} of a Struct key {@code {"id": "<extended JSON>"}}. */
    private Object keyId(ConnectRecord<?> record) {
        if (!(record.key() instanceof Struct)) {
            throw new DataException("the key of a MongoDB event must be a struct with an id field, not "
                    + (record.key() == null ? "null" : record.key().getClass().getSimpleName()));
        }
        Struct key = (Struct) record.key();
        Field id = key.schema().field("id");
        if (id == null) {
            throw new DataException("the key of a MongoDB event has no id field");
        }
        Object text = key.get(id);
        if (!(text instanceof String)) {
            throw new DataException("the id of a MongoDB key must be extended JSON text, not "
                    + (text == null ? "null" : text.getClass().getSimpleName()));
        }
        return ExtendedJson.parseValue((String) text);
    }

    private static Map<String, Object> keyDocument(Object id) {
        Map<String, Object> doc = new LinkedHashMap<>(2);
        doc.put("id", id);
        return doc;
    }

    // ------------------------------------------------------------------ Struct envelopes

    /** A tombstone to keep: its key converted, value and value schema null, the op header only. */
    <R extends ConnectRecord<R>> R tombstone(R record, Headers headers) {
        Map<String, Object> key = keyDocument(keyId(record));
        Schema ks = converter.schema(key, null);
        Records.Edit<R> edit = Records.edit(record).key(ks, converter.struct(key, ks)).value(null, null);
        return (headers == null ? edit : edit.headers(headers)).build();
    }

    /** One envelope Struct; {@code headers} the output's (null: the input's). */
    <R extends ConnectRecord<R>> R unwrap(R record, UnwrapPlan plan, Struct envelope, Headers headers) {
        Schema keySchema = record.keySchema();
        if (keySchema != lastKeySchema) {
            if (keySchemas.size() >= cacheSize) {
                keySchemas.clear();
            }
            keySchemas.add(keySchema);
            lastKeySchema = keySchema;
        }
        EnvelopeSchema env = plan.envelope();
        Object id = keyId(record);
        Map<String, Object> key = keyDocument(id);
        Schema ks = converter.schema(key, null);
        Struct keyStruct = converter.struct(key, ks);

        Map<String, Object> doc = document(text(envelope, env.afterField()),
                env.updateDescriptionField() == null ? null : block(envelope, env.updateDescriptionField()),
                text(envelope, env.beforeField()), id);
        if (doc == null) {
            return null;
        }
        Schema schema = null;
        Struct row = null;
        if (!doc.isEmpty()) {
            Schema docSchema = converter.schema(doc, valueName(envelope.schema().name()));
            MetadataField.Resolved[] added = plan.added();
            schema = added.length == 0 ? docSchema : withAdded.get(plan).get(docSchema);
            row = converter.struct(doc, schema);
            for (MetadataField.Resolved r : added) {
                row.put(r.spec.outputName, r.read(envelope));
            }
            if (flatten) {
                Schema flat = flattener.schema(schema);
                row = flattener.struct(row, flat);
                schema = flat;
            }
        }
        String topic = topicFrom(record, row);
        Records.Edit<R> edit = Records.edit(record).topic(topic).key(ks, keyStruct).value(schema, row);
        return (headers == null ? edit : edit.headers(headers)).build();
    }

    private String routeField;

    void routeBy(String field) {
        this.routeField = field;
    }

    /** route.by.field (beyond Debezium, which ignores it for MongoDB): a string field of the output row. */
    private String topicFrom(ConnectRecord<?> record, Struct row) {
        if (routeField == null || row == null) {
            return record.topic();
        }
        Field f = row.schema().field(routeField);
        Object v = f == null ? null : row.get(f);
        if (f != null && v != null && !(v instanceof String)) {
            throw new DataException("route.by.field must name a string field of the document, not "
                    + f.schema().type());
        }
        return v == null || ((String) v).trim().isEmpty() ? record.topic() : (String) v;
    }

    /**
     * The document an event gives, as ExtractNewDocumentState decides it (by what the event holds,
     * not by its op): {@code after}; or, without it, the update of {@code updateDescription}; or,
     * with neither, a delete: by the delete handling mode, null (dropped), nothing (a tombstone
     * value), or the pre-image {@code before} (or nothing) in the rewrite modes. Rewrite modes add
     * {@code __deleted}, and with rewrite-with-id the key's {@code _id} where the document has none.
     *
     * @param update the updateDescription block, a Struct or (schemaless) a Map, or null
     * @param id     the key's parsed id, or null if the key has none
     */
    private Map<String, Object> document(Object after, Object update, Object before, Object id) {
        boolean deletion = after == null && update == null;
        Map<String, Object> doc;
        if (deletion) {
            switch (mode) {
                case DROP:
                case TOMBSTONE_ONLY:
                    return null;
                case TOMBSTONE:
                case DELETE_AND_TOMBSTONE:
                case DELETE_TO_TOMBSTONE:
                    return new LinkedHashMap<>();
                default:
                    doc = before == null ? new LinkedHashMap<>() : ExtendedJson.parseDocument(json(before, "before"));
            }
        } else if (after != null) {
            doc = ExtendedJson.parseDocument(json(after, "after"));
        } else {
            doc = partial(update, id);
        }
        if (mode.rewrites()) {
            doc.put(UnwrapPlan.DELETED_FIELD, deletion);
            if (rewriteWithId && id != null && !doc.containsKey(ID)) {
                doc.put(ID, id);
            }
        }
        return doc;
    }

    /** The update of an event without a full document: updatedFields, less removedFields, with the key's id. */
    private Map<String, Object> partial(Object update, Object id) {
        Map<String, Object> doc = new LinkedHashMap<>();
        Object updated = updateField(update, "updatedFields");
        if (updated != null) {
            doc.putAll(ExtendedJson.parseDocument(json(updated, "updateDescription.updatedFields")));
        }
        Object removed = updateField(update, "removedFields");
        if (removed instanceof List) {
            for (Object name : (List<?>) removed) {
                doc.remove(name);
            }
        } else if (removed != null) {
            throw new DataException("updateDescription.removedFields must be an array of field names");
        }
        if (id != null && !doc.containsKey(ID)) {
            doc.put(ID, id);
        }
        if (!flatten) {
            return doc;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        doc.forEach((k, v) -> out.put(k.replace(".", delimiter), v));
        return out;
    }

    /** A field of the updateDescription block; a Struct block must have it (Debezium reads it by name). */
    private static Object updateField(Object update, String name) {
        if (update instanceof Struct) {
            Field f = ((Struct) update).schema().field(name);
            if (f == null) {
                throw new DataException("updateDescription has no " + name + " field");
            }
            return ((Struct) update).get(f);
        }
        if (update instanceof Map) {
            return ((Map<?, ?>) update).get(name);
        }
        throw new DataException("updateDescription must be a struct or map");
    }

    /** The row schema's name: the envelope's without {@code .Envelope}, each segment adjusted. */
    private String valueName(String envelopeName) {
        String[] last = lastName;
        if (last[0] != null && last[0].equals(envelopeName)) {
            return last[1];
        }
        String name = rowName(envelopeName);
        lastName = new String[]{envelopeName, name};
        return name;
    }

    private String rowName(String envelopeName) {
        String name = envelopeName;
        if (name != null && name.endsWith(EnvelopeSchema.ENVELOPE_SUFFIX)) {
            name = name.substring(0, name.length() - EnvelopeSchema.ENVELOPE_SUFFIX.length());
        }
        if (name == null || names == FieldNames.NONE) {
            return name;
        }
        String[] parts = name.split("\\.");
        StringBuilder sb = new StringBuilder(name.length() + 4);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                sb.append('.');
            }
            sb.append(names.schemaSegment(parts[i]));
        }
        return sb.toString();
    }

    private static Schema extend(Schema docSchema, UnwrapPlan plan) {
        SchemaBuilder b = SchemaBuilder.struct().name(docSchema.name());
        for (Field f : docSchema.fields()) {
            b.field(f.name(), f.schema());
        }
        for (MetadataField.Resolved r : plan.added()) {
            try {
                b.field(r.spec.outputName, r.schema);
            } catch (DataException e) {
                throw new DataException("add.fields gives the field '" + r.spec.outputName
                        + "', which the document has already");
            }
        }
        return b.build();
    }

    private static String text(Struct envelope, Field field) {
        Object v = field == null ? null : envelope.get(field);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw new DataException("envelope field '" + field.name() + "' must hold JSON text");
    }

    private static Struct block(Struct envelope, Field field) {
        Object v = envelope.get(field);
        if (v == null || v instanceof Struct) {
            return (Struct) v;
        }
        throw new DataException("envelope field '" + field.name() + "' must hold a struct");
    }

    // ------------------------------------------------------------------ schemaless envelopes

    /** A schemaless envelope (beyond Debezium): a Map row, the key {@code {"id": ...}} typed likewise. */
    <R extends ConnectRecord<R>> R unwrapSchemaless(R record, ChangeEvent event, List<MetadataField> addFields,
                                                    Headers headers) {
        Object id = null;
        Object key = record.key();
        if (key instanceof Map && ((Map<?, ?>) key).get("id") instanceof String) {
            id = ExtendedJson.parseValue((String) ((Map<?, ?>) key).get("id"));
            key = converter.map(keyDocument(id));
        }
        Map<String, Object> doc = document(event.after(), event.updateDescription(), event.before(), id);
        if (doc == null) {
            return null;
        }
        Map<String, Object> row = null;
        if (!doc.isEmpty()) {
            row = converter.map(doc);
            for (MetadataField f : addFields) {
                Object v = f.read(event);
                if (v != ChangeEvent.ABSENT) {
                    row.put(f.outputName, v);
                }
            }
            if (flatten) {
                row = Flattener.map(row, delimiter);
            }
        }
        Object route = routeField == null || row == null ? null : row.get(routeField);
        if (route != null && !(route instanceof String)) {
            throw new DataException("route.by.field must name a string field of the document, not a "
                    + route.getClass().getSimpleName());
        }
        String topic = route == null || ((String) route).trim().isEmpty() ? record.topic() : (String) route;
        Records.Edit<R> edit = Records.edit(record).topic(topic).key(record.keySchema(), key).value(null, row);
        return (headers == null ? edit : edit.headers(headers)).build();
    }

    private static String json(Object v, String field) {
        if (v instanceof String) {
            return (String) v;
        }
        throw new DataException("envelope field '" + field + "' must hold JSON text");
    }

    static boolean isMongo(ChangeEvent event) {
        return event.dialect() == io.cdckit.core.cdc.Dialect.DEBEZIUM_MONGODB;
    }
}
