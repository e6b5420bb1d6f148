package io.cdckit.core.document;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Infers the Connect schema of one document with the rules of Debezium's MongoDB
 * {@code ExtractNewDocumentState} (3.6), odd ones included, so that its output can be matched
 * exactly: scalars map to optional Connect types (ObjectId, decimal, JavaScript and null to
 * string; dates and BSON timestamps to {@code Timestamp}); a nested document is an optional struct
 * named {@code <parent>.<field>} (an empty one an unnamed empty struct); a regular expression a
 * struct {@code io.debezium.mongodb.regex}; symbol, min/max key, undefined and DBPointer fields get
 * no field; arrays follow {@link ArrayEncoding}. With {@code array}: elements of one type give an
 * array of it, documents are merged field by field (the last value of a field decides its schema),
 * elements of two types are refused. With {@code document}: a struct of {@code _<index>} fields.
 * Where Debezium fails on a document (with an exception of its own, a crash or a refusal), this
 * throws a {@link DocumentException} naming the field path.
 *
 * <p>The schema depends only on the document's shape; {@link DocumentConverter} caches it by shape.
 * One instance per compile (not thread-safe).
 */
final class DocumentSchemas {

    static final String REGEX_SCHEMA_NAME = "io.debezium.mongodb.regex";
    static final Schema TIMESTAMP = Timestamp.builder().optional().build();
    static final Schema STRING_ARRAY = SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).optional().build();
    static final Schema EMPTY_STRUCT = SchemaBuilder.struct().optional().build();
    static final Schema REGEX = SchemaBuilder.struct().name(REGEX_SCHEMA_NAME).optional()
            .field("regex", Schema.OPTIONAL_STRING_SCHEMA).field("options", Schema.OPTIONAL_STRING_SCHEMA).build();

    /** Types Debezium's element-schema lookup refuses (in arrays, and in array documents). */
    private static final Set<BsonKind> NO_ELEMENT_SCHEMA = EnumSet.of(BsonKind.REGULAR_EXPRESSION,
            BsonKind.JAVASCRIPT_WITH_SCOPE, BsonKind.SYMBOL, BsonKind.DB_POINTER, BsonKind.MIN_KEY, BsonKind.MAX_KEY,
            BsonKind.UNDEFINED);

    private final ArrayEncoding encoding;
    private final FieldNames names;

    DocumentSchemas(ArrayEncoding encoding, FieldNames names) {
        this.encoding = encoding;
        this.names = names;
    }

    /**
     * Debezium reads every array of a document before it builds a schema, and with
     * array.encoding=array refuses documents in one array holding a field with two types, even in
     * arrays whose schema another array's decides: the same refusals, over the whole document.
     */
    @SuppressWarnings("unchecked")
    void check(Object value, String path) {
        if (value instanceof Map) {
            for (Map.Entry<String, Object> e : ((Map<String, Object>) value).entrySet()) {
                check(e.getValue(), join(path, e.getKey()));
            }
        } else if (value instanceof List) {
            List<Object> array = (List<Object>) value;
            if (encoding == ArrayEncoding.ARRAY) {
                new Elements(array, path);
            }
            for (Object v : array) {
                check(v, path);
            }
        }
    }

    /** The fields of {@code doc} added to {@code b}. */
    void fields(SchemaBuilder b, Map<String, Object> doc, String path) {
        for (Map.Entry<String, Object> e : doc.entrySet()) {
            field(b, names.field(e.getKey()), e.getValue(), join(path, e.getKey()));
        }
    }

    static String join(String path, String name) {
        return path == null || path.isEmpty() ? name : path + "." + name;
    }

    /** The field {@code key} for {@code value}, unless {@code b} has one of that name already (the first wins). */
    @SuppressWarnings("unchecked")
    void field(SchemaBuilder b, String key, Object value, String path) {
        if (b.field(key) != null) {
            return;
        }
        BsonKind kind = BsonKind.of(value);
        switch (kind) {
            case JAVASCRIPT_WITH_SCOPE:
                throw refused(path, "JavaScript with scope is not converted (Debezium fails on it)");
            case REGULAR_EXPRESSION:
                add(b, key, REGEX, path);
                return;
            case DOCUMENT: {
                Map<String, Object> doc = (Map<String, Object>) value;
                if (doc.isEmpty()) {
                    add(b, key, EMPTY_STRUCT, path);
                    return;
                }
                SchemaBuilder nested = SchemaBuilder.struct().name(b.name() + "." + key).optional();
                fields(nested, doc, path);
                add(b, key, nested.build(), path);
                return;
            }
            case ARRAY:
                if (encoding == ArrayEncoding.ARRAY) {
                    arrayAsArray(b, key, (List<Object>) value, path);
                } else {
                    arrayAsDocument(b, key, (List<Object>) value, path);
                }
                return;
            default:
                Schema s = scalar(kind);
                if (s != null) {
                    add(b, key, s, path);
                }
        }
    }

    /** The schema of a scalar, or null for the types that get no field. */
    private static Schema scalar(BsonKind kind) {
        switch (kind) {
            case NULL:
            case STRING:
            case JAVASCRIPT:
            case OBJECT_ID:
            case DECIMAL128:
                return Schema.OPTIONAL_STRING_SCHEMA;
            case DOUBLE:
                return Schema.OPTIONAL_FLOAT64_SCHEMA;
            case BINARY:
                return Schema.OPTIONAL_BYTES_SCHEMA;
            case INT32:
                return Schema.OPTIONAL_INT32_SCHEMA;
            case INT64:
                return Schema.OPTIONAL_INT64_SCHEMA;
            case DATE_TIME:
            case TIMESTAMP:
                return TIMESTAMP;
            case BOOLEAN:
                return Schema.OPTIONAL_BOOLEAN_SCHEMA;
            default:
                return null;
        }
    }

    /** Debezium's element schema of a type: arrays and documents get placeholders; some types none. */
    private Schema elementSchema(BsonKind kind, String path) {
        if (NO_ELEMENT_SCHEMA.contains(kind)) {
            throw refused(path, "an array element (or a field of a document in an array) of BSON type " + kind
                    + " is not converted (Debezium fails on it)");
        }
        if (kind == BsonKind.ARRAY) {
            return encoding == ArrayEncoding.ARRAY ? STRING_ARRAY : EMPTY_STRUCT;
        }
        return kind == BsonKind.DOCUMENT ? EMPTY_STRUCT : scalar(kind);
    }

    private static void add(SchemaBuilder b, String key, Schema schema, String path) {
        try {
            b.field(key, schema);
        } catch (DataException e) {
            throw refused(path, "two fields are named '" + key + "' once adjusted");
        }
    }

    static DocumentException refused(String path, String why) {
        return new DocumentException("document field '" + path + "': " + why);
    }

    // ------------------------------------------------------------------ array.encoding=array

    /** What an array's elements amount to: distinct nested arrays, merged documents, scalars. */
    private final class Elements {
        final List<List<Object>> nested = new ArrayList<>();
        final LinkedHashMap<String, Object> merged = new LinkedHashMap<>();
        final List<Object> scalars = new ArrayList<>();
        /** array.encoding=document: the documents with their index among the documents, in element order. */
        final List<Object> ordered = new ArrayList<>();

        @SuppressWarnings("unchecked")
        Elements(List<Object> array, String path) {
            Map<String, Set<Schema>> seen = null;
            int documents = 0;
            for (Object v : array) {
                if (v instanceof List) {
                    if (!nested.contains(v)) {
                        nested.add((List<Object>) v);
                        ordered.add(v);
                    }
                } else if (v instanceof Map) {
                    Map<String, Object> doc = (Map<String, Object>) v;
                    if (encoding == ArrayEncoding.DOCUMENT) {
                        ordered.add(new IndexedDocument(documents++, doc));
                        continue;
                    }
                    if (seen == null) {
                        seen = new LinkedHashMap<>();
                    }
                    merge(doc, seen, path);
                } else {
                    scalars.add(v);
                }
            }
        }

        /** A document's fields into the merged one: two element schemas for a field is a refusal, but a non-empty document replaces. */
        private void merge(Map<String, Object> doc, Map<String, Set<Schema>> seen, String path) {
            for (Map.Entry<String, Object> e : doc.entrySet()) {
                String field = e.getKey();
                Object v = e.getValue();
                Set<Schema> schemas = seen.computeIfAbsent(field, k -> new java.util.HashSet<>());
                schemas.add(elementSchema(BsonKind.of(v), join(path, field)));
                if (v instanceof Map && !((Map<?, ?>) v).isEmpty()) {
                    merged.put(field, v);
                } else if (schemas.size() > 1) {
                    throw refused(join(path, field), "documents in an array hold this field with different types; "
                            + "set array.encoding=document to convert them");
                } else {
                    merged.put(field, v);
                }
            }
        }
    }

    private record IndexedDocument(int index, Map<String, Object> doc) {
    }

    private void arrayAsArray(SchemaBuilder b, String key, List<Object> array, String path) {
        if (array.isEmpty()) {
            add(b, key, STRING_ARRAY, path);
            return;
        }
        Elements el = new Elements(array, path);
        for (List<Object> nested : el.nested) {
            nestedArray(b, key, nested, path);
        }
        if (!el.merged.isEmpty()) {
            SchemaBuilder element = SchemaBuilder.struct().name(b.name() + "." + key).optional();
            mergedDocuments(b, key, el.merged, element, false, path);
        }
        if (!el.scalars.isEmpty()) {
            scalarArray(b, key, el.scalars, false, path);
        }
    }

    /** An array inside an array: its scalars give an array of arrays, its documents an array of arrays of an unnamed struct. */
    private void nestedArray(SchemaBuilder b, String key, List<Object> array, String path) {
        Elements el = new Elements(array, path);
        if (!el.nested.isEmpty() && b.field(key) == null) {
            throw refused(path, "arrays nested three deep are not converted (Debezium fails on them)");
        }
        if (!el.merged.isEmpty()) {
            mergedDocuments(b, key, el.merged, SchemaBuilder.struct().optional(), true, path);
        }
        if (!el.scalars.isEmpty()) {
            scalarArray(b, key, el.scalars, true, path);
        }
    }

    private void mergedDocuments(SchemaBuilder b, String key, Map<String, Object> merged, SchemaBuilder element,
                                 boolean nested, String path) {
        for (Map.Entry<String, Object> e : merged.entrySet()) {
            field(element, names.field(e.getKey()), e.getValue(), join(path, e.getKey()));
        }
        if (!element.fields().isEmpty() && b.field(key) == null) {
            Schema array = SchemaBuilder.array(element.build()).optional().build();
            add(b, key, nested ? SchemaBuilder.array(array).optional().build() : array, path);
        }
    }

    private void scalarArray(SchemaBuilder b, String key, List<Object> scalars, boolean nested, String path) {
        if (b.field(key) != null) {
            return;
        }
        Schema first = null;
        for (Object v : scalars) {
            Schema s = elementSchema(BsonKind.of(v), path);
            if (first == null) {
                first = s;
            } else if (!first.equals(s)) {
                throw refused(path, "array elements of different types; set array.encoding=document to convert them");
            }
        }
        Schema array = SchemaBuilder.array(first).optional().build();
        add(b, key, nested ? SchemaBuilder.array(array).optional().build() : array, path);
    }

    // ------------------------------------------------------------------ array.encoding=document

    private void arrayAsDocument(SchemaBuilder b, String key, List<Object> array, String path) {
        if (array.isEmpty()) {
            add(b, key, SchemaBuilder.struct().name(b.name() + "." + key).optional().build(), path);
            return;
        }
        if (b.name() == null) {
            throw refused(path, "an array directly in a key is not converted with array.encoding=document");
        }
        // Debezium: an array whose parent's name ends with the array's name is folded into the parent
        String name = b.name().endsWith(key) ? b.name() : b.name() + "." + key;
        SchemaBuilder doc = SchemaBuilder.struct().name(name).optional();
        Elements el = new Elements(array, path);
        int nestedIndex = 0;
        for (Object o : el.ordered) {
            if (o instanceof IndexedDocument) {
                IndexedDocument d = (IndexedDocument) o;
                SchemaBuilder element = SchemaBuilder.struct().name(name + "._" + d.index).optional();
                arrayDocument(element, d.doc, path);
                if (!element.fields().isEmpty()) {
                    add(doc, "_" + d.index, element.build(), path);
                }
            } else {
                @SuppressWarnings("unchecked")
                List<Object> nested = (List<Object>) o;
                Elements inner = new Elements(nested, path);
                SchemaBuilder element = SchemaBuilder.struct().name(name + "._" + nestedIndex).optional();
                indexed(element, inner.scalars, path);
                if (!element.fields().isEmpty()) {
                    add(doc, "_" + nestedIndex++, element.build(), path);
                }
            }
        }
        indexed(doc, el.scalars, path);
        if (name.equals(b.name())) {
            for (Field f : doc.fields()) {
                add(b, f.name(), f.schema(), path);
            }
        } else {
            add(b, key, doc.build(), path);
        }
    }

    /** Fields _0, _1, ... for scalars, numbered among the scalars (Debezium's numbering). */
    private void indexed(SchemaBuilder b, List<Object> scalars, String path) {
        for (int i = 0; i < scalars.size(); i++) {
            add(b, "_" + i, elementSchema(BsonKind.of(scalars.get(i)), path), path);
        }
    }

    /** A document inside an array with array.encoding=document. */
    @SuppressWarnings("unchecked")
    private void arrayDocument(SchemaBuilder b, Map<String, Object> doc, String path) {
        for (Map.Entry<String, Object> e : doc.entrySet()) {
            String key = names.field(e.getKey());
            String p = join(path, e.getKey());
            Object v = e.getValue();
            if (v instanceof List) {
                if (((List<Object>) v).isEmpty()) {
                    add(b, key, SchemaBuilder.struct().name(names.field(b.name() + "." + key)).optional().build(), p);
                } else {
                    SchemaBuilder inner = SchemaBuilder.struct().name(b.name() + "." + key).optional();
                    field(inner, key, v, p);
                    add(b, key, inner.build(), p);
                }
            } else if (v instanceof Map) {
                if (((Map<?, ?>) v).isEmpty()) {
                    add(b, key, SchemaBuilder.struct().name(names.field(b.name() + "." + key)).optional().build(), p);
                } else {
                    field(b, key, v, p);
                }
            } else {
                add(b, key, elementSchema(BsonKind.of(v), p), p);
            }
        }
    }
}
