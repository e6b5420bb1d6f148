package io.cdckit.smt.routing;

import io.cdckit.core.record.RawStructs;
import io.cdckit.smt.routing.OutboxOptions.FieldNames;
import io.cdckit.smt.routing.OutboxOptions.JsonEmptyArrays;
import io.cdckit.smt.routing.OutboxOptions.JsonNulls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.NullNode;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Connect schema of an expanded JSON payload, inferred from one document of its shape by the
 * rules of Debezium's {@code EventRouter}, and the conversion of every document of that shape
 * ({@link JsonPayloads} keeps one {@link Shape} per shape of document).
 *
 * <h2>The rules</h2>
 * <ul>
 *   <li>A string is an optional {@code STRING}, a boolean an optional {@code BOOLEAN}; a number an
 *       optional {@code INT32} if it is an integer that fits 32 bits, an optional {@code INT64} if
 *       one that fits 64, an optional {@code FLOAT64} otherwise (a larger integer gives its nearest
 *       double).</li>
 *   <li>An object is an optional struct named by its path from the payload column's name
 *       ({@code payload}, {@code payload.customer}), its fields in the document's order, named as
 *       {@code field.name.adjustment.mode} says.</li>
 *   <li>A null leaves its field out, or ({@code table.json.payload.null.behavior=optional_bytes}) is
 *       an optional {@code BYTES} field that is null. An empty array leaves its field out, or
 *       ({@code table.json.payload.empty.array.behavior=optional_string}) is an optional array of
 *       optional strings.</li>
 *   <li>An array is an optional array of the schema of its first element that is not null; every
 *       other element that is not null must be of the same JSON type (and numbers of the same
 *       kind). An array of objects has the merge of its elements' schemas: their distinct schemas
 *       in the order Debezium visits them (that of a {@code java.util.HashSet} of them), the fields
 *       of the first then the new fields of each next one; a field that is {@code BYTES} (a null) in
 *       one and of another type in the next takes the other type. A merge of two or more distinct
 *       schemas is a required struct, as Debezium's is (optional when the array holds nulls:
 *       Debezium's output then fails).</li>
 * </ul>
 *
 * <p>Where Debezium's expansion fails after it has replaced the schema (a record whose value does
 * not match its schema, or a {@code DataException}), or loses values, this class differs: the
 * fields of nested objects are merged at every depth (Debezium keeps the first element's nested
 * schema and drops the other elements' extra fields), and two elements whose field has different
 * types (not a null), or JSON keys that adjust to the same field name, make the document
 * {@link Unexpandable} (left as it is). The values of fields whose names were adjusted are kept
 * (Debezium's are null). Immutable and thread-safe.
 */
final class JsonShapes {

    /** A document the rules cannot give one schema for; the reason names fields, never values. */
    static final class Unexpandable extends RuntimeException {
        Unexpandable(String reason) {
            super(reason, null, false, false);
        }
    }

    /** A JSON node that does not have the shape it was compiled for (not expected: a shape is exact). */
    static final class Mismatch extends RuntimeException {
        Mismatch() {
            super("the document does not have the compiled shape", null, false, false);
        }
    }

    /** A value's schema and the conversion of JSON nodes of it. */
    abstract static class Shape {
        final Schema schema;

        Shape(Schema schema) {
            this.schema = schema;
        }

        /** The Connect value of {@code node}: Structs, Lists and primitives; null for a JSON null. */
        abstract Object connect(JsonNode node);

        /** The schemaless value of {@code node}: Maps, Lists and primitives; null for a JSON null. */
        abstract Object plain(JsonNode node);
    }

    private final JsonNulls nulls;
    private final JsonEmptyArrays emptyArrays;
    private final FieldNames names;

    JsonShapes(JsonNulls nulls, JsonEmptyArrays emptyArrays, FieldNames names) {
        this.nulls = nulls;
        this.emptyArrays = emptyArrays;
        this.names = names;
    }

    /**
     * The shape of a whole document (an object or an array) whose payload column is {@code column}.
     *
     * @throws Unexpandable if the rules give it no schema
     */
    Shape document(String column, JsonNode root) {
        Shape s = infer(column, root);
        if (s == null) {
            throw new Unexpandable("the payload is an array with nothing to infer a schema from (empty, or only nulls)");
        }
        return s;
    }

    /** The shape of {@code node} at {@code key} (a struct's name: its path, or null in an array of arrays); null: none. */
    private Shape infer(String key, JsonNode node) {
        switch (node.getNodeType()) {
            case STRING:
                return Leaf.STRING;
            case BOOLEAN:
                return Leaf.BOOLEAN;
            case NUMBER:
                return number(node);
            case NULL:
                return nulls == JsonNulls.OPTIONAL_BYTES ? Leaf.NULL : null;
            case ARRAY:
                return array(key, node);
            case OBJECT:
                return object(key, node);
            default:
                return null;
        }
    }

    private static Leaf number(JsonNode node) {
        return node.isInt() ? Leaf.INT : node.isLong() ? Leaf.LONG : Leaf.DOUBLE;
    }

    private StructShape object(String key, JsonNode node) {
        SchemaBuilder b = SchemaBuilder.struct().name(key).optional();
        List<String> jsonKeys = new ArrayList<>();
        List<Shape> children = new ArrayList<>();
        String prefix = key == null || key.isBlank() ? "" : key + ".";
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String name = names.adjust(e.getKey());
            Shape child = infer(prefix + name, e.getValue());
            if (child == null) {
                continue;
            }
            if (b.field(name) != null) {
                throw new Unexpandable("two keys of " + where(key) + " are both named '" + name
                        + "' by field.name.adjustment.mode");
            }
            b.field(name, child.schema);
            jsonKeys.add(e.getKey());
            children.add(child);
        }
        return new StructShape(b.build(), jsonKeys, children);
    }

    private Shape array(String key, JsonNode node) {
        if (node.isEmpty()) {
            return emptyArrays == JsonEmptyArrays.OPTIONAL_STRING ? ArrayShape.EMPTY : null;
        }
        JsonNode sample = null;
        boolean hasNulls = false;
        for (JsonNode e : node) {
            if (e.isNull()) {
                hasNulls = true;
            } else if (sample == null) {
                sample = e;
            } else if (e.getNodeType() != sample.getNodeType()
                    || (e.isNumber() && number(e) != number(sample))) {
                throw new Unexpandable("the array " + where(key) + " has elements of different types ("
                        + kind(sample) + " and " + kind(e) + ")");
            }
        }
        Shape element;
        if (sample != null && sample.isObject()) {
            element = objects(key, node, hasNulls);
        } else {
            element = infer(null, sample == null ? NullNode.getInstance() : sample);
            if (element == null) {
                throw new Unexpandable("the array " + where(key) + " has no element to infer a schema from "
                        + "(only nulls, or an empty array first)");
            }
            if (sample != null && sample.isArray()) {
                for (JsonNode e : node) {
                    Shape other = e.isNull() ? null : infer(null, e);
                    element = other == null ? element : unify(element, other, where(key) + "'s elements");
                }
            }
        }
        return new ArrayShape(SchemaBuilder.array(element.schema).optional().build(), element, false);
    }

    /** The merged shape of the objects of an array, in the order Debezium merges their schemas. */
    private Shape objects(String key, JsonNode array, boolean hasNulls) {
        Set<Schema> order = new HashSet<>();
        Map<Schema, StructShape> shapes = new HashMap<>();
        for (JsonNode e : array) {
            if (!e.isObject()) {
                continue;
            }
            StructShape s = object(key, e);
            StructShape seen = shapes.putIfAbsent(s.schema, s);
            if (seen != null && !sameKeys(seen, s)) {
                throw new Unexpandable("elements of the array " + where(key) + " name a field with different JSON keys");
            }
            order.add(s.schema);
        }
        StructShape merged = null;
        for (Schema s : order) {
            merged = merged == null ? shapes.get(s) : merge(merged, shapes.get(s), false, where(key));
        }
        // the merge of two or more is required, as Debezium's; with nulls in the array it must be optional
        return order.size() > 1 && hasNulls ? merge(merged, merged, true, where(key)) : merged;
    }

    /**
     * {@code left} with the fields of {@code right} it lacks appended, and each shared field unified;
     * named as {@code left}, optional or not as said.
     */
    private StructShape merge(StructShape left, StructShape right, boolean optional, String where) {
        Map<String, Integer> index = new HashMap<>();
        List<String> fieldNames = new ArrayList<>();
        List<String> jsonKeys = new ArrayList<>();
        List<Shape> children = new ArrayList<>();
        for (StructShape side : List.of(left, right)) {
            List<org.apache.kafka.connect.data.Field> fields = side.schema.fields();
            for (int i = 0; i < fields.size(); i++) {
                String name = fields.get(i).name();
                Integer at = index.get(name);
                if (at == null) {
                    index.put(name, fieldNames.size());
                    fieldNames.add(name);
                    jsonKeys.add(side.jsonKeys[i]);
                    children.add(side.children[i]);
                } else if (!jsonKeys.get(at).equals(side.jsonKeys[i])) {
                    throw new Unexpandable("elements of " + where + " name the field '" + name + "' with different JSON keys");
                } else {
                    children.set(at, unify(children.get(at), side.children[i], where + " field '" + name + "'"));
                }
            }
        }
        SchemaBuilder b = SchemaBuilder.struct().name(left.schema.name());
        if (optional) {
            b.optional();
        }
        for (int i = 0; i < fieldNames.size(); i++) {
            b.field(fieldNames.get(i), children.get(i).schema);
        }
        return new StructShape(b.build(), jsonKeys, children);
    }

    /** One shape for the values two elements of an array hold at the same place. */
    private Shape unify(Shape a, Shape b, String where) {
        if (a.schema.equals(b.schema) && sameKeys(a, b)) {
            return a;
        }
        if (a == Leaf.NULL) {
            return b;
        }
        if (b == Leaf.NULL) {
            return a;
        }
        if (a instanceof StructShape sa && b instanceof StructShape sb) {
            return merge(sa, sb, true, where);
        }
        if (a instanceof ArrayShape aa && b instanceof ArrayShape ab) {
            if (aa.placeholder || ab.placeholder) {
                return aa.placeholder ? ab : aa;
            }
            Shape e = unify(aa.element, ab.element, where);
            return new ArrayShape(SchemaBuilder.array(e.schema).optional().build(), e, false);
        }
        throw new Unexpandable(where + " holds values of different types (" + a.schema.type() + " and "
                + b.schema.type() + ")");
    }

    private boolean sameKeys(Shape a, Shape b) {
        if (names == FieldNames.NONE) {
            return true; // keys are field names
        }
        if (a instanceof StructShape sa && b instanceof StructShape sb) {
            if (!Arrays.equals(sa.jsonKeys, sb.jsonKeys)) {
                return false;
            }
            for (int i = 0; i < sa.children.length; i++) {
                if (!sameKeys(sa.children[i], sb.children[i])) {
                    return false;
                }
            }
            return true;
        }
        return !(a instanceof ArrayShape aa && b instanceof ArrayShape ab) || sameKeys(aa.element, ab.element);
    }

    private static String where(String key) {
        return key == null ? "in an array of arrays" : "'" + key + "'";
    }

    private static String kind(JsonNode n) {
        return n.getNodeType() == JsonNodeType.NUMBER ? number(n).schema.type().toString() : n.getNodeType().toString();
    }

    // ------------------------------------------------------------------ shapes

    /** A JSON scalar (or null) of one kind. */
    static final class Leaf extends Shape {
        static final Leaf STRING = new Leaf(Schema.OPTIONAL_STRING_SCHEMA);
        static final Leaf BOOLEAN = new Leaf(Schema.OPTIONAL_BOOLEAN_SCHEMA);
        static final Leaf INT = new Leaf(Schema.OPTIONAL_INT32_SCHEMA);
        static final Leaf LONG = new Leaf(Schema.OPTIONAL_INT64_SCHEMA);
        static final Leaf DOUBLE = new Leaf(Schema.OPTIONAL_FLOAT64_SCHEMA);
        /** A JSON null kept as an optional bytes field ({@code optional_bytes}): always null. */
        static final Leaf NULL = new Leaf(Schema.OPTIONAL_BYTES_SCHEMA);

        private Leaf(Schema schema) {
            super(schema);
        }

        @Override
        Object connect(JsonNode node) {
            if (node.isNull()) {
                return null;
            }
            if (this == STRING && node.isTextual()) {
                return node.textValue();
            }
            if (this == BOOLEAN && node.isBoolean()) {
                return node.booleanValue();
            }
            if (this == INT && node.isInt()) {
                return node.intValue();
            }
            if (this == LONG && node.isLong()) {
                return node.longValue();
            }
            if (this == DOUBLE && node.isNumber() && !node.isInt() && !node.isLong()) {
                return node.doubleValue();
            }
            throw new Mismatch();
        }

        @Override
        Object plain(JsonNode node) {
            return connect(node);
        }
    }

    /** A JSON object: a struct of its fields. */
    static final class StructShape extends Shape {
        final String[] jsonKeys;
        final Shape[] children;
        private final RawStructs.Writer writer;

        StructShape(Schema schema, List<String> jsonKeys, List<Shape> children) {
            super(schema);
            this.jsonKeys = jsonKeys.toArray(new String[0]);
            this.children = children.toArray(new Shape[0]);
            List<Schema> proven = new ArrayList<>();
            for (Shape c : children) {
                proven.add(c.schema); // every value written is converted for its field's own schema
            }
            this.writer = RawStructs.writer(schema, proven);
        }

        @Override
        Object connect(JsonNode node) {
            if (node.isNull()) {
                return null;
            }
            if (!node.isObject()) {
                throw new Mismatch();
            }
            Struct s = writer.newStruct();
            Object[] slots = writer.slots(s);
            for (int i = 0; i < jsonKeys.length; i++) {
                JsonNode v = node.get(jsonKeys[i]);
                if (v != null) {
                    writer.set(s, slots, i, children[i].connect(v));
                }
            }
            return s;
        }

        @Override
        Object plain(JsonNode node) {
            if (node.isNull()) {
                return null;
            }
            if (!node.isObject()) {
                throw new Mismatch();
            }
            Map<String, Object> m = new LinkedHashMap<>();
            List<org.apache.kafka.connect.data.Field> fields = schema.fields();
            for (int i = 0; i < jsonKeys.length; i++) {
                JsonNode v = node.get(jsonKeys[i]);
                if (v != null) {
                    m.put(fields.get(i).name(), children[i].plain(v));
                }
            }
            return m;
        }
    }

    /** A JSON array: a list of one element shape. */
    static final class ArrayShape extends Shape {
        /** An empty array kept as an optional array of optional strings ({@code optional_string}). */
        static final ArrayShape EMPTY = new ArrayShape(SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).optional()
                .build(), Leaf.STRING, true);

        final Shape element;
        /** Whether this is {@link #EMPTY}, which any other array's shape replaces in a merge. */
        final boolean placeholder;

        ArrayShape(Schema schema, Shape element, boolean placeholder) {
            super(schema);
            this.element = element;
            this.placeholder = placeholder;
        }

        @Override
        Object connect(JsonNode node) {
            if (node.isNull()) {
                return null;
            }
            if (!node.isArray()) {
                throw new Mismatch();
            }
            List<Object> out = new ArrayList<>(node.size());
            for (JsonNode e : node) {
                out.add(element.connect(e));
            }
            return out;
        }

        @Override
        Object plain(JsonNode node) {
            if (node.isNull()) {
                return null;
            }
            if (!node.isArray()) {
                throw new Mismatch();
            }
            List<Object> out = new ArrayList<>(node.size());
            for (JsonNode e : node) {
                out.add(element.plain(e));
            }
            return out;
        }
    }
}
