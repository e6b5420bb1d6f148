package io.cdckit.smt.mapping;

import io.cdckit.core.path.FieldPath;
import io.cdckit.core.path.Strictness;
import io.cdckit.core.row.FieldOperation;
import io.cdckit.core.row.FieldRule;
import io.cdckit.core.row.RowPlan;
import io.cdckit.core.row.RowPlans;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A {@link MappingSpec} as the kernel's row-rewrite plans. For a Struct row the plan is made per row
 * schema by walking it once: each field's input path is matched against the {@code drop} and
 * {@code rename} entries and its output path (its name after renames) against the {@code cast}
 * entries, so each step sees the names the step before left, and a field gets one operation
 * (remove; rename; replace; rename and replace). Schemaless rows get one plan with the same
 * entries, registered at their paths: a rename or cast of a field some {@code drop} entry removes is
 * left out (the field is gone by then), and a cast named after a rename goes on the renamed field.
 */
final class MappingPlans implements RowPlans {

    private final MappingSpec spec;
    /** Told the entries a schema has no field for, when {@code missing.fields=ignore}. */
    private final Consumer<String> warn;
    private final RowPlan schemaless;

    MappingPlans(MappingSpec spec, Consumer<String> warn) {
        this.spec = spec;
        this.warn = warn;
        this.schemaless = schemalessPlan(spec);
    }

    // ------------------------------------------------------------------ Struct rows: a plan per schema

    /** One position in a row: a field name, and how many array levels were entered below it. */
    private record Step(String name, int elements) {
    }

    @Override
    public RowPlan forSchema(Schema rowSchema) {
        Walk walk = new Walk(rowSchema);
        walk.fields(rowSchema, List.of(), List.of());
        walk.reportMissing();
        return walk.plan.build();
    }

    private final class Walk {
        final Schema rowSchema;
        final RowPlan.Builder plan = RowPlan.builder().strictness(Strictness.LENIENT);
        final Set<Object> matched = new HashSet<>();

        Walk(Schema rowSchema) {
            this.rowSchema = rowSchema;
        }

        void fields(Schema struct, List<Step> in, List<Step> out) {
            for (Field f : struct.fields()) {
                field(f, append(in, f.name()), out);
            }
        }

        void field(Field f, List<Step> in, List<Step> outParent) {
            if (spec.drop().stream().anyMatch(d -> matches(d, in))) {
                plan.field(path(in), FieldOperation.remove());
                return;
            }
            MappingSpec.Rename rename = spec.renames().stream().filter(r -> matches(r.path(), in)).findFirst().orElse(null);
            List<Step> out = append(outParent, rename == null ? f.name() : rename.newName());
            MappingSpec.CastEntry castEntry = spec.casts().stream().filter(c -> matches(c.path(), out)).findFirst()
                    .orElse(null);
            Cast cast = null;
            if (castEntry != null) {
                matched.add(castEntry);
                cast = compile(castEntry, f.schema(), out);
            }
            if (rename != null) {
                matched.add(rename);
            }
            FieldOperation op = rename == null && cast == null ? null
                    : cast == null ? FieldOperation.rename(rename.newName())
                    : rename == null ? FieldOperation.replace(cast.schema(), cast)
                    : FieldOperation.renameAndReplace(rename.newName(), cast.schema(), cast);
            if (op != null) {
                plan.field(path(in), op);
            }
            if (cast == null) {
                descend(f.schema(), in, out);
            }
        }

        /** Into a struct, or the structs of an array (of arrays), naming the array levels. */
        void descend(Schema schema, List<Step> in, List<Step> out) {
            int depth = 0;
            Schema s = schema;
            while (s.type() == Schema.Type.ARRAY) {
                s = s.valueSchema();
                depth++;
            }
            if (s.type() == Schema.Type.STRUCT) {
                fields(s, withElements(in, depth), withElements(out, depth));
            }
        }

        Cast compile(MappingSpec.CastEntry entry, Schema schema, List<Step> out) {
            try {
                return Casts.compile(path(out).toString(), schema, entry.type(), spec.onError());
            } catch (IllegalArgumentException e) {
                throw new DataException("cast entry '" + entry.entry() + "' does not fit schema "
                        + describe(rowSchema) + ": " + e.getMessage());
            }
        }

        void reportMissing() {
            List<String> missing = new ArrayList<>();
            spec.renames().stream().filter(r -> !matched.contains(r)).forEach(r -> missing.add("rename entry '"
                    + r.entry() + "'"));
            spec.casts().stream().filter(c -> !matched.contains(c)).forEach(c -> missing.add("cast entry '"
                    + c.entry() + "'"));
            if (missing.isEmpty()) {
                return;
            }
            String problem = String.join(", ", missing) + (missing.size() == 1 ? " names" : " name")
                    + " no field of schema " + describe(rowSchema) + " (after the steps before it)";
            if (spec.missing() == MissingFields.FAIL) {
                throw new DataException(problem + "; missing.fields=fail");
            }
            warn.accept(problem + "; skipped for this schema (missing.fields=ignore)");
        }
    }

    private static List<Step> append(List<Step> parent, String name) {
        List<Step> out = new ArrayList<>(parent.size() + 1);
        out.addAll(parent);
        out.add(new Step(name, 0));
        return out;
    }

    private static List<Step> withElements(List<Step> path, int elements) {
        if (elements == 0) {
            return path;
        }
        List<Step> out = new ArrayList<>(path);
        Step last = out.remove(out.size() - 1);
        out.add(new Step(last.name(), elements));
        return out;
    }

    /**
     * Whether {@code entry} names the field at {@code position}: every segment matches its name, the
     * inner ones with as many {@code [*]} as array levels were entered there.
     */
    private static boolean matches(FieldPath entry, List<Step> position) {
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

    private static FieldPath path(List<Step> steps) {
        return FieldPath.parse(text(steps));
    }

    /** The path's text, every name in backticks (so any name parses back to itself). */
    private static String text(List<Step> steps) {
        StringBuilder b = new StringBuilder();
        for (Step s : steps) {
            if (b.length() > 0) {
                b.append('.');
            }
            b.append('`').append(s.name().replace("`", "``")).append('`').append("[*]".repeat(s.elements()));
        }
        return b.toString();
    }

    private static String describe(Schema schema) {
        return schema.name() == null ? "(unnamed struct)" : "'" + schema.name() + "'";
    }

    // ------------------------------------------------------------------ Map rows: one plan

    @Override
    public RowPlan schemaless() {
        return schemaless;
    }

    private static RowPlan schemalessPlan(MappingSpec spec) {
        Strictness named = spec.missing() == MissingFields.FAIL ? Strictness.STRICT : Strictness.LENIENT;
        RowPlan.Builder plan = RowPlan.builder();
        for (FieldPath d : spec.drop()) {
            plan.field(d, Strictness.LENIENT, always(FieldOperation.remove()));
        }
        // casts name fields after renames: put each on the input field it names
        Map<String, MappingSpec.CastEntry> castsByInput = new LinkedHashMap<>();
        for (MappingSpec.CastEntry c : spec.casts()) {
            List<Step> in = inputPath(spec, c.path());
            if (in != null && !dropped(spec, in)) {
                castsByInput.put(text(in), c);
            }
        }
        for (MappingSpec.Rename r : spec.renames()) {
            List<Step> in = steps(r.path());
            if (dropped(spec, in)) {
                continue; // removed by the drop step before it
            }
            MappingSpec.CastEntry cast = castsByInput.remove(text(in));
            plan.field(r.path(), named, always(cast == null ? FieldOperation.rename(r.newName())
                    : FieldOperation.renameAndReplace(r.newName(), null, schemalessCast(cast, spec.onError()))));
        }
        for (Map.Entry<String, MappingSpec.CastEntry> e : castsByInput.entrySet()) {
            plan.field(FieldPath.parse(e.getKey()), named, always(FieldOperation.replace(schemalessCast(e.getValue(),
                    spec.onError()))));
        }
        return plan.build();
    }

    /**
     * The input path of a field named {@code output} after the renames, or null if no input field
     * has that name by then (it was renamed to something else).
     */
    private static List<Step> inputPath(MappingSpec spec, FieldPath output) {
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

    private static FieldRule always(FieldOperation op) {
        return field -> op;
    }

    private static List<Step> steps(FieldPath path) {
        List<Step> out = new ArrayList<>();
        for (FieldPath.Segment s : path.segments()) {
            out.add(new Step(s.name(), s.elements()));
        }
        return out;
    }

    private static Function<Object, ?> schemalessCast(MappingSpec.CastEntry c, CastOnError onError) {
        String path = c.path().toString();
        return v -> Casts.castSchemaless(path, v, c.type(), onError);
    }

    /** Whether a {@code drop} entry removes the field at {@code path} or a parent of it. */
    private static boolean dropped(MappingSpec spec, List<Step> path) {
        for (FieldPath d : spec.drop()) {
            int n = d.segments().size();
            if (n <= path.size() && matches(d, withElements(path.subList(0, n), 0))) {
                return true;
            }
        }
        return false;
    }
}
