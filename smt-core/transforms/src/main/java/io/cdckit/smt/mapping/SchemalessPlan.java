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

import static io.cdckit.smt.mapping.MappingPlans.matches;
import static io.cdckit.smt.mapping.MappingPlans.steps;
import static io.cdckit.smt.mapping.MappingPlans.text;
import static io.cdckit.smt.mapping.MappingPlans.withElements;

/**
 * The one plan of a {@link MappingSpec} for schemaless (Map) rows, whose keys are only known per
 * row: each entry is registered at the input path it names once the steps before it are undone (a
 * cast named after a rename goes on the renamed key, a move named after a rename removes the key
 * the rename would have renamed). An entry naming a field an earlier step removes is left out: the
 * field is gone by then. Moved, copied and inserted keys are additions, at their target with its
 * parents' input names.
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
            plan.field(d, Strictness.LENIENT, f -> FieldOperation.remove());
        }
        for (MappingSpec.Rename r : spec.renames()) {
            List<Step> in = steps(r.path());
            if (!gone(in)) {
                ops.put(text(in), FieldOperation.rename(r.newName()));
            }
        }
        for (MappingSpec.Relocation m : spec.moves()) {
            List<Step> in = inputPath(m.from());
            if (in != null && !gone(in)) {
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
            if (in == null || gone(in) || ops.get(text(in)) != null && ops.get(text(in)).removes()) {
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
            plan.add(kernelPath(i.path()), ANY, i.source().schemalessSource(i.path().toString()));
        }
        if (spec.flatten() != null) {
            plan.flatten(spec.flatten());
        }
        return plan.build();
    }

    /** A copy reads the key its source names after the moves: one that stayed, or a move's source. */
    private List<Step> copySource(MappingSpec.Relocation copy) {
        for (Map.Entry<MappingSpec.Relocation, List<Step>> m : movedFrom.entrySet()) {
            if (m.getKey().to().equals(copy.from())) {
                return m.getValue();
            }
        }
        List<Step> in = inputPath(copy.from());
        if (in == null || gone(in) || ops.get(text(in)) != null && ops.get(text(in)).removes()) {
            return null;
        }
        return in;
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
        return ValueSource.of(null, c -> {
            Object v = c.row() instanceof Map ? from.lookup((Map<?, ?>) c.row()) : MapPaths.MISSING;
            if (v == MapPaths.MISSING) {
                if (strict) {
                    throw new FieldPathException((r.copy() ? "copy" : "move") + " entry '" + r.entry()
                            + "' names no key of the row; missing.fields=fail");
                }
                return ValueSource.NONE;
            }
            return castFn == null ? v : castFn.apply(v);
        }, r.verb() + " from '" + r.from() + "'");
    }

    /**
     * The input path of a field named {@code output} after the renames, or null if no input field
     * has that name by then (it was renamed to something else).
     */
    private List<Step> inputPath(FieldPath output) {
        List<Step> in = new ArrayList<>();
        for (FieldPath.Segment s : output.segments()) {
            List<Step> parent = List.copyOf(in);
            MappingSpec.Rename onto = spec.renames().stream()
                    .filter(r -> r.newName().equals(s.name()) && isChild(r.path(), parent)).findFirst().orElse(null);
            if (onto != null) {
                in.add(new Step(onto.path().segments().get(parent.size()).name(), s.elements()));
                continue;
            }
            boolean renamedAway = spec.renames().stream()
                    .anyMatch(r -> isChild(r.path(), parent) && r.path().segments().get(parent.size()).name().equals(s.name()));
            if (renamedAway) {
                return null;
            }
            in.add(new Step(s.name(), s.elements()));
        }
        return in;
    }

    /**
     * The path the kernel adds {@code output} at: its parents by their input names (a name a rename
     * gave is undone; a name renamed away stays, since the kernel adds a new key there).
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

    /** Whether {@code path} is one level below {@code parent} (same names and array levels). */
    private static boolean isChild(FieldPath path, List<Step> parent) {
        List<FieldPath.Segment> segments = path.segments();
        if (segments.size() != parent.size() + 1) {
            return false;
        }
        for (int i = 0; i < parent.size(); i++) {
            if (!segments.get(i).name().equals(parent.get(i).name())
                    || segments.get(i).elements() != parent.get(i).elements()) {
                return false;
            }
        }
        return true;
    }

    private Function<Object, ?> schemalessCast(MappingSpec.CastEntry c) {
        String path = c.path().toString();
        CastOnError onError = spec.onError();
        return v -> Casts.castSchemaless(path, v, c.type(), onError);
    }

    /** Whether {@code keep} leaves out, or a {@code drop} entry removes, the field at {@code path} or a parent of it. */
    private boolean gone(List<Step> path) {
        for (FieldPath d : spec.drop()) {
            int n = d.segments().size();
            if (n <= path.size() && matches(d, withElements(path.subList(0, n), 0))) {
                return true;
            }
        }
        return !spec.keep().isEmpty() && spec.keep().stream().noneMatch(k -> onKeptPath(k, path));
    }

    /** Whether a keep path keeps the field at {@code path}: one of them lies on the way to the other. */
    private static boolean onKeptPath(FieldPath keep, List<Step> path) {
        List<FieldPath.Segment> segments = keep.segments();
        for (int i = 0; i < Math.min(segments.size(), path.size()); i++) {
            if (!segments.get(i).matches(path.get(i).name())) {
                return false;
            }
        }
        return true;
    }
}
