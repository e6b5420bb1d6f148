package io.cdckit.testkit;

import io.cdckit.core.record.RawStructs;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Structs of another schema than the one declared for them, planted past Connect's validation (as
 * a buggy upstream plugin could hand them over), for tests of the plans that must refuse them.
 */
public final class PlantedStructs {

    private PlantedStructs() {
    }

    /** Skips the calling test where a Struct's values cannot be reached past validation. */
    public static void assumeAvailable() {
        assumeTrue(RawStructs.available(), "a Struct of another schema can only be planted past validation");
    }

    /**
     * @param schema a struct schema
     * @param drop   a field to leave out, or null for a schema equal to {@code schema}
     * @return a new schema of the same name and optionality with {@code schema}'s fields but {@code drop}
     */
    public static Schema rebuilt(Schema schema, String drop) {
        SchemaBuilder b = SchemaBuilder.struct().name(schema.name());
        if (schema.isOptional()) {
            b.optional();
        }
        for (Field f : schema.fields()) {
            if (!f.name().equals(drop)) {
                b.field(f.name(), f.schema());
            }
        }
        return b.build();
    }

    /**
     * Replaces the struct in field {@code name} of {@code struct} with a copy of schema {@code schema}
     * (each of its fields from the field of the same name), without validation.
     *
     * @return {@code struct}
     */
    public static Struct plant(Struct struct, String name, Schema schema) {
        Struct old = struct.getStruct(name);
        Struct copy = new Struct(schema);
        for (Field f : schema.fields()) {
            copy.put(f, old.get(f.name()));
        }
        RawStructs.read(struct)[struct.schema().field(name).index()] = copy;
        return struct;
    }
}
