package io.cdckit.smt.mapping;

import io.cdckit.core.path.FieldPath;
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

    /** Whether the literal path {@code inner} lies strictly inside {@code outer}: outer's segments, then more. */
    static boolean within(FieldPath inner, FieldPath outer) {
        List<FieldPath.Segment> in = inner.segments();
        List<FieldPath.Segment> out = outer.segments();
        return in.size() > out.size() && in.subList(0, out.size()).equals(out);
    }

    static FieldPath path(List<Step> steps) {
        return FieldPath.parse(text(steps));
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

    static String describe(Schema schema) {
        return schema.name() == null ? "(unnamed struct)" : "'" + schema.name() + "'";
    }
}
