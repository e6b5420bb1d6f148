package io.cdckit.core.row;

import io.cdckit.core.path.FieldPathException;
import io.cdckit.core.record.Describe;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Refuses a struct whose schema is not the one a plan was compiled for. Plans read a struct's
 * values by position, so a struct of another schema (which Connect's own validation never builds,
 * but a buggy producer or an earlier transform can) would be read as the wrong fields.
 *
 * <p>The hot path is two identity checks: the compiled schema, and the last instance found equal
 * to it (a benign race: at worst it is compared again).
 */
final class SchemaGuard {

    private final Schema expected;
    private Schema lastEqual;

    SchemaGuard(Schema expected) {
        this.expected = expected;
    }

    /**
     * @param value what the plan is about to read as a struct of the expected schema; not null
     * @return the value as a struct
     * @throws FieldPathException if it is not a struct, or a struct of another schema
     */
    Struct check(Object value) {
        if (!(value instanceof Struct struct)) {
            throw new FieldPathException("the row holds a " + Describe.type(value) + " where its schema has "
                    + Describe.schema(expected));
        }
        Schema schema = struct.schema();
        if (schema != expected && schema != lastEqual) {
            if (!schema.equals(expected)) {
                throw new FieldPathException("the row's schema is not the one its envelope or record declares ("
                        + Describe.schema(schema) + " of " + schema.fields().size() + " fields, expected "
                        + Describe.schema(expected) + " of " + expected.fields().size() + ")");
            }
            lastEqual = schema;
        }
        return struct;
    }
}
