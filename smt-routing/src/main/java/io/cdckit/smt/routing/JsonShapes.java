package io.cdckit.smt.routing;

import io.cdckit.smt.routing.OutboxOptions.FieldNames;
import io.cdckit.smt.routing.OutboxOptions.JsonEmptyArrays;
import io.cdckit.smt.routing.OutboxOptions.JsonNulls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.NullNode;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

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
 * ({@link JsonPayloads} keeps one {@link JsonShape} per shape of document).
 *
 * <h2>The rules</h2>
 * <ul>
 *   <li>A string is an optional {@code STRING}, a boolean an optional {@code BOOLEAN}; a number an
 *       optional {@code INT32} if it is an integer that fits 32 bits, an optional {@code INT64} if
 *       one that fits 64, an optional {@code FLOAT64} otherwise (a larger integer gives its nearest
 *       double).</li>
 *   <li>An object is an optional struct named by its path from the payload column's name
 *       ({@code payload}, {@code payload.customer}), its fields in the document's order, named as
 *       {@code field.name.adjustment.mode} says. A key that is (or is adjusted to) the empty string
 *       names no Connect field: the document stays text, as Debezium's does (a key whose value
 *       leaves no field, a null under {@code ignore}, is no matter).</li>
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
    JsonShape document(String column, JsonNode root) {
        JsonShape s = infer(column, root);
        if (s == null) {
            throw new Unexpandable("the payload is an array with nothing to infer a schema from (empty, or only nulls)");
        }
        return s;
    }

    /** The shape of {@code node} at {@code key} (a struct's name: its path, or null in an array of arrays); null: none. */
    private JsonShape infer(String key, JsonNode node) {
        switch (node.getNodeType()) {
            case STRING:
                return JsonShape.Leaf.STRING;
            case BOOLEAN:
                return JsonShape.Leaf.BOOLEAN;
            case NUMBER:
                return number(node);
            case NULL:
                return nulls == JsonNulls.OPTIONAL_BYTES ? JsonShape.Leaf.NULL : null;
            case ARRAY:
                return array(key, node);
            case OBJECT:
                return object(key, node);
            default:
                return null;
        }
    }

    private static JsonShape.Leaf number(JsonNode node) {
        return node.isInt() ? JsonShape.Leaf.INT : node.isLong() ? JsonShape.Leaf.LONG : JsonShape.Leaf.DOUBLE;
    }

    private JsonShape.Struct object(String key, JsonNode node) {
        SchemaBuilder b = SchemaBuilder.struct().name(key).optional();
        List<String> jsonKeys = new ArrayList<>();
        List<JsonShape> children = new ArrayList<>();
        String prefix = key == null || key.isBlank() ? "" : key + ".";
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String name = names.adjust(e.getKey());
            JsonShape child = infer(prefix + name, e.getValue());
            if (child == null) {
                continue;
            }
            if (name.isEmpty()) { // Debezium's SchemaBuilder refuses it too, and leaves the payload as it is
                throw new Unexpandable("a key of " + where(key) + " is empty: no Connect field can be named so");
            }
            if (b.field(name) != null) {
                throw new Unexpandable("two keys of " + where(key) + " are both named '" + name
                        + "' by field.name.adjustment.mode");
            }
            b.field(name, child.schema);
            jsonKeys.add(e.getKey());
            children.add(child);
        }
        return new JsonShape.Struct(b.build(), jsonKeys, children);
    }

    private JsonShape array(String key, JsonNode node) {
        if (node.isEmpty()) {
            return emptyArrays == JsonEmptyArrays.OPTIONAL_STRING ? JsonShape.Array.EMPTY : null;
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
        JsonShape element;
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
                    JsonShape other = e.isNull() ? null : infer(null, e);
                    element = other == null ? element : unify(element, other, where(key) + "'s elements");
                }
            }
        }
        return new JsonShape.Array(SchemaBuilder.array(element.schema).optional().build(), element, false);
    }

    /** The merged shape of the objects of an array, in the order Debezium merges their schemas. */
    private JsonShape objects(String key, JsonNode array, boolean hasNulls) {
        Set<Schema> order = new HashSet<>();
        Map<Schema, JsonShape.Struct> shapes = new HashMap<>();
        for (JsonNode e : array) {
            if (!e.isObject()) {
                continue;
            }
            JsonShape.Struct s = object(key, e);
            JsonShape.Struct seen = shapes.putIfAbsent(s.schema, s);
            if (seen != null && !sameKeys(seen, s)) {
                throw new Unexpandable("elements of the array " + where(key) + " name a field with different JSON keys");
            }
            order.add(s.schema);
        }
        JsonShape.Struct merged = null;
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
    private JsonShape.Struct merge(JsonShape.Struct left, JsonShape.Struct right, boolean optional, String where) {
        Map<String, Integer> index = new HashMap<>();
        List<String> fieldNames = new ArrayList<>();
        List<String> jsonKeys = new ArrayList<>();
        List<JsonShape> children = new ArrayList<>();
        for (JsonShape.Struct side : List.of(left, right)) {
            List<Field> fields = side.schema.fields();
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
        return new JsonShape.Struct(b.build(), jsonKeys, children);
    }

    /** One shape for the values two elements of an array hold at the same place. */
    private JsonShape unify(JsonShape a, JsonShape b, String where) {
        if (a.schema.equals(b.schema) && sameKeys(a, b)) {
            return a;
        }
        if (a == JsonShape.Leaf.NULL) {
            return b;
        }
        if (b == JsonShape.Leaf.NULL) {
            return a;
        }
        if (a instanceof JsonShape.Struct sa && b instanceof JsonShape.Struct sb) {
            return merge(sa, sb, true, where);
        }
        if (a instanceof JsonShape.Array aa && b instanceof JsonShape.Array ab) {
            if (aa.placeholder || ab.placeholder) {
                return aa.placeholder ? ab : aa;
            }
            JsonShape e = unify(aa.element, ab.element, where);
            return new JsonShape.Array(SchemaBuilder.array(e.schema).optional().build(), e, false);
        }
        throw new Unexpandable(where + " holds values of different types (" + a.schema.type() + " and "
                + b.schema.type() + ")");
    }

    private boolean sameKeys(JsonShape a, JsonShape b) {
        if (names == FieldNames.NONE) {
            return true; // keys are field names
        }
        if (a instanceof JsonShape.Struct sa && b instanceof JsonShape.Struct sb) {
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
        return !(a instanceof JsonShape.Array aa && b instanceof JsonShape.Array ab) || sameKeys(aa.element, ab.element);
    }

    private static String where(String key) {
        return key == null ? "in an array of arrays" : "'" + key + "'";
    }

    private static String kind(JsonNode n) {
        return n.getNodeType() == JsonNodeType.NUMBER ? number(n).schema.type().toString() : n.getNodeType().toString();
    }
}
