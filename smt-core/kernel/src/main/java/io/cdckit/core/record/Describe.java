package io.cdckit.core.record;

import org.apache.kafka.connect.data.Schema;

/** Names and types for messages: what a value or schema is, never what a value holds. */
public final class Describe {

    private Describe() {
    }

    /** @return the type of a schema, with its logical name if any, e.g. {@code BYTES (org.apache.kafka.connect.data.Decimal)} */
    public static String schema(Schema schema) {
        if (schema == null) {
            return "no schema";
        }
        return schema.name() == null ? schema.type().toString() : schema.type() + " (" + schema.name() + ")";
    }

    /** @return the simple class name of a value, {@code null} for null; never the value itself */
    public static String type(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName();
    }
}
