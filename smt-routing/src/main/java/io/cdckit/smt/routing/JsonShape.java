package io.cdckit.smt.routing;

import io.cdckit.core.record.RawStructs;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compiled shape of a JSON value ({@link JsonShapes} infers them): its Connect schema and the
 * conversion of JSON nodes of that shape, to Connect data or to schemaless Maps and Lists. A JSON
 * null is null in every shape. Immutable and thread-safe.
 */
abstract class JsonShape {

    /** A JSON node that does not have the shape it was compiled for (not expected: a shape is exact). */
    static final class Mismatch extends RuntimeException {
        Mismatch() {
            super("the document does not have the compiled shape", null, false, false);
        }
    }

    final Schema schema;

    JsonShape(Schema schema) {
        this.schema = schema;
    }

    /**
     * The value of {@code node}: Connect data (Structs, Lists, primitives), or with
     * {@code schemaless} Maps, Lists and primitives; null for a JSON null.
     *
     * @throws Mismatch if the node does not have this shape
     */
    final Object value(JsonNode node, boolean schemaless) {
        return node.isNull() ? null : convert(node, schemaless);
    }

    /** {@link #value} of a node that is not a JSON null. */
    abstract Object convert(JsonNode node, boolean schemaless);

    /** A JSON scalar (or null) of one kind. */
    static final class Leaf extends JsonShape {
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
        Object convert(JsonNode node, boolean schemaless) {
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
    }

    /** A JSON object: a struct of its fields (a map of them, schemaless). */
    static final class Struct extends JsonShape {
        final String[] jsonKeys;
        final JsonShape[] children;
        private final String[] names;
        private final RawStructs.Writer writer;

        Struct(Schema schema, List<String> jsonKeys, List<JsonShape> children) {
            super(schema);
            this.jsonKeys = jsonKeys.toArray(new String[0]);
            this.children = children.toArray(new JsonShape[0]);
            this.names = schema.fields().stream().map(Field::name).toArray(String[]::new);
            List<Schema> proven = new ArrayList<>();
            for (JsonShape c : children) {
                proven.add(c.schema); // every value written is converted for its field's own schema
            }
            this.writer = RawStructs.writer(schema, proven);
        }

        /** The Connect field names, in the schema's order. */
        String[] names() {
            return names;
        }

        /** The writer of this shape's Structs. */
        RawStructs.Writer writer() {
            return writer;
        }

        @Override
        Object convert(JsonNode node, boolean schemaless) {
            if (!node.isObject()) {
                throw new Mismatch();
            }
            org.apache.kafka.connect.data.Struct s = schemaless ? null : writer.newStruct();
            Object[] slots = schemaless ? null : writer.slots(s);
            Map<String, Object> m = schemaless ? new LinkedHashMap<>() : null;
            for (int i = 0; i < jsonKeys.length; i++) {
                JsonNode v = node.get(jsonKeys[i]);
                if (v == null) {
                    continue; // absent: null in a Struct, no key in a map
                }
                Object converted = children[i].value(v, schemaless);
                if (schemaless) {
                    m.put(names[i], converted);
                } else {
                    writer.set(s, slots, i, converted);
                }
            }
            return schemaless ? m : s;
        }
    }

    /** A JSON array: a list of one element shape. */
    static final class Array extends JsonShape {
        /** An empty array kept as an optional array of optional strings ({@code optional_string}). */
        static final Array EMPTY = new Array(SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).optional()
                .build(), Leaf.STRING, true, false);

        final JsonShape element;
        /** Whether this is {@link #EMPTY}, which another array's shape replaces in a merge. */
        final boolean placeholder;
        /** Whether an array it was inferred from holds nulls (so that its element schema must be optional). */
        final boolean holdsNulls;

        Array(Schema schema, JsonShape element, boolean placeholder, boolean holdsNulls) {
            super(schema);
            this.element = element;
            this.placeholder = placeholder;
            this.holdsNulls = holdsNulls;
        }

        @Override
        Object convert(JsonNode node, boolean schemaless) {
            if (!node.isArray()) {
                throw new Mismatch();
            }
            List<Object> out = new ArrayList<>(node.size());
            for (JsonNode e : node) {
                out.add(element.value(e, schemaless));
            }
            return out;
        }
    }
}
