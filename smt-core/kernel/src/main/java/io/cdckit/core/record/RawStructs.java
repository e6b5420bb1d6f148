package io.cdckit.core.record;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * <b>Internal to cdckit</b>: public only because cdckit's modules (the kernel's row plans, the
 * converters' compiled readers) share it. Not an API for users; it may change at any release.
 *
 * <p>Direct access to a {@link Struct}'s value array, for compiled plans that write values whose
 * validity they established once per schema ("compile per schema, apply per record").
 * {@code Struct.put} validates every value again on every record, and builds a message string for a
 * possible error each time; for a plan that copies a value from a field into a field of the same
 * schema, that work can never find anything.
 *
 * <p>Writing needs a proof: a {@link Writer} is made once per schema from the schema of the values
 * the plan will write into each field ({@link #writer(Schema, List)}), and only fields whose value
 * schema is the field's own are written raw; the others go through {@code Struct.put}. A writer only
 * writes into new Structs of its own schema object ({@link Writer#newStruct()}). Reading ({@link #read}) returns the raw stored value array, which
 * callers must never modify.
 *
 * <p>The array is Kafka's private {@code Struct.values}, present in every Kafka version cdckit
 * supports. If it cannot be reached (a future Kafka, a restricted runtime, or
 * {@code -Dcdckit.raw.structs.disable=true}), {@link #available()} is false, {@link #read} returns
 * null and writers put every value.
 */
public final class RawStructs {

    private static final VarHandle VALUES = find();

    /**
     * Tests force the fallback path with {@link #forceFallback}, on their own thread; plain (not
     * volatile), so that the hot path reads it for free.
     */
    private static boolean forced;

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
            Struct probe = new Struct(SchemaBuilder.struct().field("a", Schema.OPTIONAL_STRING_SCHEMA).build());
            Object[] values = (Object[]) h.get(probe);
            values[0] = "x";
            return "x".equals(probe.getString("a")) && values.length == 1 ? h : null;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** Whether the fast path is in use in this runtime. */
    public static boolean available() {
        return VALUES != null && !forced;
    }

    /**
     * The Struct's stored values (index = field index; a null is not replaced by a default), or null
     * if unavailable. Read only: never write into the array.
     */
    public static Object[] read(Struct struct) {
        return available() ? (Object[]) VALUES.get(struct) : null;
    }

    /**
     * A field's value as stored: a null is not replaced by the field's default (what
     * {@code Struct.getWithoutDefault} reads, but by index). The one way cdckit reads a field raw.
     *
     * @param struct a Struct whose schema has {@code field} (or an equal schema)
     */
    public static Object get(Struct struct, Field field) {
        if (field.schema().defaultValue() == null) {
            return struct.get(field); // nothing to substitute: the stored value, by index
        }
        Object[] values = read(struct);
        return values != null ? values[field.index()] : struct.getWithoutDefault(field.name());
    }

    /**
     * A writer for Structs of {@code schema}.
     *
     * @param schema       a struct schema
     * @param valueSchemas for each field of {@code schema}, in order, the schema of the values that
     *                     will be written into it (read from a field of that schema, or converted for
     *                     it), or null for a field whose values must be validated on every write
     * @return the writer
     * @throws IllegalArgumentException if a value schema is neither null nor the field's schema
     */
    public static Writer writer(Schema schema, List<Schema> valueSchemas) {
        return new Writer(schema, valueSchemas);
    }

    /**
     * Switches the fast path off until the returned handle is closed, so that tests cover the
     * {@code Struct.put} fallback too. Not for production code.
     */
    public static AutoCloseable forceFallback() {
        forced = true;
        return () -> forced = false;
    }

    /** Writes the fields of new Structs of one schema; made by {@link #writer}. Thread-safe. */
    public static final class Writer {
        private final Schema schema;
        private final Field[] fields;
        private final boolean[] proven;

        private Writer(Schema schema, List<Schema> valueSchemas) {
            this.schema = schema;
            this.fields = schema.fields().toArray(new Field[0]);
            if (valueSchemas.size() != fields.length) {
                throw new IllegalArgumentException("Schema " + schema.name() + " has " + fields.length
                        + " fields, but " + valueSchemas.size() + " value schemas were given");
            }
            this.proven = new boolean[fields.length];
            for (int i = 0; i < fields.length; i++) {
                Schema v = valueSchemas.get(i);
                Schema f = fields[i].schema();
                if (v != null && v != f && !v.equals(f)) {
                    throw new IllegalArgumentException("Values of schema " + v + " cannot be written raw into field '"
                            + fields[i].name() + "' of schema " + f);
                }
                proven[i] = v != null;
            }
        }

        /** @return the schema of the Structs this writer makes */
        public Schema schema() {
            return schema;
        }

        /** @return a new, empty Struct of {@link #schema()} */
        public Struct newStruct() {
            return new Struct(schema);
        }

        /**
         * @param made a Struct made by {@link #newStruct()} of this writer, not yet handed on (its
         *             schema must be this writer's schema object)
         * @return its value array to pass to {@link #set}, or null when the fast path is unavailable
         */
        public Object[] slots(Struct made) {
            if (made.schema() != schema) {
                throw new IllegalArgumentException("A RawStructs.Writer writes only into new Structs of its own schema");
            }
            return available() ? (Object[]) VALUES.get(made) : null;
        }

        /** Whether the field at {@code index} is written without validation when slots are available. */
        public boolean isProven(int index) {
            return proven[index];
        }

        /**
         * Sets field {@code index} of {@code made}: raw when the field's values are proven and
         * {@code slots} is not null, else through {@code Struct.put} (which validates).
         */
        public void set(Struct made, Object[] slots, int index, Object value) {
            if (slots != null && proven[index]) {
                slots[index] = value;
            } else {
                made.put(fields[index], value);
            }
        }
    }
}
