package io.cdckit.core.row;

import io.cdckit.core.path.FieldPath;
import io.cdckit.core.path.FieldPathException;
import io.cdckit.core.path.Strictness;

import org.apache.kafka.connect.data.Schema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A row rewrite, registered once: what happens to which fields of a row (keep, remove, rename,
 * replace, possibly with a new schema) and which fields are added, at paths relative to the row.
 * From this one registration it compiles a Struct form per row schema ({@link #compile}, cache it
 * per schema) and has a schemaless form for {@code Map} rows ({@link #apply(Map, RowContext)}).
 * {@link RowRewrite} puts it to work on records: for a change event it rewrites both row images
 * with the same plan ({@code envelope.mode}).
 *
 * <pre>{@code
 * RowPlan plan = RowPlan.builder()
 *         .field(FieldPath.parse("email"), FieldOperation.replace(v -> "***"))
 *         .field(FieldPath.parse("items[*].sku"), field -> field.schema() == null
 *                 || field.schema().type() == Schema.Type.STRING ? FieldOperation.replace(Trim::trim) : FieldOperation.keep())
 *         .add(FieldPath.parse("__masked"), Schema.OPTIONAL_BOOLEAN_SCHEMA, ValueSource.constant(true, Schema.BOOLEAN_SCHEMA))
 *         .build();
 * }</pre>
 *
 * <p>Paths starting with {@value #ENVELOPE} address the change-event envelope around the row
 * ({@code $envelope.source.ts_ms}, {@code $envelope.ts_ms}) when {@link RowRewrite} rewrites an
 * envelope; for a plain row they address nothing. Instances are immutable and thread-safe if the
 * functions and sources are.
 */
public final class RowPlan {

    /** The first segment of paths that address the envelope around the row. */
    public static final String ENVELOPE = "$envelope";

    private final List<Registration> fields;
    private final List<FieldPath> kept;
    private final List<Addition> additions;
    /** The last step, or null. */
    private final RowFlatten flatten;
    private final ReadMode reads;
    private final boolean required;
    private final MapForm schemaless;
    private final RowPlan envelopePart;

    private RowPlan(List<Registration> fields, List<FieldPath> kept, List<Addition> additions, RowFlatten flatten,
                    ReadMode reads, boolean required, RowPlan envelopePart) {
        this.fields = List.copyOf(fields);
        this.kept = List.copyOf(kept);
        this.flatten = flatten;
        this.additions = List.copyOf(additions);
        this.reads = reads;
        this.required = required;
        this.envelopePart = envelopePart;
        MapForm.Builder b = MapForm.builder();
        for (Registration r : this.fields) {
            b.add(r.path, r.strictness, r.rule.apply(new RowField(r.path, null)));
        }
        for (Addition a : this.additions) {
            b.addField(a);
        }
        this.schemaless = b.keepOnly(this.kept).flatten(flatten).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** @return true if the plan changes nothing: no operation, no addition, also none on the envelope */
    public boolean isEmpty() {
        return fields.isEmpty() && kept.isEmpty() && additions.isEmpty() && flatten == null && !required
                && (envelopePart == null || envelopePart.isEmpty());
    }

    /** @return true if some addition reads a {@link RowContext}, which must then be passed to the forms */
    public boolean needsContext() {
        return schemaless.needsContext() || (envelopePart != null && envelopePart.needsContext());
    }

    /**
     * Compiles the Struct form for one row schema. Call it once per schema and cache the result
     * (the kernel's {@code PlanCache}).
     *
     * @param rowSchema a STRUCT schema
     * @return the compiled form
     * @throws FieldPathException if a STRICT path is missing, or operations conflict in this schema
     */
    public StructForm compile(Schema rowSchema) {
        return compile(rowSchema, required, Map.of(), false);
    }

    /**
     * Rewrites one schemaless row.
     *
     * @param row     the row; may be null
     * @param context what the additions read; may be null if {@link #needsContext()} is false
     * @return the rewritten row, or {@code row} itself when nothing changed
     * @throws FieldPathException if a STRICT path does not fit the row, or a value cannot be rewritten
     */
    public Map<String, Object> apply(Map<String, Object> row, RowContext context) {
        return schemaless.apply(row, context, false);
    }

    /** The schemaless rewrite of a partial image (Maxwell's {@code old}): nothing required, nothing added. */
    Map<String, Object> applyPartial(Map<String, Object> row, RowContext context) {
        return schemaless.apply(row, context, true);
    }

    /** The form of an envelope image: as {@link #compile}, but optional like the image field. */
    StructForm compileImage(Schema imageSchema) {
        return compile(imageSchema, false, Map.of(), true);
    }

    StructForm compile(Schema schema, boolean requiredRoot, Map<String, StructNodes.Node> children) {
        return compile(schema, requiredRoot, children, false);
    }

    /** {@code image}: the row is an envelope's image, whose optional schema a flatten keeps optional. */
    private StructForm compile(Schema schema, boolean requiredRoot, Map<String, StructNodes.Node> children,
                               boolean image) {
        StructForm.Builder b = StructForm.builder(schema).reads(reads).keepOnly(kept).flatten(flatten, image);
        if (requiredRoot) {
            b.required();
        }
        for (Registration r : fields) {
            b.add(r.path, r.strictness, r.rule);
        }
        for (Addition a : additions) {
            b.addField(a);
        }
        children.forEach(b::child);
        return b.build();
    }

    /** Whether a registered path's first segment may match the field or key {@code name}. */
    boolean addresses(String name) {
        for (Registration r : fields) {
            if (r.path.segments().get(0).matches(name)) {
                return true;
            }
        }
        for (Addition a : additions) {
            if (a.path.segments().get(0).matches(name)) {
                return true;
            }
        }
        for (FieldPath k : kept) {
            if (k.segments().get(0).matches(name)) {
                return true;
            }
        }
        return false;
    }

    /** The plan of the {@value #ENVELOPE} paths, relative to the envelope; null if there are none. */
    RowPlan envelopePart() {
        return envelopePart;
    }

    /** Collects a plan's registrations. Not thread-safe. */
    public static final class Builder {
        private final List<Registration> fields = new ArrayList<>();
        private final List<FieldPath> kept = new ArrayList<>();
        private final List<Addition> additions = new ArrayList<>();
        private String flattenDelimiter;
        private final List<Registration> envelopeFields = new ArrayList<>();
        private final List<Addition> envelopeAdditions = new ArrayList<>();
        private Strictness strictness = Strictness.LENIENT;
        private ReadMode reads = ReadMode.RAW;
        private boolean required;

        private Builder() {
        }

        /** The strictness of the paths registered after this call without their own (default LENIENT: a missing field is skipped). */
        public Builder strictness(Strictness strictness) {
            this.strictness = Objects.requireNonNull(strictness, "strictness");
            return this;
        }

        /** How copied fields are read (default {@link ReadMode#RAW}). */
        public Builder reads(ReadMode reads) {
            this.reads = Objects.requireNonNull(reads, "reads");
            return this;
        }

        /** The output row of a schema'd plain row is not optional (as a sink expects of a record value). */
        public Builder required() {
            this.required = true;
            return this;
        }

        /** {@code operation} on every field {@code path} (a path or pattern) matches. */
        public Builder field(FieldPath path, FieldOperation operation) {
            Objects.requireNonNull(operation, "operation");
            return field(path, strictness, f -> operation);
        }

        /** The operation {@code rule} gives each field {@code path} matches. */
        public Builder field(FieldPath path, FieldRule rule) {
            return field(path, strictness, rule);
        }

        public Builder field(FieldPath path, Strictness strictness, FieldRule rule) {
            Registration r = new Registration(Objects.requireNonNull(path, "path"), strictness, rule);
            if (path.startsWith(ENVELOPE)) {
                envelopeFields.add(new Registration(envelopePath(path), strictness, rule));
            } else {
                fields.add(r);
            }
            return this;
        }

        /**
         * Keeps only the fields these paths and patterns name, removing every other one; the fields
         * on the way to a kept path stay, with only what is kept inside them ({@code address.city}
         * keeps {@code address} with its {@code city} alone; {@code items[*].sku} keeps the
         * {@code sku} of each element). A path that does not fit a row's shape there filters
         * nothing below that point. The other operations apply to what is kept; a field the plan
         * adds is never removed. Calls add up.
         *
         * @throws FieldPathException for a {@value #ENVELOPE} path: the envelope keeps its fields
         */
        public Builder keepOnly(Collection<FieldPath> paths) {
            for (FieldPath p : paths) {
                if (p.startsWith(ENVELOPE)) {
                    throw new FieldPathException("Cannot keep only '" + p + "': the envelope keeps its fields; "
                            + "keep the row's fields without " + ENVELOPE);
                }
                kept.add(p);
            }
            return this;
        }

        /**
         * Flattens the row as the last step, after every other operation and addition: its nested
         * structs (and, schemaless, nested maps) become top-level fields named by their path joined
         * with {@code delimiter}, as Kafka's {@code Flatten} does (arrays and maps of a schema are
         * kept as values). Both images of a change event are flattened; the envelope is not.
         *
         * @param delimiter not empty
         */
        public Builder flatten(String delimiter) {
            new RowFlatten(delimiter); // checks it now
            this.flattenDelimiter = delimiter;
            return this;
        }

        /**
         * Adds a field at a literal path, creating missing parent structs (optional) and maps. A
         * row that already has the field is a conflict (at compile time for a schema, per row for
         * schemaless rows), unless the plan removes that field, renames it away or does not keep
         * it: then the added field is a new one, after the others (below such a name: inside a new
         * optional struct or map). A parent that is null in a row, or not a struct or map, fails
         * that row: the value would be lost. A source's {@link ValueSource#description()} is part
         * of the conflict's message.
         */
        public Builder add(FieldPath path, Schema schema, ValueSource source) {
            return addition(new Addition(path, schema, source, false));
        }

        /**
         * As {@link #add}, for a value the source reads from the row itself (a field moved or copied
         * to {@code path}): made in a partial image too (Maxwell's {@code old}, which gets no other
         * addition), where the source finds a value there.
         */
        public Builder addFromRow(FieldPath path, Schema schema, ValueSource source) {
            return addition(new Addition(path, schema, source, false, true));
        }

        /**
         * As {@link #add}, but an existing field of the same type (and optional if {@code schema} is)
         * is overwritten in place, keeping its schema; any key of that name in a schemaless row.
         */
        public Builder set(FieldPath path, Schema schema, ValueSource source) {
            return addition(new Addition(path, schema, source, true));
        }

        private Builder addition(Addition a) {
            if (a.path.startsWith(ENVELOPE)) {
                envelopeAdditions.add(new Addition(envelopePath(a.path), a.schema, a.source, a.overwrite, a.fromRow));
            } else {
                additions.add(a);
            }
            return this;
        }

        /**
         * @return the plan
         * @throws FieldPathException if operations may conflict on schemaless rows (a configuration
         *                            mistake: report it naming the key)
         */
        public RowPlan build() {
            RowPlan envelope = envelopeFields.isEmpty() && envelopeAdditions.isEmpty() ? null
                    : new RowPlan(envelopeFields, List.of(), envelopeAdditions, null, ReadMode.RAW, false, null);
            RowFlatten flatten = flattenDelimiter == null ? null : new RowFlatten(flattenDelimiter, reads);
            return new RowPlan(fields, kept, additions, flatten, reads, required, envelope);
        }

        private static FieldPath envelopePath(FieldPath path) {
            if (path.segments().size() < 2) {
                throw new FieldPathException("'" + path + "' names the envelope itself; add the field, e.g. "
                        + ENVELOPE + ".source.ts_ms");
            }
            return path.subPath(1);
        }
    }

    /** One {@code field(...)} registration. */
    private static final class Registration {
        final FieldPath path;
        final Strictness strictness;
        final FieldRule rule;

        Registration(FieldPath path, Strictness strictness, FieldRule rule) {
            this.path = path;
            this.strictness = Objects.requireNonNull(strictness, "strictness");
            this.rule = Objects.requireNonNull(rule, "rule");
        }
    }
}
