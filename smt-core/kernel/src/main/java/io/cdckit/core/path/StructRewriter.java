package io.cdckit.core.path;

import io.cdckit.core.record.SchemaCopy;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.Set;
import java.util.function.Function;

/**
 * Operations on fields of one struct schema, compiled once, applied to many records without
 * mutating them.
 *
 * <h2>Output schema</h2>
 * <p>{@link #outputSchema()} is computed at build time. A struct, array or map schema is rebuilt
 * only if something inside it changes; otherwise the original schema object is reused as is, and so
 * are the schemas of all untouched fields. A rebuilt schema copies the original's type, name,
 * version, doc, parameters and optionality. Its default value is <em>dropped</em>: a default of a
 * rebuilt struct (or of an array or map whose element schema changed) is a value of the old schema
 * and cannot be carried over. A replace that keeps the field schema (or gives an equal one) changes
 * no schema.
 *
 * <h2>Records</h2>
 * <p>{@link #apply(Struct)} creates new Structs, Lists and Maps only along the paths that have
 * operations; every other value, including untouched sub-structs, lists and maps, is shared by
 * reference with the input. The input and everything reachable from it are never mutated. Values
 * are copied raw: a null stays null even if its field schema has a default. Null optional parents,
 * null array elements and null map values stay null and their contents are not visited. Rewritten
 * Lists are {@code ArrayList}s, rewritten Maps are {@code LinkedHashMap}s in the input's order.
 * Every value put into a new Struct is validated by {@link Struct#put(Field, Object)} (Connect has
 * no unchecked put), so a replace function returning a value that does not fit the field schema
 * fails with a {@link org.apache.kafka.connect.errors.DataException}.
 *
 * <h2>Conflicts</h2>
 * <p>{@link Builder#build()} rejects, with a {@link FieldPathException} naming both paths: two
 * operations on the same field (also when they come from overlapping patterns); a REMOVE or REPLACE
 * of a field together with any operation inside it (a RENAME of a struct field combined with
 * operations inside it is fine); a RENAME onto a name the struct already has.
 *
 * <p>Instances are immutable and thread-safe if the replace functions are.
 */
public final class StructRewriter {

    private final Schema inputSchema;
    private final Plan plan;

    private StructRewriter(Schema inputSchema, Plan plan) {
        this.inputSchema = inputSchema;
        this.plan = plan;
    }

    /**
     * @param inputSchema the schema of the records to rewrite; a STRUCT
     * @return a builder collecting operations
     */
    public static Builder builder(Schema inputSchema) {
        Objects.requireNonNull(inputSchema, "inputSchema");
        if (inputSchema.type() != Schema.Type.STRUCT) {
            throw new IllegalArgumentException("A StructRewriter needs a STRUCT schema, not " + inputSchema.type());
        }
        return new Builder(inputSchema);
    }

    /** @return the schema of the records this rewriter accepts */
    public Schema inputSchema() {
        return inputSchema;
    }

    /** @return the schema of the records {@link #apply(Struct)} returns; the input schema itself if unchanged */
    public Schema outputSchema() {
        return plan == null ? inputSchema : plan.schema;
    }

    /** @return true if there are no operations, so {@link #apply(Struct)} returns its input */
    public boolean isIdentity() {
        return plan == null;
    }

    /**
     * Rewrites one record.
     *
     * @param input a struct of {@link #inputSchema()} (or an equal schema; not checked); may be null
     * @return a new struct of {@link #outputSchema()} sharing every untouched value with the input;
     *         the input itself if {@link #isIdentity()}; null if the input is null
     * @throws org.apache.kafka.connect.errors.DataException if a replaced value does not fit its schema
     */
    public Struct apply(Struct input) {
        if (plan == null || input == null) {
            return input;
        }
        return (Struct) plan.apply(input);
    }

    /** Collects operations for a {@link StructRewriter}. Not thread-safe. */
    public static final class Builder {
        private final Schema inputSchema;
        private final List<Op> ops = new ArrayList<>();

        private Builder(Schema inputSchema) {
            this.inputSchema = inputSchema;
        }

        /**
         * Adds an operation on a path resolved against the input schema.
         *
         * @param path      a path resolved against the input schema (or an equal one)
         * @param operation what to do
         * @return this builder
         * @throws IllegalArgumentException if the path was resolved against another schema
         * @throws FieldPathException       if the path ends in {@code [*]} and the operation is not a replace
         */
        public Builder add(ResolvedPath path, FieldOperation operation) {
            return add(path, operation, path.toString());
        }

        /**
         * Resolves a path strictly against the input schema and adds the operation for every match.
         * A pattern that matches nothing adds nothing.
         *
         * @param path      the path
         * @param operation what to do
         * @return this builder
         * @throws FieldPathException if the path does not fit the input schema
         */
        public Builder add(FieldPath path, FieldOperation operation) {
            return add(path, Strictness.STRICT, operation);
        }

        /**
         * Resolves a path against the input schema and adds the operation for every match; with
         * {@link Strictness#LENIENT} a missing field adds nothing.
         *
         * @param path       the path
         * @param strictness what to do about missing fields
         * @param operation  what to do
         * @return this builder
         * @throws FieldPathException if the path does not fit the input schema
         */
        public Builder add(FieldPath path, Strictness strictness, FieldOperation operation) {
            String source = path.toString();
            for (ResolvedPath resolved : path.resolve(inputSchema, strictness)) {
                add(resolved, operation, source);
            }
            return this;
        }

        private Builder add(ResolvedPath path, FieldOperation operation, String source) {
            Objects.requireNonNull(operation, "operation");
            Schema root = path.rootSchema();
            if (root != inputSchema && !root.equals(inputSchema)) {
                throw new IllegalArgumentException("Field path '" + path + "' was resolved against another schema");
            }
            if (path.field() == null && !(operation.replaces() && !operation.renames())) {
                throw new FieldPathException("Cannot " + operation + " '" + path + "' (from '" + source
                    + "'): it addresses the elements of an ARRAY or the values of a MAP, which can only be replaced");
            }
            ops.add(new Op(path, operation, source));
            return this;
        }

        /**
         * Compiles the operations and the output schema.
         *
         * @return the rewriter
         * @throws FieldPathException if operations conflict
         */
        public StructRewriter build() {
            return new StructRewriter(inputSchema, ops.isEmpty() ? null : compile(inputSchema, ops, 0));
        }
    }

    /** One operation on one concrete path, with the text the caller gave for messages. */
    private static final class Op {
        final ResolvedPath path;
        final FieldOperation operation;
        final String source;

        Op(ResolvedPath path, FieldOperation operation, String source) {
            this.path = path;
            this.operation = operation;
            this.source = source;
        }

        boolean endsAt(int step) {
            return path.steps() == step + 1;
        }

        String describe() {
            return operation + " of '" + path + "' (from '" + source + "')";
        }
    }

    // ------------------------------------------------------------------------------------------
    // Compilation

    /** Compiles the ops whose steps from {@code step} on apply to values of {@code schema}. */
    private static Plan compile(Schema schema, List<Op> ops, int step) {
        switch (schema.type()) {
            case STRUCT:
                return compileStruct(schema, ops, step);
            case ARRAY:
            case MAP:
                return compileElements(schema, ops, step);
            default:
                throw new IllegalStateException("Unexpected " + schema.type() + " at step " + step);
        }
    }

    private static Plan compileStruct(Schema schema, List<Op> ops, int step) {
        // Group by field index: the paths may come from an equal schema with other Field objects.
        Map<Integer, List<Op>> byField = new HashMap<>();
        for (Op op : ops) {
            byField.computeIfAbsent(op.path.stepField(step).index(), i -> new ArrayList<>()).add(op);
        }
        List<Field> inFields = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Schema> schemas = new ArrayList<>();
        List<Plan> children = new ArrayList<>();
        Map<String, Op> renamed = new HashMap<>();
        boolean changed = false;
        for (Field field : schema.fields()) {
            List<Op> fieldOps = byField.get(field.index());
            Plan child = null;
            String name = field.name();
            if (fieldOps != null) {
                List<Op> deeper = new ArrayList<>();
                Op leaf = splitLeaf(fieldOps, step, deeper);
                FieldOperation operation = leaf == null ? null : leaf.operation;
                if (operation != null && operation.removes()) {
                    changed = true;
                    continue;
                }
                if (operation != null && operation.replaces()) {
                    child = new ReplacePlan(sameOr(field.schema(), operation.newSchema()), operation.function());
                } else if (!deeper.isEmpty()) {
                    child = compile(field.schema(), deeper, step + 1);
                }
                if (operation != null && operation.renames()) {
                    name = operation.newName();
                    renamed.put(name, leaf);
                }
            }
            Schema fieldSchema = child == null ? field.schema() : child.schema;
            changed |= fieldSchema != field.schema() || !name.equals(field.name());
            inFields.add(field);
            names.add(name);
            schemas.add(fieldSchema);
            children.add(child);
        }
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                // Original names are unique, so a duplicate always involves a rename.
                Op renamer = renamed.get(name);
                throw new FieldPathException("Cannot rename '" + renamer.path + "' to '" + name + "' (from '"
                    + renamer.source + "'): the struct already has a field '" + name + "'");
            }
        }
        Schema out = schema;
        if (changed) {
            SchemaBuilder builder = copyMetadata(schema, SchemaBuilder.struct());
            for (int i = 0; i < names.size(); i++) {
                builder.field(names.get(i), schemas.get(i));
            }
            out = builder.build();
        }
        return new StructPlan(out, inFields, children);
    }

    private static Plan compileElements(Schema schema, List<Op> ops, int step) {
        List<Op> deeper = new ArrayList<>();
        Op leaf = splitLeaf(ops, step, deeper);
        Schema valueSchema = schema.valueSchema();
        Plan child = leaf != null
            ? new ReplacePlan(sameOr(valueSchema, leaf.operation.newSchema()), leaf.operation.function())
            : compile(valueSchema, deeper, step + 1);
        boolean isArray = schema.type() == Schema.Type.ARRAY;
        Schema out = schema;
        if (child.schema != valueSchema) {
            out = copyMetadata(schema, isArray
                ? SchemaBuilder.array(child.schema)
                : SchemaBuilder.map(schema.keySchema(), child.schema)).build();
        }
        return isArray ? new ArrayPlan(out, child) : new MapPlan(out, child);
    }

    /**
     * Splits the ops for one position into the one ending there (returned; null if none) and those
     * going deeper (added to {@code deeper}), rejecting two ops ending there and a REMOVE or
     * REPLACE there with anything deeper.
     */
    private static Op splitLeaf(List<Op> ops, int step, List<Op> deeper) {
        Op leaf = null;
        for (Op op : ops) {
            if (!op.endsAt(step)) {
                deeper.add(op);
            } else if (leaf != null) {
                throw new FieldPathException("Conflicting operations on '" + op.path + "': "
                    + leaf.operation + " (from '" + leaf.source + "') and "
                    + op.operation + " (from '" + op.source + "')");
            } else {
                leaf = op;
            }
        }
        if (leaf != null && !deeper.isEmpty() && (leaf.operation.removes() || leaf.operation.replaces())) {
            throw new FieldPathException("Conflicting operations: " + leaf.describe() + " overrides "
                + deeper.get(0).describe() + " inside it");
        }
        return leaf;
    }

    /** @return the old schema if the new one is absent or equal to it, so unchanged schemas keep their identity */
    private static Schema sameOr(Schema old, Schema replacement) {
        return replacement == null || replacement == old || replacement.equals(old) ? old : replacement;
    }

    /** Copies everything but the type-specific parts and the default value. */
    private static SchemaBuilder copyMetadata(Schema from, SchemaBuilder to) {
        SchemaCopy.copyMetadata(from, to);
        if (from.isOptional()) {
            to.optional();
        }
        return to;
    }

    // ------------------------------------------------------------------------------------------
    // Plans: one per rewritten value position, each knowing its output schema.

    private abstract static class Plan {
        final Schema schema;

        Plan(Schema schema) {
            this.schema = schema;
        }

        /** @return the rewritten value; never mutates the input */
        abstract Object apply(Object value);
    }

    private static final class ReplacePlan extends Plan {
        private final Function<Object, ?> function;

        ReplacePlan(Schema schema, Function<Object, ?> function) {
            super(schema);
            this.function = function;
        }

        @Override
        Object apply(Object value) {
            return function.apply(value);
        }
    }

    private static final class StructPlan extends Plan {
        private final Field[] inFields;
        private final boolean[] rawByName;
        private final Field[] outFields;
        private final Plan[] children;

        StructPlan(Schema schema, List<Field> inFields, List<Plan> children) {
            super(schema);
            int n = inFields.size();
            this.inFields = inFields.toArray(new Field[0]);
            this.children = children.toArray(new Plan[0]);
            this.outFields = schema.fields().toArray(new Field[0]);
            this.rawByName = new boolean[n];
            for (int i = 0; i < n; i++) {
                rawByName[i] = this.inFields[i].schema().defaultValue() != null;
            }
        }

        @Override
        Object apply(Object value) {
            if (value == null) {
                return null;
            }
            Struct in = (Struct) value;
            Struct out = new Struct(schema);
            for (int i = 0; i < outFields.length; i++) {
                Field field = inFields[i];
                Object v = rawByName[i] ? in.getWithoutDefault(field.name()) : in.get(field);
                Plan child = children[i];
                out.put(outFields[i], child == null ? v : child.apply(v));
            }
            return out;
        }
    }

    private static final class ArrayPlan extends Plan {
        private final Plan element;

        ArrayPlan(Schema schema, Plan element) {
            super(schema);
            this.element = element;
        }

        @Override
        Object apply(Object value) {
            if (value == null) {
                return null;
            }
            List<?> in = (List<?>) value;
            List<Object> out = new ArrayList<>(in.size());
            if (in instanceof RandomAccess) {
                for (int i = 0, n = in.size(); i < n; i++) {
                    out.add(element.apply(in.get(i)));
                }
            } else {
                for (Object e : in) {
                    out.add(element.apply(e));
                }
            }
            return out;
        }
    }

    private static final class MapPlan extends Plan {
        private final Plan value;

        MapPlan(Schema schema, Plan value) {
            super(schema);
            this.value = value;
        }

        @Override
        Object apply(Object v) {
            if (v == null) {
                return null;
            }
            Map<?, ?> in = (Map<?, ?>) v;
            Map<Object, Object> out = new LinkedHashMap<>(capacity(in.size()));
            for (Map.Entry<?, ?> e : in.entrySet()) {
                out.put(e.getKey(), value.apply(e.getValue()));
            }
            return out;
        }
    }

    static int capacity(int size) {
        return size < 3 ? 4 : (int) (size / 0.75f) + 1;
    }
}
