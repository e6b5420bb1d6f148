package io.cdckit.smt.mapping;

import io.cdckit.core.path.FieldPath;
import io.cdckit.core.path.ResolvedPath;
import io.cdckit.core.path.Strictness;
import io.cdckit.core.record.SchemaCopy;
import io.cdckit.core.row.FieldOperation;
import io.cdckit.core.row.KeepSet;
import io.cdckit.core.row.RowPlan;
import io.cdckit.core.row.StructForm;
import io.cdckit.core.row.ValueSource;
import io.cdckit.smt.mapping.MappingPlans.Step;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import static io.cdckit.smt.mapping.MappingPlans.append;
import static io.cdckit.smt.mapping.MappingPlans.describe;
import static io.cdckit.smt.mapping.MappingPlans.matches;
import static io.cdckit.smt.mapping.MappingPlans.path;
import static io.cdckit.smt.mapping.MappingPlans.steps;
import static io.cdckit.smt.mapping.MappingPlans.text;
import static io.cdckit.smt.mapping.MappingPlans.withElements;

/**
 * The plan of a {@link MappingSpec} for one Struct row schema, made by walking the schema once.
 * Each field's input path is matched against {@code keep}, {@code drop} and {@code rename}; its
 * name after renames against the {@code move} sources (a moved field is removed where it was) and
 * its output path against the {@code cast} entries. Then moved and copied fields, and inserted
 * ones, become additions at their targets (named by the input names of their parents, as the
 * kernel's plan wants), with sources that read the input row and apply the cast named at the
 * target. Entries that name no field of the schema are reported once, as {@code missing.fields}
 * says.
 */
final class SchemaWalk {

    /** Where an output field comes from: its input path and schema, and whether a struct above it is optional. */
    private record Position(List<Step> in, List<Step> out, Schema schema, boolean optionalAbove) {
    }

    private final MappingSpec spec;
    private final Schema rowSchema;
    private final Schema envelopeSchema;
    private final Consumer<String> warn;
    private final RowPlan.Builder plan = RowPlan.builder().strictness(Strictness.LENIENT);
    private final Set<Object> matched = new HashSet<>();
    /** The fields the steps up to {@code move} leave, by the text of their output path. */
    private final Map<String, Position> outputs = new HashMap<>();
    private final Map<MappingSpec.Relocation, Position> moved = new HashMap<>();

    SchemaWalk(MappingSpec spec, Schema rowSchema, Schema envelopeSchema, Consumer<String> warn) {
        this.spec = spec;
        this.rowSchema = rowSchema;
        this.envelopeSchema = envelopeSchema;
        this.warn = warn;
    }

    RowPlan plan() {
        fields(rowSchema, List.of(), List.of(), KeepSet.of(spec.keep()), false);
        for (MappingSpec.Relocation m : spec.moves()) {
            relocate(m, moved.get(m));
        }
        for (MappingSpec.Relocation c : spec.copies()) {
            relocate(c, copySource(c));
        }
        for (MappingSpec.Insert i : spec.inserts()) {
            insert(i);
        }
        reportMissing();
        if (spec.flatten() != null) {
            plan.flatten(spec.flatten());
        }
        return plan.build();
    }

    // ------------------------------------------------------------------ fields where they are

    private void fields(Schema struct, List<Step> in, List<Step> out, KeepSet keep, boolean optionalAbove) {
        for (Field f : struct.fields()) {
            field(f, append(in, f.name()), out, keep.field(f.name()), optionalAbove);
        }
    }

    private void field(Field f, List<Step> in, List<Step> outParent, KeepSet keep, boolean optionalAbove) {
        if (keep == null || spec.drop().stream().anyMatch(d -> matches(d, in))) {
            plan.field(path(in), FieldOperation.remove());
            return;
        }
        MappingSpec.Rename rename = spec.renames().stream().filter(r -> matches(r.path(), in)).findFirst().orElse(null);
        if (rename != null) {
            matched.add(rename);
        }
        List<Step> out = append(outParent, rename == null ? f.name() : rename.newName());
        Position here = new Position(in, out, f.schema(), optionalAbove);
        MappingSpec.Relocation move = spec.moves().stream().filter(m -> matches(m.from(), out)).findFirst().orElse(null);
        if (move != null) {
            moved.put(move, here);
            plan.field(path(in), FieldOperation.remove());
            return;
        }
        outputs.put(text(out), here);
        MappingSpec.CastEntry castEntry = castAt(out);
        Cast cast = castEntry == null ? null : compile(castEntry, f.schema(), out);
        FieldOperation op = rename == null && cast == null ? null
                : cast == null ? FieldOperation.rename(rename.newName())
                : rename == null ? FieldOperation.replace(cast.schema(), cast)
                : FieldOperation.renameAndReplace(rename.newName(), cast.schema(), cast);
        if (op != null) {
            plan.field(path(in), op);
        }
        if (cast == null) {
            descend(f.schema(), in, out, keep, optionalAbove || f.schema().isOptional());
        }
    }

    /**
     * Into a struct, or the structs of an array's elements or a map's values (of arrays or maps),
     * naming their levels {@code [*]}.
     */
    private void descend(Schema schema, List<Step> in, List<Step> out, KeepSet keep, boolean optionalAbove) {
        int depth = 0;
        Schema s = schema;
        KeepSet k = keep;
        while (s.type() == Schema.Type.ARRAY || s.type() == Schema.Type.MAP) {
            s = s.valueSchema();
            k = k.elements();
            depth++;
        }
        if (s.type() == Schema.Type.STRUCT) {
            fields(s, withElements(in, depth), withElements(out, depth), k, optionalAbove || depth > 0);
        }
    }

    private MappingSpec.CastEntry castAt(List<Step> out) {
        MappingSpec.CastEntry c = spec.casts().stream().filter(e -> matches(e.path(), out)).findFirst().orElse(null);
        if (c != null) {
            matched.add(c);
        }
        return c;
    }

    private Cast compile(MappingSpec.CastEntry entry, Schema schema, List<Step> out) {
        try {
            return Casts.compile(path(out).toString(), schema, entry.type(), spec.onError());
        } catch (IllegalArgumentException e) {
            throw new DataException("cast entry '" + entry.entry() + "' does not fit schema "
                    + describe(rowSchema) + ": " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ fields added: moved, copied, inserted

    /**
     * A copy reads the field its source names after the moves: one that stayed, a move's target, or
     * a field inside a struct a move put in place (its input path is the moved struct's and the rest).
     */
    private Position copySource(MappingSpec.Relocation copy) {
        Position p = outputs.get(text(steps(copy.from())));
        if (p != null) {
            return p;
        }
        for (MappingSpec.Relocation m : spec.moves()) {
            Position to = moved.get(m);
            if (to == null) {
                continue;
            }
            if (m.to().equals(copy.from())) {
                return to;
            }
            if (MappingPlans.within(copy.from(), m.to())) {
                Position field = inside(to, steps(copy.from()).subList(m.to().segments().size(),
                        copy.from().segments().size()));
                // keep and drop ran before the move: what they removed inside it is not there to copy
                return field == null || MappingPlans.droppedBy(spec.drop(), field.in()) != null
                        || !MappingPlans.kept(spec.keep(), field.in()) ? null : field;
            }
        }
        return null;
    }

    /**
     * The field at {@code rest} inside the struct at {@code struct}, optional if a struct on the way
     * is; null if there is none.
     */
    private static Position inside(Position struct, List<Step> rest) {
        Schema s = struct.schema();
        boolean optionalAbove = struct.optionalAbove();
        for (Step step : rest) {
            Field f = s.type() == Schema.Type.STRUCT ? s.field(step.name()) : null;
            if (f == null) {
                return null;
            }
            optionalAbove |= s.isOptional();
            s = f.schema();
        }
        return new Position(MappingPlans.concat(struct.in(), rest), null, s, optionalAbove);
    }

    private void relocate(MappingSpec.Relocation r, Position from) {
        if (from == null) {
            return; // reported as missing
        }
        matched.add(r);
        StructForm inside = insideForm(r, from);
        Schema base = inside == null ? from.schema() : inside.outputSchema();
        Schema schema = from.optionalAbove() ? SchemaCopy.optional(base) : base;
        List<Step> to = steps(r.to());
        MappingSpec.CastEntry castEntry = castAt(to);
        Function<Object, Object> cast = castEntry == null ? null : compile(castEntry, schema, to);
        Schema target = cast == null ? schema : ((Cast) cast).schema();
        ResolvedPath read = path(from.in()).resolve(rowSchema).get(0);
        String what = r.verb() + " from '" + r.from() + "'";
        // a required struct made optional (a struct above it is optional) needs its values in the new schema
        boolean restruct = schema != base && schema.type() == Schema.Type.STRUCT;
        ValueSource source = ValueSource.of(target, c -> {
            Object v = read.getWithoutDefault((Struct) c.row());
            if (inside != null) {
                v = inside.apply((Struct) v, null);
            }
            if (restruct) {
                v = SchemaCopy.withSchema((Struct) v, schema);
            }
            return cast == null ? v : cast.apply(v);
        }, what);
        add(r.to(), target, source, "entry '" + r.entry() + "'");
    }

    /**
     * The keep and drop entries that reach inside a relocated field (they run before the move or
     * copy), compiled for its schema; null if none does.
     */
    private StructForm insideForm(MappingSpec.Relocation r, Position from) {
        RowPlan inside = MappingPlans.insideRelocated(spec, from.in());
        if (inside == null) {
            return null;
        }
        Schema.Type type = from.schema().type();
        if (type != Schema.Type.STRUCT && type != Schema.Type.ARRAY && type != Schema.Type.MAP) {
            return null; // nothing inside a value to keep or drop
        }
        if (type != Schema.Type.STRUCT) {
            throw new DataException("entry '" + r.entry() + "' relocates '" + r.from() + "', a "
                    + from.schema().type() + " of schema " + describe(rowSchema) + " that a keep or drop entry "
                    + "reaches inside; only the fields of a struct can be kept or dropped as it is relocated");
        }
        StructForm form = inside.compile(from.schema());
        return form.isIdentity() ? null : form;
    }

    private void insert(MappingSpec.Insert i) {
        ResolvedPath envelopeField = null;
        if (i.source().readsEnvelope()) {
            if (envelopeSchema == null) {
                return; // a plain row: reported as missing
            }
            envelopeField = i.source().envelopeField(envelopeSchema);
            if (envelopeField == null) {
                return; // the envelope has no such field: reported as missing
            }
        }
        matched.add(i);
        add(i.path(), i.source().schema(envelopeField), i.source().source(i.path().toString(), envelopeField),
                "insert entry '" + i.entry() + "'");
    }

    /**
     * Adds a field at the output path {@code to}, which the kernel's plan names by the input names of
     * its parents; a field the steps before left there is an error naming both.
     */
    private void add(FieldPath to, Schema schema, ValueSource source, String entry) {
        List<Step> out = steps(to);
        if (outputs.containsKey(text(out))) {
            throw new DataException(entry + ": the row already has a field '" + to + "' (schema "
                    + describe(rowSchema) + "); " + (source.description() == null ? "it" : source.description())
                    + " cannot replace it");
        }
        List<Step> kernelPath = new ArrayList<>();
        for (int n = out.size() - 1; n > 0 && kernelPath.isEmpty(); n--) {
            Position parent = outputs.get(text(out.subList(0, n)));
            if (parent != null) {
                kernelPath.addAll(parent.in());
                kernelPath.addAll(out.subList(n, out.size()));
            }
        }
        plan.add(path(kernelPath.isEmpty() ? out : kernelPath), schema, source);
    }

    private void reportMissing() {
        List<String> missing = new ArrayList<>();
        spec.renames().stream().filter(r -> !matched.contains(r)).forEach(r -> missing.add("rename entry '"
                + r.entry() + "'"));
        spec.moves().stream().filter(m -> !matched.contains(m)).forEach(m -> missing.add("move entry '"
                + m.entry() + "'"));
        spec.copies().stream().filter(c -> !matched.contains(c)).forEach(c -> missing.add("copy entry '"
                + c.entry() + "'"));
        spec.casts().stream().filter(c -> !matched.contains(c)).forEach(c -> missing.add("cast entry '"
                + c.entry() + "'"));
        // an insert is missed only when it reads the envelope: a plain row has none, or the envelope lacks the field
        List<String> notInEnvelope = new ArrayList<>();
        spec.inserts().stream().filter(i -> !matched.contains(i)).forEach(i -> {
            if (envelopeSchema == null) {
                missing.add("insert entry '" + i.entry() + "' (a plain row has no envelope)");
            } else {
                notInEnvelope.add("insert entry '" + i.entry() + "'");
            }
        });
        List<String> problems = new ArrayList<>();
        if (!missing.isEmpty()) {
            problems.add(String.join(", ", missing) + (missing.size() == 1 ? " names" : " name")
                    + " no field of schema " + describe(rowSchema) + " (after the steps before it)");
        }
        if (!notInEnvelope.isEmpty()) {
            problems.add(String.join(", ", notInEnvelope) + (notInEnvelope.size() == 1 ? " names" : " name")
                    + " no field of the envelope schema " + describe(envelopeSchema) + " around rows of schema "
                    + describe(rowSchema));
        }
        if (problems.isEmpty()) {
            return;
        }
        String problem = String.join("; ", problems);
        if (spec.missing() == MissingFields.FAIL) {
            throw new DataException(problem + "; missing.fields=fail");
        }
        warn.accept(problem + "; skipped for this schema (missing.fields=ignore)");
    }
}
