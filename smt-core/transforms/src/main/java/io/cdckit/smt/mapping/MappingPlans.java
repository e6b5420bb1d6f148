package io.cdckit.smt.mapping;

import io.cdckit.core.path.FieldPath;
import io.cdckit.core.path.Strictness;
import io.cdckit.core.row.FieldOperation;
import io.cdckit.core.row.KeepSet;
import io.cdckit.core.row.RowPlan;
import io.cdckit.core.row.RowPlans;

import org.apache.kafka.connect.data.Schema;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link MappingSpec} as the kernel's row-rewrite plans: for Struct rows one plan per row schema,
 * made by walking the schema ({@link SchemaWalk}); for schemaless rows one plan with the entries at
 * their input paths ({@link SchemalessPlan}). This class holds what both share: positions in a row
 * and how entries match them.
 */
final class MappingPlans implements RowPlans {

    private final MappingSpec spec;
    /** Told the entries a schema has no field for, when {@code missing.fields=ignore}. */
    private final Consumer<String> warn;
    private final RowPlan schemaless;

    MappingPlans(MappingSpec spec, Consumer<String> warn) {
        this.spec = spec;
        this.warn = warn;
        this.schemaless = SchemalessPlan.of(spec);
    }

    @Override
    public RowPlan forSchema(Schema rowSchema, Schema envelopeSchema) {
        return new SchemaWalk(spec, rowSchema, envelopeSchema, warn).plan();
    }

    @Override
    public RowPlan schemaless() {
        return schemaless;
    }

    // ------------------------------------------------------------------ positions

    /** One position in a row: a field name, and how many array levels were entered below it. */
    record Step(String name, int elements) {
    }

    static List<Step> append(List<Step> parent, String name) {
        List<Step> out = new ArrayList<>(parent.size() + 1);
        out.addAll(parent);
        out.add(new Step(name, 0));
        return out;
    }

    static List<Step> withElements(List<Step> path, int elements) {
        if (elements == 0) {
            return path;
        }
        List<Step> out = new ArrayList<>(path);
        Step last = out.remove(out.size() - 1);
        out.add(new Step(last.name(), elements));
        return out;
    }

    static List<Step> steps(FieldPath path) {
        List<Step> out = new ArrayList<>();
        for (FieldPath.Segment s : path.segments()) {
            out.add(new Step(s.name(), s.elements()));
        }
        return out;
    }

    /**
     * Whether {@code entry} names the field at {@code position}: every segment matches its name, the
     * inner ones with as many {@code [*]} as array levels were entered there.
     */
    static boolean matches(FieldPath entry, List<Step> position) {
        List<FieldPath.Segment> segments = entry.segments();
        if (segments.size() != position.size()) {
            return false;
        }
        for (int i = 0; i < segments.size(); i++) {
            FieldPath.Segment s = segments.get(i);
            Step p = position.get(i);
            if (!s.matches(p.name()) || s.elements() != p.elements()) {
                return false;
            }
        }
        return true;
    }

    /** {@code path}'s steps followed by {@code rest}'s. */
    static List<Step> concat(List<Step> path, List<Step> rest) {
        List<Step> out = new ArrayList<>(path.size() + rest.size());
        out.addAll(path);
        out.addAll(rest);
        return out;
    }

    /** Whether the literal path {@code inner} lies strictly inside {@code outer}: outer's segments, then more. */
    static boolean within(FieldPath inner, FieldPath outer) {
        List<FieldPath.Segment> in = inner.segments();
        List<FieldPath.Segment> out = outer.segments();
        if (in.size() <= out.size()) {
            return false;
        }
        for (int i = 0; i < out.size(); i++) {
            if (!in.get(i).name().equals(out.get(i).name()) || in.get(i).isPattern() != out.get(i).isPattern()) {
                return false; // compared by name: the [*] of an array on the way do not matter here
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ what the steps before leave

    /**
     * The input path of a field named {@code output} after the renames, or null if no input field
     * has that name by then (it was renamed to something else).
     */
    static List<Step> inputPath(List<MappingSpec.Rename> renames, FieldPath output) {
        List<Step> in = new ArrayList<>();
        for (FieldPath.Segment s : output.segments()) {
            List<Step> parent = List.copyOf(in);
            MappingSpec.Rename onto = renames.stream()
                    .filter(r -> r.newName().equals(s.name()) && isChild(r.path(), parent)).findFirst().orElse(null);
            if (onto != null) {
                in.add(new Step(onto.path().segments().get(parent.size()).name(), s.elements()));
                continue;
            }
            boolean renamedAway = renames.stream()
                    .anyMatch(r -> isChild(r.path(), parent) && r.path().segments().get(parent.size()).name().equals(s.name()));
            if (renamedAway) {
                return null;
            }
            in.add(new Step(s.name(), s.elements()));
        }
        return in;
    }

    /** Whether {@code path} is one level below {@code parent} (same names and array levels). */
    static boolean isChild(FieldPath path, List<Step> parent) {
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

    /**
     * The {@code drop} entry that removes the field at the input path {@code path} or a struct it is
     * in, as a Struct row's walk matches them (a field at its position, the array levels entered
     * above it named); null if none does.
     */
    static FieldPath droppedBy(List<FieldPath> drop, List<Step> path) {
        for (FieldPath d : drop) {
            int n = d.segments().size();
            if (n <= path.size() && matches(d, fieldAt(path.subList(0, n)))) {
                return d;
            }
        }
        return null;
    }

    /** The position of the field at {@code path}: its own array levels are entered only below it. */
    private static List<Step> fieldAt(List<Step> path) {
        Step last = path.get(path.size() - 1);
        if (last.elements() == 0) {
            return path;
        }
        List<Step> out = new ArrayList<>(path);
        out.set(out.size() - 1, new Step(last.name(), 0));
        return out;
    }

    /** Whether {@code keep} (empty: everything) keeps the field at the input path {@code path}, as the kernel's keep does. */
    static boolean kept(List<FieldPath> keep, List<Step> path) {
        KeepSet k = KeepSet.of(keep);
        for (Step s : path) {
            k = k.field(s.name());
            if (k == null) {
                return false;
            }
            for (int i = 0; i < s.elements(); i++) {
                k = k.elements();
            }
        }
        return true;
    }

    static FieldPath path(List<Step> steps) {
        List<FieldPath.Segment> segments = new ArrayList<>(steps.size());
        for (Step s : steps) {
            segments.add(FieldPath.Segment.literal(s.name(), s.elements()));
        }
        return FieldPath.of(segments);
    }

    /** The path's text, every name in backticks (so any name parses back to itself). */
    static String text(List<Step> steps) {
        StringBuilder b = new StringBuilder();
        for (Step s : steps) {
            if (b.length() > 0) {
                b.append('.');
            }
            b.append('`').append(s.name().replace("`", "``")).append('`').append("[*]".repeat(s.elements()));
        }
        return b.toString();
    }

    /**
     * What {@code keep} and {@code drop} do inside the field at the input path {@code in} when a
     * move or copy takes it away whole (they run before it): a plan of their entries that reach
     * inside, relative to that field; null if none does. A keep entry that keeps the field whole
     * filters nothing inside it.
     */
    static RowPlan insideRelocated(MappingSpec spec, List<Step> in) {
        List<FieldPath> drops = reachingInside(spec.drop(), in);
        boolean keptWhole = spec.keep().isEmpty() || spec.keep().stream().anyMatch(k -> k.segments().size() <= in.size()
                && prefixMatches(k, in, k.segments().size()));
        List<FieldPath> keeps = keptWhole ? List.of() : reachingInside(spec.keep(), in);
        if (drops.isEmpty() && keeps.isEmpty()) {
            return null;
        }
        RowPlan.Builder b = RowPlan.builder().keepOnly(keeps);
        for (FieldPath d : drops) {
            b.field(d, Strictness.LENIENT, f -> FieldOperation.remove());
        }
        return b.build();
    }

    /** The entries longer than {@code in} whose first segments match it, relative to it. */
    private static List<FieldPath> reachingInside(List<FieldPath> entries, List<Step> in) {
        List<FieldPath> out = new ArrayList<>();
        for (FieldPath e : entries) {
            if (e.segments().size() > in.size() && prefixMatches(e, in, in.size())) {
                out.add(e.subPath(in.size()));
            }
        }
        return out;
    }

    /** Whether the first {@code n} segments match {@code in}; the last one's {@code [*]} (into the field's array) aside. */
    private static boolean prefixMatches(FieldPath entry, List<Step> in, int n) {
        for (int i = 0; i < n; i++) {
            FieldPath.Segment s = entry.segments().get(i);
            if (!s.matches(in.get(i).name()) || i < n - 1 && s.elements() != in.get(i).elements()) {
                return false;
            }
        }
        return true;
    }

    static String describe(Schema schema) {
        return schema.name() == null ? "(unnamed struct)" : "'" + schema.name() + "'";
    }
}
