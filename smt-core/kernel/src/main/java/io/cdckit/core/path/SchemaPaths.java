package io.cdckit.core.path;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * A walk of a struct schema's fields at any depth, for transforms whose plan depends on what a
 * schema holds (every temporal field, every string field): each field of a struct, and below an
 * array or map its elements or values, as the concrete path a row plan takes ({@code items[*].at},
 * {@code by_day[*]}), every name literal. Called once per schema, when a plan is compiled.
 */
public final class SchemaPaths {

    private SchemaPaths() {
    }

    /**
     * Visits every field below {@code struct}: arrays and maps are entered (their element or value
     * schema is visited at the path with one more {@code [*]}); a struct's fields are visited when
     * the visitor returned true for the struct itself.
     *
     * @param struct  a STRUCT schema
     * @param visitor gets each path and schema; returns whether to descend into a struct
     */
    public static void forEach(Schema struct, BiPredicate<FieldPath, Schema> visitor) {
        walk(struct, List.of(), visitor);
    }

    private static void walk(Schema struct, List<FieldPath.Segment> parent, BiPredicate<FieldPath, Schema> visitor) {
        for (Field f : struct.fields()) {
            visit(f.schema(), parent, f.name(), 0, visitor);
        }
    }

    private static void visit(Schema schema, List<FieldPath.Segment> parent, String name, int elements,
                              BiPredicate<FieldPath, Schema> visitor) {
        if (schema.type() == Schema.Type.ARRAY || schema.type() == Schema.Type.MAP) {
            visit(schema.valueSchema(), parent, name, elements + 1, visitor);
            return;
        }
        List<FieldPath.Segment> here = new ArrayList<>(parent.size() + 1);
        here.addAll(parent);
        here.add(FieldPath.Segment.literal(name, elements));
        if (visitor.test(FieldPath.of(here), schema) && schema.type() == Schema.Type.STRUCT) {
            walk(schema, here, visitor);
        }
    }
}
