package io.cdckit.smt.mapping;

import io.cdckit.core.path.FieldPath;
import io.cdckit.core.path.FieldPathException;
import io.cdckit.core.path.MapPaths;
import io.cdckit.core.path.Strictness;
import io.cdckit.core.row.FieldOperation;
import io.cdckit.core.row.RowPlan;
import io.cdckit.core.row.ValueSource;
import io.cdckit.smt.mapping.MappingPlans.Step;

import org.apache.kafka.connect.data.Schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static io.cdckit.smt.mapping.MappingPlans.concat;
import static io.cdckit.smt.mapping.MappingPlans.steps;
import static io.cdckit.smt.mapping.MappingPlans.text;

/**
 * The one plan of a {@link MappingSpec} for schemaless (Map) rows, whose keys are only known per
 * row: each entry is registered at the input path it names once the steps before it are undone (a
 * cast named after a rename goes on the renamed key, a move named after a rename removes the key
 * the rename would have renamed). An entry naming a field that {@code keep} or {@code drop} removes,
 * or that a rename or move took away, is a configuration error ({@link EarlierSteps}), as it would
 * be missing from every Struct row. Moved, copied and inserted keys are additions, at their target
 * with its parents' input names; {@code keep} and {@code drop} apply inside a moved or copied map
 * ({@link MappingPlans#insideRelocated}).
 */
final class SchemalessPlan {

    /** Schemaless additions ignore their schema; the kernel still wants one. */
    private static final Schema ANY = Schema.OPTIONAL_STRING_SCHEMA;

    private final MappingSpec spec;
    private final Strictness named;
    /** The operation on each input path, by its text, in the order the entries come. */
    private final Map<String, FieldOperation> ops = new LinkedHashMap<>();
    /** The input path each move takes its value from. */
    private final Map<MappingSpec.Relocation, List<Step>> movedFrom = new LinkedHashMap<>();

    private SchemalessPlan(MappingSpec spec) {
        this.spec = spec;
        this.named = spec.missing() == MissingFields.FAIL ? Strictness.STRICT : Strictness.LENIENT;
    }

    static RowPlan of(MappingSpec spec) {
        return new SchemalessPlan(spec).build();
    }

    private RowPlan build() {
        RowPlan.Builder plan = RowPlan.builder().keepOnly(spec.keep());
        for (FieldPath d : spec.drop()) {
            if (!insideAMove(d)) { // there the move's own plan of the entries inside applies
                plan.field(d, Strictness.LENIENT, f -> FieldOperation.remove());
            }
        }
        for (MappingSpec.Rename r : spec.renames()) {
            ops.put(text(steps(r.path())), FieldOperation.rename(r.newName()));
        }
        for (MappingSpec.Relocation m : spec.moves()) {
            List<Step> in = inputPath(m.from());
            if (in != null) {
                movedFrom.put(m, in);
                ops.put(text(in), FieldOperation.remove());
            }
        }
        Map<MappingSpec.Relocation, List<Step>> sources = new LinkedHashMap<>(movedFrom);
        for (MappingSpec.Relocation c : spec.copies()) {
            List<Step> in = copySource(c);
            if (in != null) {
                sources.put(c, in);
            }
        }
        for (MappingSpec.CastEntry c : spec.casts()) {
            if (relocationTo(c.path()) != null) {
                continue; // cast as it is moved or copied
            }
            List<Step> in = inputPath(c.path());
            if (in == null || ops.get(text(in)) != null && ops.get(text(in)).removes()) {
                continue;
            }
            FieldOperation before = ops.get(text(in));
            Function<Object, ?> cast = schemalessCast(c);
            ops.put(text(in), before == null ? FieldOperation.replace(cast)
                    : FieldOperation.renameAndReplace(before.newName(), null, cast));
        }
        ops.forEach((in, op) -> plan.field(FieldPath.parse(in), named, f -> op));
        sources.forEach((r, in) -> plan.addFromRow(kernelPath(r.to()), ANY, relocated(r, in)));
        for (MappingSpec.Insert i : spec.inserts()) {
            plan.add(kernelPath(i.path()), ANY, i.source().schemalessSource(i.path().toString(), i.entry(),
                    named == Strictness.STRICT));
        }
        if (spec.flatten() != null) {
            plan.flatten(spec.flatten());
        }
        return plan.build();
    }

    /** Whether a drop entry lies inside the field a move entry takes away (by its input path). */
    private boolean insideAMove(FieldPath drop) {
        for (MappingSpec.Relocation m : spec.moves()) {
            List<Step> in = inputPath(m.from());
            if (in != null && MappingPlans.within(drop, FieldPath.parse(text(in)))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A copy reads the key its source names after the moves: one that stayed, a move's source, or a
     * key inside the map a move took (at the move's source and the rest).
     */
    private List<Step> copySource(MappingSpec.Relocation copy) {
        for (Map.Entry<MappingSpec.Relocation, List<Step>> m : movedFrom.entrySet()) {
            FieldPath to = m.getKey().to();
            if (to.equals(copy.from())) {
                return m.getValue();
            }
            if (MappingPlans.within(copy.from(), to)) {
                List<Step> inside = concat(m.getValue(), steps(copy.from()).subList(to.segments().size(),
                        copy.from().segments().size()));
                return removedBefore(inside) ? null : inside; // keep and drop ran before the move
            }
        }
        List<Step> in = inputPath(copy.from());
        if (in == null || ops.get(text(in)) != null && ops.get(text(in)).removes()) {
            return null;
        }
        return in;
    }

    private boolean removedBefore(List<Step> in) {
        return MappingPlans.droppedBy(spec.drop(), in) != null || !MappingPlans.kept(spec.keep(), in);
    }

    private MappingSpec.Relocation relocationTo(FieldPath path) {
        for (MappingSpec.Relocation r : spec.moves()) {
            if (r.to().equals(path)) {
                return r;
            }
        }
        for (MappingSpec.Relocation r : spec.copies()) {
            if (r.to().equals(path)) {
                return r;
            }
        }
        return null;
    }

    /** The value of a moved or copied key, cast as a cast entry at its target says; none if the row lacks it. */
    private ValueSource relocated(MappingSpec.Relocation r, List<Step> in) {
        FieldPath from = FieldPath.parse(text(in));
        MappingSpec.CastEntry cast = spec.casts().stream().filter(c -> c.path().equals(r.to())).findFirst()
                .orElse(null);
        Function<Object, ?> castFn = cast == null ? null : schemalessCast(cast);
        boolean strict = named == Strictness.STRICT;
        RowPlan inside = MappingPlans.insideRelocated(spec, in);
        return ValueSource.of(null, c -> {
            Object v = c.row() instanceof Map ? from.lookup((Map<?, ?>) c.row()) : MapPaths.MISSING;
            if (inside != null && v instanceof Map) {
                v = inside.apply(castMap(v), null); // keep and drop ran before the move or copy
            } else if (inside != null && v instanceof List) {
                throw new FieldPathException((r.copy() ? "copy" : "move") + " entry '" + r.entry() + "' relocates a "
                        + "list that a keep or drop entry reaches inside; only the fields of a map can be kept or "
                        + "dropped as it is relocated");
            }
            if (v == MapPaths.MISSING) {
                if (strict && !c.isPartialImage()) {
                    throw new FieldPathException((r.copy() ? "copy" : "move") + " entry '" + r.entry()
                            + "' names no key of the row; missing.fields=fail");
                }
                return ValueSource.NONE;
            }
            return castFn == null ? v : castFn.apply(v);
        }, r.verb() + " from '" + r.from() + "'");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object v) {
        return (Map<String, Object>) v;
    }

    /** The input path of a field named {@code output} after the renames, or null if it was renamed away. */
    private List<Step> inputPath(FieldPath output) {
        return MappingPlans.inputPath(spec.renames(), output);
    }

    /**
     * The path the kernel adds {@code output} at: its parents by their input names (a name a rename
     * gave is undone; a target below a name renamed away is a configuration error, see EarlierSteps).
     */
    private FieldPath kernelPath(FieldPath output) {
        List<FieldPath.Segment> segments = output.segments();
        List<Step> path = new ArrayList<>();
        if (segments.size() > 1) {
            List<Step> parent = inputPath(FieldPath.literal(segments.subList(0, segments.size() - 1).stream()
                    .map(FieldPath.Segment::name).toArray(String[]::new)));
            path.addAll(parent != null ? parent : steps(output).subList(0, segments.size() - 1));
        }
        path.add(new Step(segments.get(segments.size() - 1).name(), 0));
        return FieldPath.parse(text(path));
    }

    private Function<Object, ?> schemalessCast(MappingSpec.CastEntry c) {
        String path = c.path().toString();
        CastOnError onError = spec.onError();
        return v -> Casts.castSchemaless(path, v, c.type(), onError);
    }
}
