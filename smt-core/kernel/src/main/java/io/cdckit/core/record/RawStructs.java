package io.cdckit.core.record;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Direct access to a {@link Struct}'s value array, for transforms that copy values between Structs
 * whose field schemas they have already matched once per schema (the "compile per schema, apply
 * per record" plan). {@code Struct.put} validates every value again on every record, and builds a
 * message string for a possible error each time; for a plan that copies a value from a Struct
 * field into a field of the same schema, that work can never find anything.
 *
 * <p>Rules for callers: write only into a Struct you have just created; write at a field's index a
 * value that is valid for that field's schema by construction (read from a field with the same
 * schema, or a constant of the right type); never write into an input Struct. Reads return the raw
 * stored value (no default substitution, as {@code Struct.getWithoutDefault}).
 *
 * <p>The array is Kafka's private {@code Struct.values}, present in every Kafka version cdckit
 * supports. If it cannot be reached (a future Kafka, a restricted runtime), {@link #available()} is
 * false and callers fall back to {@code get}/{@code put}; {@link #values} then returns null.
 */
public final class RawStructs {

    private static final VarHandle VALUES = find();

    private RawStructs() {
    }

    private static VarHandle find() {
        if (Boolean.getBoolean("cdckit.raw.structs.disable")) {
            return null;
        }
        try {
            VarHandle h = MethodHandles.privateLookupIn(Struct.class, MethodHandles.lookup())
                    .findVarHandle(Struct.class, "values", Object[].class);
            // check it behaves as expected before trusting it
            Struct probe = new Struct(org.apache.kafka.connect.data.SchemaBuilder.struct()
                    .field("a", Schema.OPTIONAL_STRING_SCHEMA).build());
            Object[] values = (Object[]) h.get(probe);
            values[0] = "x";
            return "x".equals(probe.getString("a")) && values.length == 1 ? h : null;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** Whether the fast path is in use in this runtime. */
    public static boolean available() {
        return VALUES != null;
    }

    /** The Struct's own value array (index = field index), or null if unavailable. */
    public static Object[] values(Struct struct) {
        return VALUES == null ? null : (Object[]) VALUES.get(struct);
    }
}
