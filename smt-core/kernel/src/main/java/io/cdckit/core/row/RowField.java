package io.cdckit.core.row;

import io.cdckit.core.path.FieldPath;

import org.apache.kafka.connect.data.Schema;

/** A field a {@link FieldRule} decides about: where it is and, for schema'd rows, its schema. */
public final class RowField {

    private final FieldPath path;
    private final Schema schema;

    RowField(FieldPath path, Schema schema) {
        this.path = path;
        this.schema = schema;
    }

    /**
     * @return the concrete path relative to the row (e.g. {@code address.city},
     *         {@code items[*].sku}), or for schemaless rows the path as registered (it may be a
     *         pattern, matched per record)
     */
    public FieldPath path() {
        return path;
    }

    /** @return the field's schema (the element schema for a path ending in {@code [*]}), or null for schemaless rows */
    public Schema schema() {
        return schema;
    }

    /** @return true for schemaless rows: the operation must handle any value */
    public boolean isSchemaless() {
        return schema == null;
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
