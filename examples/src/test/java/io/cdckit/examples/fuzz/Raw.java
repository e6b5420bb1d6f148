package io.cdckit.examples.fuzz;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Structs that {@code Struct.put} would refuse: a value of the wrong type, a null in a required field,
 * a Struct of another schema. Written into Kafka's private value array, the way a buggy or hostile
 * upstream plugin (or a converter bug) could hand them over; the fuzz tests feed them to the plugins.
 */
final class Raw {

    private static final VarHandle VALUES;

    static {
        try {
            VALUES = MethodHandles.privateLookupIn(Struct.class, MethodHandles.lookup())
                    .findVarHandle(Struct.class, "values", Object[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Raw() {
    }

    static Object[] values(Struct s) {
        return (Object[]) VALUES.get(s);
    }

    /** Writes {@code value} into {@code field} of {@code s} without any check. */
    static void set(Struct s, Field field, Object value) {
        values(s)[field.index()] = value;
    }

    /** A Struct of {@code schema} holding {@code values} as they are (one per field, in order). */
    static Struct of(Schema schema, Object[] values) {
        Struct s = new Struct(schema);
        System.arraycopy(values, 0, values(s), 0, Math.min(values.length, schema.fields().size()));
        return s;
    }
}
