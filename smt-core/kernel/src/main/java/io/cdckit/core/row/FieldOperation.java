package io.cdckit.core.row;

import io.cdckit.core.record.Describe;

import org.apache.kafka.connect.data.Schema;

import java.util.Objects;
import java.util.function.Function;

/**
 * What a {@link RowPlan} does to the field at a path: keep it, remove it, replace its value
 * (optionally with a new schema), rename it, or rename and replace it.
 *
 * <p>A replace function receives the raw value, including null (a field that is present but null),
 * and may return a value of another type if the operation carries a matching new schema; what it
 * returns is checked against the field's output schema. It is not called for positions that do not
 * exist (a null parent, a missing key). It must not mutate its argument. What it throws is reported
 * with the field path; a {@code RetriableException} stays one.
 *
 * <p>REMOVE and RENAME apply to struct fields and map keys; a path ending in {@code [*]} (the
 * elements of an array, the values of a map) can only be replaced. Instances are immutable.
 */
public final class FieldOperation {

    private static final FieldOperation KEEP = new FieldOperation(false, null, null, null);
    private static final FieldOperation REMOVE = new FieldOperation(true, null, null, null);

    private final boolean remove;
    private final String newName;
    private final Schema newSchema;
    private final Function<Object, ?> function;

    private FieldOperation(boolean remove, String newName, Schema newSchema, Function<Object, ?> function) {
        this.remove = remove;
        this.newName = newName;
        this.newSchema = newSchema;
        this.function = function;
    }

    /** @return the operation that leaves the field as it is (a {@link FieldRule}'s "not this one") */
    public static FieldOperation keep() {
        return KEEP;
    }

    /** @return the operation that removes the field */
    public static FieldOperation remove() {
        return REMOVE;
    }

    /**
     * Replaces the value, keeping the field's schema: the function must return values valid for it.
     *
     * @param function computes the new value from the old one; not null
     */
    public static FieldOperation replace(Function<Object, ?> function) {
        return new FieldOperation(false, null, null, Objects.requireNonNull(function, "function"));
    }

    /**
     * Replaces the value and gives the field a new schema, possibly of another type (e.g. a Decimal
     * masked to a string). Schemaless rewriting ignores the schema.
     *
     * @param newSchema the schema of the new values; null keeps the field's schema
     * @param function  computes the new value from the old one; not null
     */
    public static FieldOperation replace(Schema newSchema, Function<Object, ?> function) {
        return new FieldOperation(false, null, newSchema, Objects.requireNonNull(function, "function"));
    }

    /**
     * Renames the field, keeping its position, schema and value.
     *
     * @param newName the new name; not null or empty
     */
    public static FieldOperation rename(String newName) {
        return new FieldOperation(false, checkName(newName), null, null);
    }

    /**
     * Renames the field and replaces its value.
     *
     * @param newName   the new name; not null or empty
     * @param newSchema the schema of the new values; null keeps the field's schema
     * @param function  computes the new value from the old one; not null
     */
    public static FieldOperation renameAndReplace(String newName, Schema newSchema, Function<Object, ?> function) {
        return new FieldOperation(false, checkName(newName), newSchema, Objects.requireNonNull(function, "function"));
    }

    private static String checkName(String newName) {
        Objects.requireNonNull(newName, "newName");
        if (newName.isEmpty()) {
            throw new IllegalArgumentException("A field cannot be renamed to an empty name");
        }
        return newName;
    }

    /** @return true if this operation changes nothing */
    public boolean keeps() {
        return this == KEEP;
    }

    /** @return true if this operation removes the field */
    public boolean removes() {
        return remove;
    }

    /** @return true if this operation renames the field; see {@link #newName()} */
    public boolean renames() {
        return newName != null;
    }

    /** @return true if this operation replaces the value; see {@link #function()} */
    public boolean replaces() {
        return function != null;
    }

    /** @return the new name, or null if the field keeps its name */
    public String newName() {
        return newName;
    }

    /** @return the new schema, or null if the field keeps its schema (or is removed) */
    public Schema newSchema() {
        return newSchema;
    }

    /** @return the replace function, or null if the value is kept */
    public Function<Object, ?> function() {
        return function;
    }

    /** @return a short description for messages, e.g. {@code RENAME to 'mail' and REPLACE} */
    @Override
    public String toString() {
        if (remove) {
            return "REMOVE";
        }
        if (this == KEEP) {
            return "KEEP";
        }
        String replace = newSchema == null ? "REPLACE" : "REPLACE (new schema " + Describe.schema(newSchema) + ")";
        if (newName == null) {
            return replace;
        }
        return function == null ? "RENAME to '" + newName + "'" : "RENAME to '" + newName + "' and " + replace;
    }
}
