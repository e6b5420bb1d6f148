package io.cdckit.core.document;

import io.cdckit.core.cache.PlanCache;
import io.cdckit.core.record.RawStructs;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

import java.util.ArrayList;
import java.util.Date;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns documents (as {@link ExtendedJson} reads them) into Connect data with Debezium's MongoDB
 * rules ({@link DocumentSchemas}): a {@link Struct} and its schema, or a schemaless {@link Map}.
 *
 * <p><b>Compile per shape, apply per record.</b> A document's schema depends only on its shape
 * (field names, BSON types, nesting, array element types), so the schema (or the refusal) is
 * computed once per shape and schema name and kept in a {@link PlanCache}: documents of one
 * shape share one {@link Schema} object, and each record only walks its values. Thread-safe.
 *
 * <p>Over 400 lines: the checked Struct walk, its unchecked twin for proven schemas ({@link Proof}),
 * the schemaless walk and the shape key, which must all agree on what a shape is, are kept together.
 */
public final class DocumentConverter {

    private final ArrayEncoding encoding;
    private final FieldNames names;
    private final boolean dropEmptyArrays;
    private final PlanCache<ShapeKey, Schema> schemas;
    private final PlanCache<Schema, Proof> proofs;

    private DocumentConverter(ArrayEncoding encoding, FieldNames names, int cacheSize) {
        this.encoding = encoding;
        this.names = names;
        // Debezium leaves empty arrays out when it adjusts field names
        this.dropEmptyArrays = names != FieldNames.NONE;
        this.schemas = PlanCache.byEquality(cacheSize, this::compile);
        this.proofs = PlanCache.of(cacheSize, Proof::new);
    }

    public static DocumentConverter of(ArrayEncoding encoding, FieldNames names, int cacheSize) {
        return new DocumentConverter(Objects.requireNonNull(encoding), Objects.requireNonNull(names), cacheSize);
    }

    /** The shape cache, for metrics and tests. */
    public PlanCache<?, ?> cache() {
        return schemas;
    }

    /**
     * The schema of {@code doc}, a struct named {@code name} (null: unnamed), from the cache when a
     * document of this shape was seen before.
     *
     * @throws DocumentException if Debezium's rules refuse the document (naming the field path)
     */
    public Schema schema(Map<String, Object> doc, String name) {
        StringBuilder sb = new StringBuilder(64);
        // unambiguous: no name is '-', a name is '+', its length, ':' and the name
        if (name == null) {
            sb.append('-');
        } else {
            sb.append('+').append(name.length()).append(':').append(name);
        }
        shape(doc, sb);
        return schemas.get(new ShapeKey(sb.toString(), doc, name));
    }

    private Schema compile(ShapeKey key) {
        Map<String, Object> doc = key.take();
        DocumentSchemas inference = new DocumentSchemas(encoding, names);
        inference.check(doc, "");
        SchemaBuilder b = SchemaBuilder.struct();
        if (key.name != null) {
            b.name(key.name);
        }
        inference.fields(b, doc, "");
        return b.build();
    }

    /**
     * The struct of {@code doc} for {@code schema} (from {@link #schema}); the values Debezium
     * gives: ObjectIds as hex, decimals as text, dates as {@link Date}, BSON timestamps as the
     * {@link Date} of their seconds, binary as bytes, JavaScript as its code.
     *
     * @throws DocumentException where a value does not fit its schema (Debezium fails there too)
     */
    public Struct struct(Map<String, Object> doc, Schema schema) {
        Proof proof = proofs.get(schema);
        if (proof.proven && proof.schema == schema) {
            return documentProven(doc, schema, proof.writers);
        }
        Struct s = new Struct(schema);
        for (Map.Entry<String, Object> e : doc.entrySet()) {
            put(s, e.getKey(), e.getValue(), "");
        }
        if (proof.schema == schema) {
            proof.proven = true;
        }
        return s;
    }

    /**
     * What makes the checks of a schema's first document hold for all the others: a schema object
     * is one document shape's, and whether the values of a document fit is decided by its shape
     * alone (their types, the arrays' element types). So once one document of a schema has been
     * put field by field through {@code Struct.put}'s validation, the documents after it are
     * written into the Structs' slots directly ({@link RawStructs}), skipping Connect's
     * validation, which re-validates every nested struct at each level. Writers for every struct
     * schema of the tree, by identity.
     */
    private static final class Proof {
        final Schema schema;
        final Map<Schema, RawStructs.Writer> writers = new IdentityHashMap<>();
        volatile boolean proven;

        Proof(Schema schema) {
            this.schema = schema;
            collect(schema);
        }

        private void collect(Schema s) {
            if (s == null) {
                return;
            }
            if (s.type() == Schema.Type.ARRAY) {
                collect(s.valueSchema());
            } else if (s.type() == Schema.Type.STRUCT && !writers.containsKey(s)) {
                List<Schema> values = new ArrayList<>(s.fields().size());
                for (Field f : s.fields()) {
                    values.add(f.schema());
                    collect(f.schema());
                }
                writers.put(s, RawStructs.writer(s, values));
            }
        }
    }

    /** {@link #put} for a proven schema: the same values, written without checks. */
    @SuppressWarnings("unchecked")
    private void putProven(Struct s, RawStructs.Writer w, Object[] slots, String rawName, Object value,
                           Map<Schema, RawStructs.Writer> writers) {
        Field f = s.schema().field(names.field(rawName));
        Object out;
        if (value instanceof Map) {
            out = documentProven((Map<String, Object>) value, f.schema(), writers);
        } else if (value instanceof List) {
            List<Object> array = (List<Object>) value;
            if (array.isEmpty()) {
                if (dropEmptyArrays) {
                    return;
                }
                out = encoding == ArrayEncoding.ARRAY ? new ArrayList<>() : new Struct(f.schema());
            } else if (encoding == ArrayEncoding.ARRAY) {
                Schema fs = f.schema();
                out = listProven(array, fs.type() == Schema.Type.ARRAY ? fs.valueSchema() : fs, writers);
            } else {
                RawStructs.Writer aw = writers.get(f.schema());
                Struct a = aw.newStruct();
                Object[] as = aw.slots(a);
                for (int i = 0; i < array.size(); i++) {
                    putProven(a, aw, as, "_" + i, array.get(i), writers);
                }
                out = a;
            }
        } else if (value instanceof BsonValues.Regex) {
            Struct rs = new Struct(f.schema());
            rs.put("regex", ((BsonValues.Regex) value).pattern());
            rs.put("options", ((BsonValues.Regex) value).options());
            out = rs;
        } else if (value == BsonValues.Marker.UNDEFINED) {
            return;
        } else {
            out = scalar(value);
        }
        w.set(s, slots, f.index(), out);
    }

    private Struct documentProven(Map<String, Object> doc, Schema schema, Map<Schema, RawStructs.Writer> writers) {
        RawStructs.Writer w = writers.get(schema);
        Struct s = w.newStruct();
        Object[] slots = w.slots(s);
        for (Map.Entry<String, Object> e : doc.entrySet()) {
            putProven(s, w, slots, e.getKey(), e.getValue(), writers);
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    private List<Object> listProven(List<Object> array, Schema element, Map<Schema, RawStructs.Writer> writers) {
        List<Object> out = new ArrayList<>(array.size());
        for (Object v : array) {
            if (v instanceof List) {
                List<Object> inner = new ArrayList<>();
                for (Object w : (List<Object>) v) {
                    if (w instanceof List) {
                        inner.add(listProven((List<Object>) w, element, writers));
                    } else if (w instanceof Map) {
                        inner.add(documentProven((Map<String, Object>) w, element.valueSchema(), writers));
                    } else {
                        inner.add(scalar(w));
                    }
                }
                if (!inner.isEmpty()) {
                    out.add(inner);
                }
            } else if (v instanceof Map) {
                out.add(documentProven((Map<String, Object>) v, element, writers));
            } else {
                out.add(scalar(v));
            }
        }
        return out;
    }

    /** {@link #schema} and {@link #struct} in one. */
    public Struct convert(Map<String, Object> doc, String name) {
        return struct(doc, schema(doc, name));
    }

    /**
     * A field of a struct built from {@code schema}: the adjusted field names, and all optional.
     * {@code parent} is the path of the document holding the field: the field's own path is only
     * made for a container below it or for an error, not for every field of every record.
     */
    @SuppressWarnings("unchecked")
    private void put(Struct s, String rawName, Object value, String parent) {
        String key = names.field(rawName);
        Object out;
        if (value instanceof Map) {
            String path = DocumentSchemas.join(parent, rawName);
            Struct nested = new Struct(structSchema(s, key, path));
            for (Map.Entry<String, Object> e : ((Map<String, Object>) value).entrySet()) {
                put(nested, e.getKey(), e.getValue(), path);
            }
            out = nested;
        } else if (value instanceof List) {
            List<Object> array = (List<Object>) value;
            String path = DocumentSchemas.join(parent, rawName);
            if (array.isEmpty()) {
                if (dropEmptyArrays) {
                    return;
                }
                out = encoding == ArrayEncoding.ARRAY ? new ArrayList<>() : new Struct(structSchema(s, key, path));
            } else if (encoding == ArrayEncoding.ARRAY) {
                Schema fs = fieldSchema(s, key, path);
                out = list(array, fs.type() == Schema.Type.ARRAY ? fs.valueSchema() : fs, path);
            } else {
                Struct a = new Struct(structSchema(s, key, path));
                for (int i = 0; i < array.size(); i++) {
                    put(a, "_" + i, array.get(i), path);
                }
                out = a;
            }
            putChecked(s, key, out, path);
            return;
        } else if (value instanceof BsonValues.Regex) {
            String path = DocumentSchemas.join(parent, rawName);
            BsonValues.Regex r = (BsonValues.Regex) value;
            Struct rs = new Struct(structSchema(s, key, path));
            putChecked(rs, "regex", r.pattern(), path);
            putChecked(rs, "options", r.options(), path);
            out = rs;
        } else if (value == BsonValues.Marker.UNDEFINED) {
            return;
        } else {
            out = scalar(value);
        }
        Field f = s.schema().field(key);
        if (f == null) {
            throw noField(DocumentSchemas.join(parent, rawName));
        }
        try {
            s.put(f, out);
        } catch (DataException e) {
            throw misfit(DocumentSchemas.join(parent, rawName), f);
        }
    }

    private static DocumentException noField(String path) {
        return DocumentSchemas.refused(path, "the value has no field in the schema Debezium's rules give "
                + "(a type the schema has no field for, or an element that differs from the one the schema was "
                + "taken from)");
    }

    private static DocumentException misfit(String path, Field f) {
        return DocumentSchemas.refused(path, "the value does not fit the schema Debezium's rules give ("
                + f.schema().type() + "); arrays or documents whose elements differ in type need "
                + "array.encoding=document");
    }

    private static void putChecked(Struct s, String key, Object value, String path) {
        Field f = s.schema().field(key);
        if (f == null) {
            throw noField(path);
        }
        try {
            s.put(f, value);
        } catch (DataException e) {
            throw misfit(path, f);
        }
    }

    private static Schema fieldSchema(Struct s, String key, String path) {
        Field f = s.schema().field(key);
        if (f == null) {
            throw DocumentSchemas.refused(path, "no field in the schema Debezium's rules give (Debezium fails here)");
        }
        return f.schema();
    }

    private static Schema structSchema(Struct s, String key, String path) {
        return struct(fieldSchema(s, key, path), path);
    }

    private static Schema struct(Schema schema, String path) {
        if (schema == null || schema.type() != Schema.Type.STRUCT) {
            throw DocumentSchemas.refused(path, "a document where the schema Debezium's rules give has "
                    + (schema == null ? "none" : schema.type().toString()));
        }
        return schema;
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(List<Object> array, Schema element, String path) {
        List<Object> out = new ArrayList<>(array.size());
        for (Object v : array) {
            if (v instanceof List) {
                List<Object> inner = new ArrayList<>();
                for (Object w : (List<Object>) v) {
                    if (w instanceof List) {
                        inner.add(list((List<Object>) w, element, path));
                    } else if (w instanceof Map) {
                        inner.add(document((Map<String, Object>) w, struct(element.valueSchema(), path), path));
                    } else {
                        inner.add(scalar(w));
                    }
                }
                if (!inner.isEmpty()) {
                    out.add(inner);
                }
            } else if (v instanceof Map) {
                out.add(document((Map<String, Object>) v, struct(element, path), path));
            } else {
                out.add(scalar(v));
            }
        }
        return out;
    }

    /** A document in an array: its fields' paths are the array's path and their names. */
    private Struct document(Map<String, Object> doc, Schema schema, String path) {
        Struct s = new Struct(schema);
        for (Map.Entry<String, Object> e : doc.entrySet()) {
            put(s, e.getKey(), e.getValue(), path);
        }
        return s;
    }

    /** Debezium's Java value of a scalar (types without one give null). */
    static Object scalar(Object v) {
        if (v == null || v instanceof String || v instanceof Integer || v instanceof Long || v instanceof Double
                || v instanceof Boolean) {
            return v;
        }
        if (v instanceof BsonValues.ObjectId) {
            return ((BsonValues.ObjectId) v).hex();
        }
        if (v instanceof BsonValues.DateTime) {
            return new Date(((BsonValues.DateTime) v).millis());
        }
        if (v instanceof BsonValues.Decimal) {
            return ((BsonValues.Decimal) v).text();
        }
        if (v instanceof BsonValues.Binary) {
            return ((BsonValues.Binary) v).data().clone();
        }
        if (v instanceof BsonValues.Timestamp) {
            // org.bson's timestamp seconds are a signed int
            return new Date(1000L * (int) ((BsonValues.Timestamp) v).time());
        }
        if (v instanceof BsonValues.Code) {
            return ((BsonValues.Code) v).code();
        }
        return null;
    }

    // ------------------------------------------------------------------ schemaless

    /**
     * The schemaless form of {@code doc}: the values {@link #struct} gives, with nested documents
     * (and, with array.encoding=document, arrays) as {@code Map}s, dates as epoch milliseconds (what
     * JSON without schemas can carry), regular expressions as {@code {regex, options}}; field names
     * adjusted; undefined left out. No type checks: a Map holds what it is given.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> map(Map<String, Object> doc) {
        Map<String, Object> out = new LinkedHashMap<>(doc.size() * 2);
        for (Map.Entry<String, Object> e : doc.entrySet()) {
            Object v = e.getValue();
            if (v == BsonValues.Marker.UNDEFINED || (dropEmptyArrays && v instanceof List && ((List<?>) v).isEmpty())) {
                continue;
            }
            out.put(names.field(e.getKey()), plain(v));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private Object plain(Object v) {
        if (v instanceof Map) {
            return map((Map<String, Object>) v);
        }
        if (v instanceof List) {
            List<Object> array = (List<Object>) v;
            if (encoding == ArrayEncoding.DOCUMENT) {
                Map<String, Object> out = new LinkedHashMap<>(array.size() * 2);
                for (int i = 0; i < array.size(); i++) {
                    out.put("_" + i, plain(array.get(i)));
                }
                return out;
            }
            List<Object> out = new ArrayList<>(array.size());
            for (Object o : array) {
                out.add(plain(o));
            }
            return out;
        }
        if (v instanceof BsonValues.Regex) {
            Map<String, Object> out = new LinkedHashMap<>(4);
            out.put("regex", ((BsonValues.Regex) v).pattern());
            out.put("options", ((BsonValues.Regex) v).options());
            return out;
        }
        Object s = scalar(v);
        return s instanceof Date ? (Object) ((Date) s).getTime() : s;
    }

    // ------------------------------------------------------------------ shapes

    /**
     * The shape of a value into {@code sb}: its type, a document's field names and shapes, an
     * array's element shapes in runs of one shape. With array.encoding=array a run counts once
     * (repeating an element changes nothing Debezium derives, so arrays of any length share a
     * schema); with document each element is a field, so runs are counted, and an array that
     * repeats an earlier nested array is marked (Debezium merges equal nested arrays).
     */
    @SuppressWarnings("unchecked")
    private void shape(Object v, StringBuilder sb) {
        BsonKind kind = BsonKind.of(v);
        sb.append((char) ('A' + kind.ordinal()));
        if (kind == BsonKind.DOCUMENT) {
            sb.append('{');
            for (Map.Entry<String, Object> e : ((Map<String, Object>) v).entrySet()) {
                String k = e.getKey();
                sb.append(k.length()).append(':').append(k);
                shape(e.getValue(), sb);
            }
            sb.append('}');
        } else if (kind == BsonKind.ARRAY) {
            List<Object> array = (List<Object>) v;
            boolean counted = encoding == ArrayEncoding.DOCUMENT;
            sb.append('[');
            // runs are compared in place: each element's shape is appended after the run's, and
            // taken back off when it repeats it (no text per element)
            int runStart = -1;
            int runLength = 0;
            int run = 0;
            for (int i = 0; i < array.size(); i++) {
                Object e = array.get(i);
                int start = sb.length();
                shape(e, sb);
                if (counted && e instanceof List) {
                    sb.append('#').append(array.indexOf(e));
                }
                int length = sb.length() - start;
                if (runStart >= 0 && length == runLength && sameRegion(sb, runStart, start, length)) {
                    sb.setLength(start);
                    run++;
                    continue;
                }
                if (runStart >= 0) {
                    closeRun(sb, runStart, runLength, counted ? run : 1);
                    runStart = sb.length() - length;
                } else {
                    runStart = start;
                }
                runLength = length;
                run = 1;
            }
            if (runStart >= 0) {
                closeRun(sb, runStart, runLength, counted ? run : 1);
            }
            sb.append(']');
        } else if (kind == BsonKind.JAVASCRIPT_WITH_SCOPE) {
            shape(((BsonValues.CodeWithScope) v).scope(), sb);
        }
    }

    private static boolean sameRegion(StringBuilder sb, int a, int b, int length) {
        for (int i = 0; i < length; i++) {
            if (sb.charAt(a + i) != sb.charAt(b + i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Ends a run: its count after its shape (the shape of a following element, already appended
     * after the run, moves along).
     */
    private static void closeRun(StringBuilder sb, int runStart, int runLength, int count) {
        sb.insert(runStart + runLength, '*').insert(runStart + runLength, count);
    }

    /** A cache key: the shape text; the document rides along for the compiler, and is let go by it. */
    private static final class ShapeKey {
        final String shape;
        final String name;
        private Map<String, Object> doc;

        ShapeKey(String shape, Map<String, Object> doc, String name) {
            this.shape = shape;
            this.doc = doc;
            this.name = name;
        }

        Map<String, Object> take() {
            Map<String, Object> d = doc;
            doc = null;
            return d;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ShapeKey && ((ShapeKey) o).shape.equals(shape) && Objects.equals(((ShapeKey) o).name, name);
        }

        @Override
        public int hashCode() {
            return shape.hashCode();
        }
    }
}
