package io.cdckit.core.row;

import io.cdckit.core.path.FieldPath;
import io.cdckit.core.path.FieldPathException;
import io.cdckit.core.path.ResolvedPath;
import io.cdckit.core.path.Strictness;
import io.cdckit.core.record.SchemaCopy;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link RowPlan} compiled for one row schema: the output schema, computed once, and the copy of
 * each record into it ({@link RowPlan#compile}). Immutable and thread-safe if the plan's functions
 * and sources are.
 *
 * <h2>Output schema</h2>
 * <p>A struct, array or map schema is rebuilt only if something inside it changes; otherwise the
 * original schema object is reused as is, and so are the schemas of all untouched fields. A rebuilt
 * schema copies the original's type, name, version, doc, parameters and optionality (the root's
 * optionality follows {@link RowPlan.Builder#required()}). Its default value is <em>dropped</em>: a
 * default of a rebuilt struct is a value of the old schema. Added fields come after the existing
 * ones, in the order they were registered; an added path whose parent structs are missing creates
 * them, optional.
 *
 * <h2>Records</h2>
 * <p>{@link #apply} creates new Structs, Lists and Maps only along the paths that have operations;
 * every other value, including untouched sub-structs, lists and maps, is shared with the input,
 * which is never mutated. Copied values are read as the plan's {@link ReadMode} says. Values copied
 * from a field of the same schema, and added values the plan can prove fit, are written without
 * re-validation ({@link io.cdckit.core.record.RawStructs}); a replaced or added value that may not
 * fit is checked, and one that does not fit fails with a {@link FieldPathException} naming the path.
 *
 * <h2>Conflicts</h2>
 * <p>Compiling rejects, with a {@link FieldPathException} naming both paths: two operations on the
 * same field (also through overlapping patterns); a REMOVE or REPLACE of a field together with any
 * operation inside it; a RENAME or an add onto a name the struct already has; an add inside a field
 * that is not a struct.
 */
public final class StructForm {

    private final Schema inputSchema;
    private final StructNodes.Node plan;
    private final boolean needsContext;

    private StructForm(Schema inputSchema, StructNodes.Node plan, boolean needsContext) {
        this.inputSchema = inputSchema;
        this.plan = plan;
        this.needsContext = needsContext;
    }

    /** @return the schema of the rows this form accepts */
    public Schema inputSchema() {
        return inputSchema;
    }

    /** @return the schema of the rows {@link #apply} returns; the input schema itself if unchanged */
    public Schema outputSchema() {
        return plan == null ? inputSchema : plan.schema;
    }

    /** @return true if nothing changes, so {@link #apply} returns its input */
    public boolean isIdentity() {
        return plan == null;
    }

    /** @return true if some added value is computed from a {@link RowContext}: pass one to {@link #apply} */
    public boolean needsContext() {
        return needsContext;
    }

    /**
     * Rewrites one row.
     *
     * @param input   a struct of {@link #inputSchema()} (or an equal schema; not checked); may be null
     * @param context what the plan's sources read; may be null if {@link #needsContext()} is false
     * @return a new struct of {@link #outputSchema()} sharing every untouched value with the input;
     *         the input itself if {@link #isIdentity()}; null if the input is null
     * @throws FieldPathException if a replaced or added value does not fit its schema, or an
     *                            operation's function fails
     */
    public Struct apply(Struct input, RowContext context) {
        if (plan == null || input == null) {
            return input;
        }
        return (Struct) plan.apply(input, context);
    }

    /** The top node, for an envelope plan that rewrites its images with this form. */
    StructNodes.Node node() {
        return plan;
    }

    static Builder builder(Schema inputSchema) {
        Objects.requireNonNull(inputSchema, "inputSchema");
        if (inputSchema.type() != Schema.Type.STRUCT) {
            throw new IllegalArgumentException("A row plan needs a STRUCT schema, not " + inputSchema.type());
        }
        return new Builder(inputSchema);
    }

    /** Collects operations and additions for one schema. Not thread-safe. */
    static final class Builder {
        private final Schema inputSchema;
        private final List<Op> ops = new ArrayList<>();
        private final List<Addition> additions = new ArrayList<>();
        private ReadMode reads = ReadMode.RAW;
        private boolean required;
        private final Map<String, StructNodes.Node> children = new LinkedHashMap<>();

        private Builder(Schema inputSchema) {
            this.inputSchema = inputSchema;
        }

        Builder reads(ReadMode mode) {
            this.reads = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** The output root is not optional, whatever the input's optionality. */
        Builder required() {
            this.required = true;
            return this;
        }

        /** Adds an operation on a path resolved against the input schema. */
        Builder add(ResolvedPath path, FieldOperation operation) {
            return add(path, operation, path.toString());
        }

        /** Resolves a path strictly and adds the operation for every match. */
        Builder add(FieldPath path, FieldOperation operation) {
            return add(path, Strictness.STRICT, operation);
        }

        /** Resolves a path and adds the operation for every match; LENIENT: a missing field adds nothing. */
        Builder add(FieldPath path, Strictness strictness, FieldOperation operation) {
            return add(path, strictness, field -> operation);
        }

        /** Resolves a path and adds, for every match, the operation {@code rule} gives it. */
        Builder add(FieldPath path, Strictness strictness, FieldRule rule) {
            String source = path.toString();
            for (ResolvedPath resolved : path.resolve(inputSchema, strictness)) {
                FieldOperation op = rule.apply(new RowField(resolved.path(), resolved.schema()));
                if (op != null && !op.keeps()) {
                    add(resolved, op, source);
                }
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
            if (!operation.keeps()) {
                ops.add(new Op(path, operation, source));
            }
            return this;
        }

        /** Adds a field at a literal path (no patterns, no {@code [*]}); see {@link RowPlan.Builder#add}. */
        Builder addField(FieldPath path, Schema schema, ValueSource source, boolean overwrite) {
            additions.add(new Addition(path, schema, source, overwrite));
            return this;
        }

        /** Rewrites the values of the top-level field {@code name} with {@code node} (an envelope's images). */
        Builder child(String name, StructNodes.Node node) {
            children.put(name, node);
            return this;
        }

        StructForm build() {
            boolean rootChanges = required && inputSchema.isOptional();
            if (ops.isEmpty() && additions.isEmpty() && children.isEmpty() && !rootChanges) {
                return new StructForm(inputSchema, null, false);
            }
            boolean context = false;
            for (Addition a : additions) {
                context |= !a.source.isConstant();
            }
            Compiler compiler = new Compiler(reads);
            StructNodes.Node plan = compiler.struct(inputSchema, ops, additions, children, 0, required);
            return new StructForm(inputSchema, plan, context);
        }
    }

    /** One operation on one concrete path, with the text the caller gave for messages. */
    static final class Op {
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

    /** A field to add: a literal path, its schema, where its value comes from. */
    static final class Addition {
        final FieldPath path;
        final List<String> names;
        final Schema schema;
        final ValueSource source;
        final boolean overwrite;

        Addition(FieldPath path, Schema schema, ValueSource source, boolean overwrite) {
            if (!path.isSingleValued()) {
                throw new FieldPathException("Cannot add a field at '" + path
                        + "': an added field needs a literal path, without patterns or [*]");
            }
            this.path = path;
            List<String> n = new ArrayList<>();
            for (FieldPath.Segment s : path.segments()) {
                n.add(s.name());
            }
            this.names = List.copyOf(n);
            this.schema = Objects.requireNonNull(schema, "schema");
            this.source = Objects.requireNonNull(source, "source");
            this.overwrite = overwrite;
        }

        boolean endsAt(int step) {
            return names.size() == step + 1;
        }
    }

    // ------------------------------------------------------------------------------------------
    // Compilation: one node per rewritten position, each knowing its output schema.

    private static final class Compiler {
        private final ReadMode reads;

        Compiler(ReadMode reads) {
            this.reads = reads;
        }

        StructNodes.Node compile(Schema schema, List<Op> ops, List<Addition> additions, int step) {
            switch (schema.type()) {
                case STRUCT:
                    return struct(schema, ops, additions, Map.of(), step, false);
                case ARRAY:
                case MAP:
                    return elements(schema, ops, step);
                default:
                    throw new IllegalStateException("Unexpected " + schema.type() + " at step " + step);
            }
        }

        StructNodes.Node struct(Schema schema, List<Op> ops, List<Addition> additions,
                                Map<String, StructNodes.Node> given, int step, boolean required) {
            // Group by field index: the paths may come from an equal schema with other Field objects.
            Map<Integer, List<Op>> byField = new HashMap<>();
            for (Op op : ops) {
                byField.computeIfAbsent(op.path.stepField(step).index(), i -> new ArrayList<>()).add(op);
            }
            Map<String, List<Addition>> addsByName = new LinkedHashMap<>();
            for (Addition a : additions) {
                addsByName.computeIfAbsent(a.names.get(step), n -> new ArrayList<>()).add(a);
            }
            StructNodes.StructShape shape = new StructNodes.StructShape(reads);
            Map<String, String> renamedFrom = new HashMap<>();
            // rebuild: the output schema differs; work: values are rewritten even if it does not
            boolean rebuild = required && schema.isOptional();
            boolean work = false;
            for (Field field : schema.fields()) {
                List<Op> fieldOps = byField.getOrDefault(field.index(), List.of());
                List<Addition> fieldAdds = addsByName.remove(field.name());
                StructNodes.Node child = given.get(field.name());
                if (child != null && (!fieldOps.isEmpty() || fieldAdds != null)) {
                    throw new FieldPathException("'" + RowPlan.ENVELOPE + "." + field.name() + "' is a row image: "
                            + "address the fields of the row without " + RowPlan.ENVELOPE);
                }
                String name = field.name();
                List<Op> deeper = new ArrayList<>();
                Op leaf = splitLeaf(fieldOps, step, deeper);
                FieldOperation operation = leaf == null ? null : leaf.operation;
                if (operation != null && operation.removes()) {
                    rejectAddsInto(fieldAdds, leaf);
                    rebuild = true;
                    continue;
                }
                Addition overwrite = leafAddition(fieldAdds, step, field, leaf);
                if (overwrite != null && !deeper.isEmpty()) {
                    throw new FieldPathException("Conflicting operations: setting '" + overwrite.path
                            + "' overrides " + deeper.get(0).describe() + " inside it");
                }
                if (overwrite != null) {
                    shape.overwritten(field, overwrite);
                    work = true;
                    continue;
                }
                List<Addition> deeperAdds = fieldAdds == null ? List.of() : fieldAdds;
                if (operation != null && operation.replaces()) {
                    rejectAddsInto(fieldAdds, leaf);
                    child = new StructNodes.Replace(sameOr(field.schema(), operation.newSchema()),
                            operation.function(), leaf.path.toString());
                } else if (!deeper.isEmpty() || !deeperAdds.isEmpty()) {
                    if (!deeperAdds.isEmpty() && field.schema().type() != Schema.Type.STRUCT) {
                        throw new FieldPathException("Cannot add a field at '" + deeperAdds.get(0).path + "': '"
                                + prefix(deeperAdds.get(0), step) + "' is a " + field.schema().type() + ", not a struct");
                    }
                    child = compile(field.schema(), deeper, deeperAdds, step + 1);
                }
                if (operation != null && operation.renames()) {
                    name = operation.newName();
                    renamedFrom.put(name, "'" + leaf.path + "' to '" + name + "' (from '" + leaf.source + "')");
                }
                if (child instanceof StructNodes.Unchanged) {
                    child = null;
                }
                Schema fieldSchema = child == null ? field.schema() : child.schema;
                work |= child != null;
                rebuild |= fieldSchema != field.schema() || !name.equals(field.name());
                shape.copied(field, name, fieldSchema, child);
            }
            for (Map.Entry<String, List<Addition>> e : addsByName.entrySet()) {
                shape.added(e.getKey(), newField(e.getKey(), e.getValue(), step));
                rebuild = true;
            }
            shape.checkNames(renamedFrom);
            if (!rebuild && !work) {
                return new StructNodes.Unchanged(schema);
            }
            return shape.build(schema, rebuild, required);
        }

        /** A node for a field that does not exist yet: an added leaf, or an optional struct of added fields. */
        private StructNodes.Node newField(String name, List<Addition> adds, int step) {
            Addition leaf = null;
            List<Addition> deeper = new ArrayList<>();
            for (Addition a : adds) {
                if (a.endsAt(step)) {
                    if (leaf != null) {
                        throw new FieldPathException("Two fields are added at '" + a.path + "'");
                    }
                    leaf = a;
                } else {
                    deeper.add(a);
                }
            }
            if (leaf != null && !deeper.isEmpty()) {
                throw new FieldPathException("Cannot add '" + deeper.get(0).path + "' inside '" + leaf.path
                        + "', which is added as a " + leaf.schema.type());
            }
            if (leaf != null) {
                return new StructNodes.Add(leaf.schema, leaf.source, leaf.path.toString(), fits(leaf.source, leaf.schema));
            }
            StructNodes.StructShape shape = new StructNodes.StructShape(reads);
            Map<String, List<Addition>> byName = new LinkedHashMap<>();
            for (Addition a : deeper) {
                byName.computeIfAbsent(a.names.get(step + 1), n -> new ArrayList<>()).add(a);
            }
            for (Map.Entry<String, List<Addition>> e : byName.entrySet()) {
                shape.added(e.getKey(), newField(e.getKey(), e.getValue(), step + 1));
            }
            return shape.buildNew();
        }

        private StructNodes.Node elements(Schema schema, List<Op> ops, int step) {
            List<Op> deeper = new ArrayList<>();
            Op leaf = splitLeaf(ops, step, deeper);
            Schema valueSchema = schema.valueSchema();
            StructNodes.Node child = leaf != null
                    ? new StructNodes.Replace(sameOr(valueSchema, leaf.operation.newSchema()), leaf.operation.function(),
                            leaf.path.toString())
                    : compile(valueSchema, deeper, List.of(), step + 1);
            if (child instanceof StructNodes.Unchanged) {
                return new StructNodes.Unchanged(schema);
            }
            boolean isArray = schema.type() == Schema.Type.ARRAY;
            Schema out = schema;
            if (child.schema != valueSchema) {
                out = optionalLike(schema, isArray
                        ? SchemaBuilder.array(child.schema)
                        : SchemaBuilder.map(schema.keySchema(), child.schema)).build();
            }
            return isArray ? new StructNodes.ArrayOf(out, child) : new StructNodes.MapOf(out, child);
        }

        /** The addition ending at {@code field} that overwrites it, after checking it may. */
        private static Addition leafAddition(List<Addition> adds, int step, Field field, Op leaf) {
            if (adds == null) {
                return null;
            }
            for (Addition a : adds) {
                if (!a.endsAt(step)) {
                    continue;
                }
                if (!a.overwrite) {
                    throw new FieldPathException("Cannot add field '" + a.path + "': the struct already has a field '"
                            + field.name() + "'");
                }
                if (leaf != null) {
                    throw new FieldPathException("Conflicting operations: " + leaf.describe()
                            + " and setting '" + a.path + "'");
                }
                if (!sameShape(field.schema(), a)) {
                    throw new FieldPathException("Cannot set field '" + a.path + "': the struct has a field '"
                            + field.name() + "' of type " + io.cdckit.core.record.Describe.schema(field.schema())
                            + (field.schema().isOptional() ? "" : " (required)") + ", not "
                            + io.cdckit.core.record.Describe.schema(a.schema)
                            + (a.schema.isOptional() ? " (optional)" : ""));
                }
                if (adds.size() > 1) {
                    throw new FieldPathException("Cannot add inside '" + a.path + "', which is set as a whole");
                }
                return a;
            }
            return null;
        }

        private static void rejectAddsInto(List<Addition> adds, Op leaf) {
            if (adds != null && !adds.isEmpty()) {
                throw new FieldPathException("Conflicting operations: " + leaf.describe() + " and adding '"
                        + adds.get(0).path + "'");
            }
        }
    }

    /** Whether an existing field can take the values of an addition that overwrites it. */
    private static boolean sameShape(Schema existing, Addition a) {
        Schema s = a.schema;
        if (existing.type() != s.type() || (s.isOptional() && !existing.isOptional())) {
            return false;
        }
        if (existing.type() == Schema.Type.ARRAY || existing.type() == Schema.Type.MAP) {
            return existing.valueSchema().type() == s.valueSchema().type();
        }
        return true;
    }

    /** Whether a source's values always fit {@code target}: a primitive of the same type and logical name. */
    static boolean fits(ValueSource source, Schema target) {
        Schema from = source.valueSchema();
        return from != null && from.type().isPrimitive() && from.type() == target.type()
                && Objects.equals(from.name(), target.name());
    }

    private static String prefix(Addition a, int step) {
        return FieldPath.literal(a.names.subList(0, step + 1).toArray(new String[0])).toString();
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

    /** Copies name, version, doc, parameters and optionality; not the type-specific parts or the default. */
    static SchemaBuilder optionalLike(Schema from, SchemaBuilder to) {
        SchemaCopy.copyMetadata(from, to);
        if (from.isOptional()) {
            to.optional();
        }
        return to;
    }
}
