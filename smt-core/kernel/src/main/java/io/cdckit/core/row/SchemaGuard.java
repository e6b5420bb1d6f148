package io.cdckit.core.row;

import io.cdckit.core.path.FieldPathException;
import io.cdckit.core.record.Describe;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Refuses a struct whose schema is not the one a plan was compiled for. Plans read a struct's
 * values by position (or through the {@code Field}s of the compiled schema, which is the same), so
 * a struct of another schema (which Connect's own validation never builds, but a buggy producer or
 * an earlier transform can) would be read as the wrong fields. Every plan that reads a struct by
 * the fields of a schema it was compiled for checks the struct here first.
 *
 * <p>The hot path is two identity checks: the compiled schema, and the last instance found equal
 * to it (a benign race: at worst it is compared again).
 */
public final class SchemaGuard {

    private final Schema expected;
    private Schema lastEqual;

    /** @param expected the struct schema the plan was compiled for */
    public SchemaGuard(Schema expected) {
        this.expected = expected;
    }

    /**
     * @param value what the plan is about to read as a struct of the expected schema; not null
     * @return the value as a struct
     * @throws FieldPathException if it is not a struct, or a struct of another schema; its message
     *                            starts with "the row"
     */
    public Struct check(Object value) {
        return check(value, null);
    }

    /**
     * @param value what the plan is about to read as a struct of the expected schema; not null
     * @param path  the field path the struct is at, reported as the exception's path; null to name
     *              it "the row" in the message instead
     * @return the value as a struct
     * @throws FieldPathException if it is not a struct, or a struct of another schema
     */
    public Struct check(Object value, String path) {
        if (!(value instanceof Struct struct)) {
            throw refused(path, "holds a " + Describe.type(value) + " where its schema has "
                    + Describe.schema(expected));
        }
        Schema schema = struct.schema();
        if (schema != expected && schema != lastEqual) {
            if (!schema.equals(expected)) {
                throw refused(path, "is a struct of another schema than the one its envelope or record declares ("
                        + Describe.schema(schema) + " of " + schema.fields().size() + " fields, expected "
                        + Describe.schema(expected) + " of " + expected.fields().size() + ")");
            }
            lastEqual = schema;
        }
        return struct;
    }

    private static FieldPathException refused(String path, String problem) {
        return path == null ? new FieldPathException("the row " + problem)
                : new FieldPathException(path, problem, null);
    }
}
