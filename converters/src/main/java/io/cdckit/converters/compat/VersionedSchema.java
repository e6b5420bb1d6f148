package io.cdckit.converters.compat;

import java.util.Objects;
import org.apache.avro.Schema;

/** One registered version of a subject's schema. */
public record VersionedSchema(int version, Schema schema) {
    public VersionedSchema {
        Objects.requireNonNull(schema, "schema");
    }
}
