package io.cdckit.core.row;

import io.cdckit.core.path.FieldPath;
import io.cdckit.core.path.FieldPathException;
import io.cdckit.core.path.ResolvedPath;
import io.cdckit.core.path.Strictness;
import io.cdckit.core.record.Describe;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import java.util.ArrayList;
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
 * them, optional, and so does one below a field the plan removes, renames away or does not keep.
 *
 * <h2>Records</h2>
 * <p>{@link #apply} creates new Structs, Lists and Maps only along the paths that have operations;
 * every other value, including untouched sub-structs, lists and maps, is shared with the input,
 * which is never mutated. Copied values are read as the plan's {@link ReadMode} says. Values copied
 * from a field of the same schema, and added values the plan can prove fit, are written without
 * re-validation ({@link io.cdckit.core.record.RawStructs}); a replaced or added value that may not
 * fit is checked, and one that does not fit fails with a {@link FieldPathException} naming the path.
 * A row where a struct the plan adds fields into is null fails the same way (the added values
 * would be lost); a null row (an envelope's missing image) simply stays null.
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
    private final SchemaGuard guard;

    private StructForm(Schema inputSchema, StructNodes.Node plan, boolean needsContext) {
        this.inputSchema = inputSchema;
        this.plan = plan;
        this.needsContext = needsContext;
        this.guard = new SchemaGuard(inputSchema);
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
     * @param input   a struct of {@link #inputSchema()} (or an equal schema); may be null
     * @param context what the plan's sources read; may be null if {@link #needsContext()} is false
     * @return a new struct of {@link #outputSchema()} sharing every untouched value with the input;
     *         the input itself if {@link #isIdentity()}; null if the input is null
     * @throws FieldPathException if the input's schema is another, a replaced or added value does not
     *                            fit its schema, or an operation's function fails
     */
    public Struct apply(Struct input, RowContext context) {
        if (plan == null || input == null) {
            return input;
        }
        guard.check(input);
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
        private final List<StructCompiler.Op> ops = new ArrayList<>();
        private final List<Addition> additions = new ArrayList<>();
        private ReadMode reads = ReadMode.RAW;
        private boolean required;
        private final Map<String, StructNodes.Node> children = new LinkedHashMap<>();
        private List<FieldPath> kept = List.of();
        private RowFlatten flatten;
        private boolean keepOptional;

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
                ops.add(new StructCompiler.Op(path, operation, source));
            }
            return this;
        }

        /** Adds a field at a literal path (no patterns, no {@code [*]}); see {@link RowPlan.Builder#add}. */
        Builder addField(Addition addition) {
            additions.add(addition);
            return this;
        }

        /** Removes every field no path of {@code paths} keeps; see {@link RowPlan.Builder#keepOnly}. */
        Builder keepOnly(List<FieldPath> paths) {
            this.kept = List.copyOf(paths);
            return this;
        }

        /**
         * Flattens the rewritten row as the last step; null for none. {@code keepOptional}: an
         * optional row stays optional (an envelope's image), else the flattened row is required, as
         * Kafka's {@code Flatten} makes it.
         */
        Builder flatten(RowFlatten flatten, boolean keepOptional) {
            this.flatten = flatten;
            this.keepOptional = keepOptional;
            return this;
        }

        /** Rewrites the values of the top-level field {@code name} with {@code node} (an envelope's images). */
        Builder child(String name, StructNodes.Node node) {
            children.put(name, node);
            return this;
        }

        StructForm build() {
            boolean rootChanges = required && inputSchema.isOptional();
            if (ops.isEmpty() && additions.isEmpty() && children.isEmpty() && kept.isEmpty() && !rootChanges) {
                StructNodes.Node flat = flatten == null ? null : flattened(null);
                return new StructForm(inputSchema, flat, false);
            }
            boolean context = false;
            for (Addition a : additions) {
                context |= !a.source.isConstant();
            }
            StructCompiler compiler = new StructCompiler(reads);
            StructNodes.Node plan = compiler.struct(inputSchema, ops, additions, children, KeepSet.of(kept), 0,
                    required);
            if (flatten != null) {
                plan = flattened(plan instanceof StructNodes.Unchanged ? null : plan);
            }
            return plan == null ? new StructForm(inputSchema, null, false) : new StructForm(inputSchema, plan, context);
        }

        /** The flatten step after {@code plan} (null: the row as it is); null if it changes nothing. */
        private StructNodes.Node flattened(StructNodes.Node plan) {
            Schema rewritten = plan == null ? inputSchema : plan.schema;
            RowFlatten.Compiled post = flatten.compile(rewritten, keepOptional);
            if (post.isIdentity()) {
                return plan;
            }
            return new StructNodes.Flattened(plan, post);
        }
    }
}
