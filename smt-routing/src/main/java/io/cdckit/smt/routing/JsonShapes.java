/*
 * Over 400 lines because the inference is one algorithm whose parts must be read together: Debezium's
 * rules (first element, hash-ordered merges, optional and required structs), the places ours departs
 * from them, and the positions its refusals name instead of keys.
 */
package io.cdckit.smt.routing;

import io.cdckit.smt.routing.OutboxOptions.FieldNames;
import io.cdckit.smt.routing.OutboxOptions.JsonEmptyArrays;
import io.cdckit.smt.routing.OutboxOptions.JsonNulls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.NullNode;

import org.apache.kafka.connect.data.ConnectSchema;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.errors.DataException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
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
 *       leaves no field, a null under {@code ignore}, is no matter). A key adjusted to the name
 *       another key of the object has as it is ({@code a-b} and {@code a_b} in {@code avro}) makes
 *       one field, as in Debezium: its schema that of the first of the two with one, its value that
 *       of the key that has the name ({@code a_b}).</li>
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
 *   <li>An array of arrays has the schema of its first element that is not null, as Debezium's
 *       has, merged with what the later elements add: a later element that holds no value (only
 *       nulls, empty arrays and arrays of them, at any depth) adds nothing, as a null element does,
 *       and where one element is an empty array ({@code optional_string}) and another an array of
 *       nulls ({@code optional_bytes}) the first element's schema is kept, as Debezium keeps it.</li>
 * </ul>
 *
 * <p>Where Debezium's expansion fails after it has replaced the schema (a record whose value does
 * not match its schema, or a {@code DataException}), or loses values, this class differs: the
 * fields of nested objects are merged at every depth (Debezium keeps the first element's nested
 * schema and drops the other elements' extra fields), the later elements of an array of arrays
 * are merged in (Debezium reads them with the first element's schema), and two elements whose
 * field has different types (not a null), or two keys that are both adjusted to one field name
 * (Debezium fails the first time it meets such a pair in the JVM, and afterwards gives the field a
 * null), make the document {@link Unexpandable} (left as it is). The values of fields whose names
 * were adjusted are kept (Debezium's are null). Immutable and thread-safe.
 */
final class JsonShapes {

    /**
     * A document the rules cannot give one schema for. The reason says where by position only
     * ({@code $.<field 2>[3]}: the third key's value, its fourth element, counted from 0;
     * {@code [*]}: in any element), never by a key or a value: keys of map-shaped payloads are data.
     */
    static final class Unexpandable extends RuntimeException {
        Unexpandable(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Where a value is in the document: the position of each step from the root, never a key. */
    private record Pos(Pos parent, int index, char step) {
        static final Pos ROOT = new Pos(null, 0, '$');

        Pos field(int i) {
            return new Pos(this, i, '.');
        }

        Pos element(int i) {
            return new Pos(this, i, '[');
        }

        Pos every() {
            return new Pos(this, -1, '[');
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder();
            for (Pos p = this; p != null; p = p.parent) {
                String s = p.step == '$' ? "$" : p.step == '.' ? ".<field " + p.index + ">"
                        : p.index < 0 ? "[*]" : "[" + p.index + "]";
                b.insert(0, s);
            }
            return b.toString();
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
        JsonShape s = infer(column, root, Pos.ROOT, false);
        if (s == null) {
            throw new Unexpandable("the payload is an array with nothing to infer a schema from (empty, or only nulls)");
        }
        try { // once per shape: every document of the shape has its nulls where this one has them
            ConnectSchema.validateValue(s.schema, s.value(root, false));
        } catch (DataException | JsonShape.Mismatch e) {
            throw new Unexpandable("its value would not match the schema inferred (a later element of an array of "
                    + "arrays holds a null where the first's elements are required structs, as in Debezium's)");
        }
        return s;
    }

    /**
     * The shape of {@code node} at {@code key} (a struct's name: its path, or null in an array of
     * arrays); null: none. {@code later}: the node is in a later element of an array of arrays,
     * which Debezium converts with the first element's schema without inferring its own; there an
     * array that holds no value gives no shape, as a null does.
     */
    private JsonShape infer(String key, JsonNode node, Pos at, boolean later) {
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
                return later && holdsNoValue(node) ? null : array(key, node, at, later);
            case OBJECT:
                return object(key, node, at, later);
            default:
                return null;
        }
    }

    /** Whether an array holds only nulls, empty arrays and arrays of them. */
    private static boolean holdsNoValue(JsonNode array) {
        for (JsonNode e : array) {
            if (!e.isNull() && !(e.isArray() && holdsNoValue(e))) {
                return false;
            }
        }
        return true;
    }

    private static JsonShape.Leaf number(JsonNode node) {
        return node.isInt() ? JsonShape.Leaf.INT : node.isLong() ? JsonShape.Leaf.LONG : JsonShape.Leaf.DOUBLE;
    }

    private JsonShape.Struct object(String key, JsonNode node, Pos at, boolean later) {
        SchemaBuilder b = SchemaBuilder.struct().name(key).optional();
        List<String> jsonKeys = new ArrayList<>();
        List<JsonShape> children = new ArrayList<>();
        Map<String, Integer> adjusted = null; // a name some key was adjusted to: that key's position
        String prefix = key == null || key.isBlank() ? "" : key + ".";
        int i = -1;
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            i++;
            String jsonKey = e.getKey();
            String name = names.adjust(jsonKey);
            if (!name.equals(jsonKey)) { // Debezium fails on two keys adjusted to one name, whatever their values
                adjusted = adjusted == null ? new HashMap<>() : adjusted;
                Integer other = adjusted.putIfAbsent(name, i);
                if (other != null) {
                    throw new Unexpandable("the keys at " + at.field(other) + " and " + at.field(i) + " are both "
                            + "adjusted to one field name by field.name.adjustment.mode");
                }
            }
            JsonShape child = infer(prefix + name, e.getValue(), at.field(i), later);
            if (child == null || b.field(name) != null) {
                continue; // no field; or the name's, which the first key with a schema gave it
            }
            if (name.isEmpty()) { // Debezium's SchemaBuilder refuses it too, and leaves the payload as it is
                if (later && child == JsonShape.Leaf.NULL) {
                    continue; // a later element's null that Debezium never reads
                }
                throw new Unexpandable("the key at " + at.field(i) + " is empty: no Connect field can be named so");
            }
            JsonNode named = name.equals(jsonKey) ? null : node.get(name);
            if (named != null) { // Debezium's value is that of the key that has the name
                child = valueOfNamed(prefix + name, named, child, at, later);
                jsonKey = name;
            }
            b.field(name, child.schema);
            jsonKeys.add(jsonKey);
            children.add(child);
        }
        return new JsonShape.Struct(b.build(), jsonKeys, children);
    }

    /**
     * The shape that converts {@code named}, the value of the key that has the name another key
     * was adjusted to, with the schema {@code first} (that other key's) gave the field.
     */
    private JsonShape valueOfNamed(String key, JsonNode named, JsonShape first, Pos at, boolean later) {
        if (named.isNull()) {
            return first;
        }
        JsonShape own = infer(key, named, at, later);
        if (own == null && named.isArray() && first instanceof JsonShape.Array) {
            return first; // an empty array (ignore) in an array's schema
        }
        if (own != null && own.schema.equals(first.schema)) {
            return own;
        }
        JsonShape u = own == null ? null : unifyOrNull(first, own, at);
        if (u != null && u.schema.equals(first.schema)) {
            return u; // what it holds fits the schema (an array of nulls in an array of numbers)
        }
        throw new Unexpandable("two keys of the object at " + at + " name one field (field.name.adjustment.mode) "
                + "with values of different types");
    }

    private JsonShape unifyOrNull(JsonShape a, JsonShape b, Pos at) {
        try {
            return unify(a, b, false, at);
        } catch (Unexpandable e) {
            return null;
        }
    }

    private JsonShape array(String key, JsonNode node, Pos at, boolean later) {
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
                throw new Unexpandable("the array at " + at + " has elements of different types (" + kind(sample)
                        + " and " + kind(e) + ")");
            }
        }
        JsonShape element;
        if (sample != null && sample.isObject()) {
            element = objects(key, node, hasNulls, at, later);
        } else if (sample != null && sample.isArray()) {
            element = arrays(node, at, later);
        } else {
            element = infer(null, sample == null ? NullNode.getInstance() : sample, at.element(0), later);
            if (element == null) {
                throw new Unexpandable("the array at " + at + " has no element to infer a schema from (only nulls)");
            }
        }
        return new JsonShape.Array(SchemaBuilder.array(element.schema).optional().build(), element, false, hasNulls);
    }

    /** The element shape of an array of arrays: its first's, merged with what the later ones add. */
    private JsonShape arrays(JsonNode array, Pos at, boolean later) {
        JsonShape element = null;
        boolean first = true;
        int i = -1;
        for (JsonNode e : array) {
            i++;
            if (e.isNull()) {
                continue;
            }
            JsonShape s = infer(null, e, at.element(i), later || !first);
            if (first && s == null && !later) { // Debezium infers from the first, and fails where it gives none
                throw new Unexpandable("the array at " + at + " has no element to infer a schema from (its first "
                        + "is an empty array or holds only nulls)");
            }
            first = false;
            element = element == null ? s : s == null ? element : unify(element, s, false, at.every());
        }
        if (element == null) {
            throw new Unexpandable("the array at " + at + " has no element to infer a schema from");
        }
        return element;
    }

    /** The merged shape of the objects of an array, in the order Debezium merges their schemas. */
    private JsonShape objects(String key, JsonNode array, boolean hasNulls, Pos at, boolean later) {
        Set<Schema> order = new HashSet<>();
        Map<Schema, JsonShape.Struct> shapes = new HashMap<>();
        int i = -1;
        for (JsonNode e : array) {
            i++;
            if (!e.isObject()) {
                continue;
            }
            JsonShape.Struct s = object(key, e, at.element(i), later);
            JsonShape.Struct seen = shapes.putIfAbsent(s.schema, s);
            if (seen != null && !sameKeys(seen, s)) {
                throw new Unexpandable("elements of the array at " + at + " name one field with different JSON keys");
            }
            order.add(s.schema);
        }
        JsonShape.Struct merged = null;
        for (Schema s : order) {
            merged = merged == null ? shapes.get(s) : merge(merged, shapes.get(s), false, at.every());
        }
        // the merge of two or more is required, as Debezium's; with nulls in the array it must be optional
        return order.size() > 1 && hasNulls ? merge(merged, merged, true, at.every()) : merged;
    }

    /**
     * {@code left} with the fields of {@code right} it lacks appended, and each shared field unified;
     * named as {@code left}, optional or not as said ({@code left} itself when that changes nothing).
     */
    private JsonShape.Struct merge(JsonShape.Struct left, JsonShape.Struct right, boolean optional, Pos at) {
        Map<String, Integer> index = new HashMap<>();
        List<String> fieldNames = new ArrayList<>();
        List<String> jsonKeys = new ArrayList<>();
        List<JsonShape> children = new ArrayList<>();
        boolean changed = optional != left.schema.isOptional();
        for (JsonShape.Struct side : List.of(left, right)) {
            List<Field> fields = side.schema.fields();
            for (int i = 0; i < fields.size(); i++) {
                String name = fields.get(i).name();
                Integer to = index.get(name);
                if (to == null) {
                    changed |= side != left;
                    index.put(name, fieldNames.size());
                    fieldNames.add(name);
                    jsonKeys.add(side.jsonKeys[i]);
                    children.add(side.children[i]);
                } else if (!jsonKeys.get(to).equals(side.jsonKeys[i])) {
                    throw new Unexpandable("elements at " + at + " name one field with different JSON keys");
                } else {
                    JsonShape u = unify(children.get(to), side.children[i], false, at);
                    changed |= u != children.get(to);
                    children.set(to, u);
                }
            }
        }
        if (!changed) {
            return left;
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

    /**
     * One shape for the values two elements of an array hold at the same place: {@code a}, the
     * first's, with what {@code b} adds; {@code nullable}: the array {@code b} is an element of holds
     * nulls (a required struct of {@code a} must then be optional).
     */
    private JsonShape unify(JsonShape a, JsonShape b, boolean nullable, Pos at) {
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
            return merge(sa, sb, sa.schema.isOptional() || nullable, at);
        }
        if (a instanceof JsonShape.Array aa && b instanceof JsonShape.Array ab) {
            if (aa.placeholder) { // an empty array first: the other's, unless that holds only nulls (Debezium keeps the first)
                return ab.element == JsonShape.Leaf.NULL ? aa : ab;
            }
            if (ab.placeholder) {
                return aa;
            }
            JsonShape e = unify(aa.element, ab.element, ab.holdsNulls, at.every());
            return e == aa.element && !(ab.holdsNulls && !aa.holdsNulls) ? aa : new JsonShape.Array(
                    SchemaBuilder.array(e.schema).optional().build(), e, false, aa.holdsNulls || ab.holdsNulls);
        }
        throw new Unexpandable("the values at " + at + " are of different types (" + a.schema.type() + " and "
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

    private static String kind(JsonNode n) {
        return n.getNodeType() == JsonNodeType.NUMBER ? number(n).schema.type().toString() : n.getNodeType().toString();
    }
}
