/*
 * Over 400 lines because the flatten is one behaviour in two forms that must stay in step: the
 * Struct form compiled per schema (names, optionality, defaults, the block copy) and the schemaless
 * form with its clash and key checks, together with the list of where both differ from Kafka's.
 */
package io.cdckit.core.row;

import io.cdckit.core.path.FieldPath;
import io.cdckit.core.path.FieldPathException;
import io.cdckit.core.record.Describe;
import io.cdckit.core.record.RawStructs;
import io.cdckit.core.record.SchemaCopy;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Flattens a row: the fields of nested structs (or the keys of nested maps) become top-level
 * fields named by their path, the names joined by the delimiter ({@code address.city}). It gives
 * what Kafka's {@code org.apache.kafka.connect.transforms.Flatten$Value} gives (3.9 and 4.x
 * behave alike), except where listed below.
 *
 * <h2>With a schema</h2>
 * <ul>
 *   <li>Output fields come depth first, in field order; a struct with no fields gives none.</li>
 *   <li>Every field that is not a struct is a leaf: primitives (with their logical names, versions,
 *       docs and parameters, so Decimal, Date, Time and Timestamp stay what they are), arrays and
 *       maps, kept as values (an array of structs is not flattened).</li>
 *   <li>A leaf is optional if it or any struct above it is optional, the root included.</li>
 *   <li>A leaf's default is its own default; if it has none, the value that the nearest struct
 *       above it with a default (the root included) holds for it, if any. A struct's own default
 *       wins over the one its parent's default gives it.</li>
 *   <li>The root's name, version, doc and parameters are kept; it is required (unless
 *       {@link #compile(Schema, boolean)} is asked to keep an optional root optional) and has no
 *       default (a default of the nested shape would not fit), whatever the input's.</li>
 *   <li>A leaf schema equal to the input field's schema is that schema object, and an output schema
 *       equal to the input schema (no struct field, a required root without default) is the input
 *       schema object.</li>
 *   <li>Values: a null nested struct (even one whose schema has a default) leaves its leaves null.
 *       With {@link ReadMode#DEFAULTS} (Kafka's behaviour, and the default) a null leaf is read as
 *       {@code Struct.get} reads it: its own default if it has one. With {@link ReadMode#RAW} it
 *       stays null. A null in a required leaf without a default of its own (an input that was
 *       never validated) fails with a {@link FieldPathException}, as Kafka's {@code Struct.put}
 *       fails.</li>
 * </ul>
 *
 * <h2>Without a schema</h2>
 * <p>Nested {@code Map}s are flattened into top-level keys, depth first in each map's order;
 * an empty nested map gives no key. Every other value (null, a list, which is not looked into, a
 * string, a number, a {@code BigDecimal} or {@code java.util.Date} as cdckit's casts give them) is
 * a leaf kept as it is. Copy-on-write: a row without a nested map is
 * returned as is; otherwise the result is a new {@code LinkedHashMap} sharing the values.
 *
 * <h2>Differences from Kafka's {@code Flatten}</h2>
 * <ul>
 *   <li>Two leaves that give one name: Kafka's schemaless flatten keeps the last value silently
 *       (data lost), and its schema'd one fails in {@code SchemaBuilder} naming only the name. Here
 *       both fail with a {@link FieldPathException}: with a schema naming both paths, schemaless
 *       saying how deep the two keys are (map keys may be data, so they are never named).</li>
 *   <li>A schemaless leaf of a type Connect infers no schema for ({@code BigDecimal},
 *       {@code java.util.Date}, as cdckit's casts give them, or a {@code Struct}): Kafka fails; here it
 *       is kept as a value.</li>
 *   <li>A {@code MAP} field in a schema: Kafka fails ("does not support MAP"); here it is a leaf,
 *       kept as a value like an array.</li>
 *   <li>A schemaless map key that is not a string: Kafka throws a {@code ClassCastException}; here a
 *       {@link FieldPathException} naming the map and the key's type.</li>
 *   <li>A null schemaless key: kept at the top level as Kafka keeps it, but one that would have to
 *       be joined into a name (in a nested map, where Kafka writes {@code "<prefix>.null"}, or at the
 *       top level holding a map, where Kafka throws a {@code NullPointerException}) fails with a
 *       {@link FieldPathException}.</li>
 *   <li>A struct default that is not a Struct with the fields of its schema (a schema built
 *       without validation): Kafka fails with a {@code ClassCastException} or an index error; here
 *       compiling fails with a {@link FieldPathException}.</li>
 *   <li>Opt-in only: {@link ReadMode#RAW}, which keeps stored nulls (Kafka always reads defaults),
 *       and {@link #compile(Schema, boolean)} keeping an optional root optional.</li>
 *   <li>A null row gives null (Kafka returns the record, schema included, unchanged: the caller
 *       keeps the input schema for a null row).</li>
 * </ul>
 *
 * <p>Immutable and thread-safe; {@link Compiled} too.
 */
final class RowFlatten {

    private final String delimiter;
    private final ReadMode reads;

    /** A flatten reading as Kafka's does ({@link ReadMode#DEFAULTS}). */
    RowFlatten(String delimiter) {
        this(delimiter, ReadMode.DEFAULTS);
    }

    /**
     * @param delimiter what joins the names; not empty
     * @param reads     how a null leaf of a Struct is read
     */
    RowFlatten(String delimiter, ReadMode reads) {
        if (delimiter == null || delimiter.isEmpty()) {
            throw new IllegalArgumentException("The flatten delimiter must not be empty");
        }
        this.delimiter = delimiter;
        this.reads = Objects.requireNonNull(reads, "reads");
    }

    String delimiter() {
        return delimiter;
    }

    ReadMode reads() {
        return reads;
    }

    // ------------------------------------------------------------------------------------------
    // With a schema

    /**
     * Compiles the flatten of rows of one struct schema.
     *
     * @throws FieldPathException       if two leaves give one name (naming both paths), or a struct's
     *                                  default is not a Struct of its schema
     * @throws IllegalArgumentException if the schema is not a struct schema
     */
    Compiled compile(Schema structSchema) {
        return compile(structSchema, false);
    }

    /**
     * Compiles the flatten of rows of one struct schema, as {@link #compile(Schema)} does, but with
     * {@code keepOptional} an optional input gives an optional output root (Kafka's is always
     * required): for a row that is an optional field of something else, such as an envelope's
     * {@code before} and {@code after}. The leaves are the same either way.
     */
    Compiled compile(Schema structSchema, boolean keepOptional) {
        if (structSchema == null || structSchema.type() != Schema.Type.STRUCT) {
            throw new IllegalArgumentException("Only a struct schema can be flattened, not "
                    + Describe.schema(structSchema));
        }
        SchemaBuilder rootBuilder = SchemaCopy.copyMetadata(structSchema, SchemaBuilder.struct());
        if (keepOptional && structSchema.isOptional()) {
            rootBuilder.optional();
        }
        Compiler c = new Compiler(rootBuilder);
        List<String> trail = new ArrayList<>();
        Group root = c.group(structSchema, trail, null, structSchema.isOptional(),
                structDefault(structSchema.defaultValue(), structSchema, trail));
        Schema built = c.builder.build();
        Schema output = built.equals(structSchema) ? structSchema : built;
        return new Compiled(structSchema, output, root, c.leafSchemas);
    }

    /**
     * A struct's default (its own, or the one its parent's default gives it), checked to be a Struct
     * with the fields of its schema. (Not of an equal schema: the usual way to give a struct schema a
     * default makes a Struct of its builder, {@code new Struct(builder)}, which equals no built schema.)
     */
    private static Struct structDefault(Object d, Schema struct, List<String> trail) {
        if (d == null || d instanceof Struct && sameFields(((Struct) d).schema(), struct)) {
            return (Struct) d;
        }
        throw new FieldPathException("Cannot flatten " + (trail.isEmpty() ? "the row" : "'" + text(trail) + "'")
                + ": its default is a " + Describe.type(d) + ", not a Struct with the fields of its schema");
    }

    private static boolean sameFields(Schema a, Schema b) {
        if (a == b) {
            return true;
        }
        if (a.type() != Schema.Type.STRUCT || a.fields().size() != b.fields().size()) {
            return false;
        }
        for (int i = 0; i < b.fields().size(); i++) {
            if (!a.fields().get(i).name().equals(b.fields().get(i).name())) {
                return false;
            }
        }
        return true;
    }

    /** Builds the output schema and the groups, depth first. */
    private final class Compiler {
        final SchemaBuilder builder;
        final List<Schema> leafSchemas = new ArrayList<>();
        /** Output name to the path text of the leaf that gives it. */
        final Map<String, String> pathOf = new HashMap<>();

        Compiler(SchemaBuilder builder) {
            this.builder = builder;
        }

        Group group(Schema struct, List<String> trail, String prefix, boolean optional, Struct parentDefault) {
            List<Field> leaves = new ArrayList<>();
            List<Integer> outs = new ArrayList<>();
            List<Schema> outSchemas = new ArrayList<>();
            List<String> paths = new ArrayList<>();
            List<Field> structs = new ArrayList<>();
            List<Group> children = new ArrayList<>();
            for (Field f : struct.fields()) {
                Schema s = f.schema();
                String name = prefix == null ? f.name() : prefix + delimiter + f.name();
                boolean fieldOptional = optional || s.isOptional();
                Object dflt = s.defaultValue() != null ? s.defaultValue()
                        : parentDefault != null ? parentDefault.get(f) : null;
                trail.add(f.name());
                if (s.type() == Schema.Type.STRUCT) {
                    structs.add(f);
                    children.add(group(s, trail, name, fieldOptional, structDefault(dflt, s, trail)));
                } else {
                    String path = text(trail);
                    String earlier = pathOf.putIfAbsent(name, path);
                    if (earlier != null) {
                        throw new FieldPathException("Cannot flatten: the fields '" + earlier + "' and '" + path
                                + "' both give the field '" + name + "'");
                    }
                    Schema leaf = leafSchema(s, fieldOptional, dflt, path);
                    builder.field(name, leaf);
                    leaves.add(f);
                    outs.add(leafSchemas.size());
                    outSchemas.add(leaf);
                    paths.add(path);
                    leafSchemas.add(leaf);
                }
                trail.remove(trail.size() - 1);
            }
            return new Group(leaves, outs, outSchemas, paths, structs, children, reads == ReadMode.DEFAULTS);
        }
    }

    /**
     * The flattened schema of a leaf (Kafka's: the type, name, version, doc and parameters of the
     * input's, with the given optionality and default), or the input's itself when equal to it.
     */
    private static Schema leafSchema(Schema in, boolean optional, Object dflt, String path) {
        SchemaBuilder b = SchemaCopy.builderLike(in);
        if (optional) {
            b.optional();
        }
        if (dflt != null) {
            try {
                b.defaultValue(dflt);
            } catch (DataException e) {
                throw new FieldPathException(path, "Cannot flatten: the field's default does not fit its schema "
                        + Describe.schema(in), e);
            }
        }
        Schema built = b.build();
        return built.equals(in) ? in : built;
    }

    private static String text(List<String> trail) {
        return FieldPath.literal(trail.toArray(new String[0])).toString();
    }

    /** The leaves directly in one struct of the input and the structs nested in it, compiled to arrays. */
    private static final class Group {
        /** Per direct leaf: its input field, its index in that struct, its output field index. */
        final Field[] leaves;
        final int[] in;
        final int[] out;
        /**
         * Per direct leaf: its output schema; what a stored null is read as (its own default with
         * DEFAULTS, else null); whether a null is refused (required, without a default of its own).
         */
        final Schema[] outSchemas;
        final Object[] nullAs;
        final boolean[] strict;
        final String[] paths;
        /** The nested struct fields, and their groups. */
        final Field[] structs;
        final int[] structIn;
        final Group[] children;

        Group(List<Field> leaves, List<Integer> outs, List<Schema> outSchemas, List<String> paths,
              List<Field> structs, List<Group> children, boolean defaults) {
            int n = leaves.size();
            this.leaves = leaves.toArray(new Field[0]);
            this.in = new int[n];
            this.out = new int[n];
            this.outSchemas = outSchemas.toArray(new Schema[0]);
            this.nullAs = new Object[n];
            this.strict = new boolean[n];
            this.paths = paths.toArray(new String[0]);
            for (int k = 0; k < n; k++) {
                in[k] = this.leaves[k].index();
                out[k] = outs.get(k);
                nullAs[k] = defaults ? this.leaves[k].schema().defaultValue() : null;
                strict[k] = !this.outSchemas[k].isOptional() && this.leaves[k].schema().defaultValue() == null;
            }
            this.structs = structs.toArray(new Field[0]);
            this.structIn = new int[this.structs.length];
            for (int c = 0; c < structIn.length; c++) {
                structIn[c] = this.structs[c].index();
            }
            this.children = children.toArray(new Group[0]);
        }
    }

    /** The flatten of rows of one schema. Immutable and thread-safe. */
    static final class Compiled {
        private final Schema input;
        private final Schema output;
        private final Group root;
        private final RawStructs.Writer writer;
        /** Root leaves 0..prefix-1 are at the same index in and out and are block-copied. */
        private final int prefix;
        /** The required ones among them, whose null (an input never validated) is refused. */
        private final int[] prefixStrict;
        /** Apply returns its input: the output schema is the input's and no null is read as a default. */
        private final boolean identity;

        private Compiled(Schema input, Schema output, Group root, List<Schema> leafSchemas) {
            this.input = input;
            this.output = output;
            this.root = root;
            // every value written is the input leaf's value (or its own default), which fits the leaf's
            // schema: the input's but for optionality and default, which only widen what it accepts
            this.writer = RawStructs.writer(output, leafSchemas);
            int p = 0;
            List<Integer> strict = new ArrayList<>();
            while (p < root.in.length && root.in[p] == p && root.out[p] == p && root.nullAs[p] == null) {
                if (root.strict[p]) {
                    strict.add(p);
                }
                p++;
            }
            this.prefix = p;
            this.prefixStrict = strict.stream().mapToInt(Integer::intValue).toArray();
            this.identity = output == input && !readsDefaults(root);
        }

        private static boolean readsDefaults(Group g) {
            for (Object d : g.nullAs) {
                if (d != null) {
                    return true;
                }
            }
            return false;
        }

        /** @return the schema of the rows this flatten accepts */
        Schema inputSchema() {
            return input;
        }

        /** @return the flattened schema; the input schema object itself if flattening changes nothing in it */
        Schema outputSchema() {
            return output;
        }

        /** @return true if {@link #apply} always returns its input */
        boolean isIdentity() {
            return identity;
        }

        /**
         * Flattens one row.
         *
         * @param row a Struct of the input schema (or an equal one), or null
         * @return the flattened row (a new Struct of {@link #outputSchema()}), the input itself when
         *         nothing changes (see {@link #isIdentity()}), or null for null
         * @throws FieldPathException if a required leaf without default holds null
         */
        Struct apply(Struct row) {
            if (row == null || identity) {
                return row;
            }
            Object[] values = RawStructs.read(row);
            if (output == input && (values != null ? nothingDefaulted(root, values) : nothingDefaulted(root, row))) {
                return row;
            }
            Struct out = writer.newStruct();
            Object[] slots = writer.slots(out);
            if (slots == null || values == null) {
                put(root, row, out);
                return out;
            }
            if (prefix > 0) {
                System.arraycopy(values, 0, slots, 0, prefix);
                for (int k : prefixStrict) {
                    if (slots[k] == null) {
                        ifNull(root, k); // throws
                    }
                }
            }
            fill(root, prefix, values, slots);
            return out;
        }

        /** Whether no root leaf read with its default holds null (so reading changes nothing). */
        private static boolean nothingDefaulted(Group g, Object[] values) {
            for (int k = 0; k < g.in.length; k++) {
                if (g.nullAs[k] != null && values[g.in[k]] == null) {
                    return false;
                }
            }
            return true;
        }

        private static boolean nothingDefaulted(Group g, Struct row) {
            for (int k = 0; k < g.in.length; k++) {
                if (g.nullAs[k] != null && RawStructs.get(row, g.leaves[k]) == null) {
                    return false;
                }
            }
            return true;
        }

        /** The fast path: reads value arrays, writes the slots of a new Struct (all leaf values are proven). */
        private static void fill(Group g, int from, Object[] values, Object[] slots) {
            int[] in = g.in;
            int[] out = g.out;
            for (int k = from; k < in.length; k++) {
                Object v = values[in[k]];
                slots[out[k]] = v != null ? v : ifNull(g, k);
            }
            Group[] children = g.children;
            for (int c = 0; c < children.length; c++) {
                Object nested = values[g.structIn[c]];
                if (nested != null) { // a null struct leaves its leaves null
                    fill(children[c], 0, RawStructs.read((Struct) nested), slots);
                }
            }
        }

        /** What a stored null in leaf {@code k} is read as. */
        private static Object ifNull(Group g, int k) {
            Object d = g.nullAs[k];
            if (d == null && g.strict[k]) {
                throw new FieldPathException(g.paths[k], "Cannot flatten: the required field "
                        + Describe.schema(g.leaves[k].schema()) + " holds null", null);
            }
            return d;
        }

        /** The fallback without RawStructs: reads as stored, writes through {@code Struct.put}. */
        private void put(Group g, Struct row, Struct out) {
            for (int k = 0; k < g.in.length; k++) {
                Object v = RawStructs.get(row, g.leaves[k]);
                if (v == null) {
                    v = ifNull(g, k);
                    if (v == null && !g.outSchemas[k].isOptional()) {
                        // Struct.put refuses a null for a required field even with a default; its value
                        // reads as that default either way
                        v = g.outSchemas[k].defaultValue();
                    }
                }
                writer.set(out, null, g.out[k], v);
            }
            for (int c = 0; c < g.children.length; c++) {
                Object nested = RawStructs.get(row, g.structs[c]);
                if (nested != null) {
                    put(g.children[c], (Struct) nested, out);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Without a schema

    /**
     * Flattens one schemaless row.
     *
     * @param row the row, or null
     * @return the row itself if it has no nested map (or is null), else a new {@code LinkedHashMap}
     * @throws FieldPathException naming the path: two leaves give one key (both paths), a value of a
     *                            type Connect does not support, a key that is not a string, a null
     *                            key that would have to be joined into a name
     */
    Map<String, Object> apply(Map<String, Object> row) {
        if (row == null) {
            return null;
        }
        Map<?, ?> in = row;
        int index = 0;
        for (Map.Entry<?, ?> e : in.entrySet()) {
            Object key = e.getKey();
            Object value = e.getValue();
            if (value instanceof Map) {
                return flattened(in, index);
            }
            if (key != null && !(key instanceof String)) {
                throw problem(in);
            }
            index++;
        }
        return row;
    }

    /** The flattened copy of {@code row}, whose first {@code head} entries are checked leaves. */
    private Map<String, Object> flattened(Map<?, ?> row, int head) {
        Map<String, Object> out = new LinkedHashMap<>(StructNodes.capacity(row.size() * 2));
        int index = 0;
        for (Map.Entry<?, ?> e : row.entrySet()) {
            if (index++ < head) {
                out.put((String) e.getKey(), e.getValue());
            } else {
                into(out, null, e.getKey(), e.getValue(), row);
            }
        }
        return out;
    }

    private void into(Map<String, Object> out, String prefix, Object key, Object value, Map<?, ?> row) {
        String name;
        if (key instanceof String) {
            name = prefix == null ? (String) key : prefix + delimiter + key;
        } else if (key == null && prefix == null && !(value instanceof Map)) {
            name = null; // a null key at the top level is kept, as Kafka keeps it
        } else {
            throw problem(row);
        }
        if (value instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                into(out, name, e.getKey(), e.getValue(), row);
            }
            return;
        }
        int size = out.size();
        out.put(name, value);
        if (out.size() == size) {
            throw problem(row);
        }
    }

    /**
     * The first problem of a schemaless row, depth first (the one the flatten met): walked again
     * with the paths, which the flatten itself does not keep.
     */
    private FieldPathException problem(Map<?, ?> row) {
        FieldPathException e = problem(row, new ArrayList<>(), null, new HashMap<>());
        return e != null ? e : new FieldPathException("Cannot flatten the row"); // not reached
    }

    private FieldPathException problem(Map<?, ?> map, List<String> trail, String prefix, Map<String, String> seen) {
        // the keys of schemaless maps may be data: the messages say how deep, never which keys
        String where = trail.isEmpty() ? "the row" : "a map " + trail.size() + (trail.size() == 1 ? " level" : " levels")
                + " down in the row";
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Object key = e.getKey();
            Object value = e.getValue();
            if (key != null && !(key instanceof String)) {
                return new FieldPathException("Cannot flatten " + where + ": it has a key of type "
                        + Describe.type(key) + "; only string keys can be joined into names");
            }
            if (key == null) {
                if (prefix != null || value instanceof Map) {
                    return new FieldPathException("Cannot flatten " + where
                            + ": it has a null key, which cannot be joined into a name");
                }
                continue;
            }
            String name = prefix == null ? (String) key : prefix + delimiter + key;
            trail.add((String) key);
            FieldPathException found = null;
            if (value instanceof Map) {
                found = problem((Map<?, ?>) value, trail, name, seen);
            } else {
                String path = text(trail);
                String earlier = seen.putIfAbsent(name, path);
                if (earlier != null) {
                    found = new FieldPathException("Cannot flatten the row: two of its keys (" + depth(earlier)
                            + " and " + depth(path) + ") give one flattened name");
                }
            }
            trail.remove(trail.size() - 1);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static String depth(String path) {
        int levels = FieldPath.parse(path).segments().size();
        return levels == 1 ? "a top-level key" : "a key " + (levels - 1) + (levels == 2 ? " level" : " levels") + " down";
    }
}
