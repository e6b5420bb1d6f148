package io.cdckit.core.row;

import org.apache.kafka.connect.data.Schema;

/**
 * The value of a field a {@link RowPlan} adds, computed per record from its {@link RowContext}.
 *
 * <p>Values are checked against the added field's schema on every record, unless the source names
 * the schema of the values it gives ({@link #valueSchema()}) and the plan can tell from it, once,
 * that they always fit (a primitive of the same type and logical name): then they are copied with
 * no check ({@link io.cdckit.core.record.RawStructs}).
 */
@FunctionalInterface
public interface ValueSource {

    /**
     * What a source returns for "no value here": a schemaless row gets no key (rather than a null
     * one), a Struct row gets null.
     */
    Object NONE = new Object() {
        @Override
        public String toString() {
            return "NONE";
        }
    };

    /** @return the value for the record in {@code context}; may be null for an optional field */
    Object value(RowContext context);

    /** @return the schema the values come from (e.g. the envelope field they are read from), or null if unknown */
    default Schema valueSchema() {
        return null;
    }

    /**
     * @return what the values are, for messages about the added field, e.g. {@code moved from 'address.city'};
     *         null if there is nothing to say
     */
    default String description() {
        return null;
    }

    /** @return true if the value is the same for every record (no {@link RowContext} needed) */
    default boolean isConstant() {
        return false;
    }

    /** A source that always gives {@code value}, of {@code schema} (or null if unknown). */
    static ValueSource constant(Object value, Schema schema) {
        return new ValueSource() {
            @Override
            public Object value(RowContext context) {
                return value;
            }

            @Override
            public Schema valueSchema() {
                return schema;
            }

            @Override
            public boolean isConstant() {
                return true;
            }
        };
    }

    /** A source of values read by {@code source}, declared to be of {@code valueSchema}. */
    static ValueSource of(Schema valueSchema, java.util.function.Function<RowContext, Object> source) {
        return of(valueSchema, source, null);
    }

    /**
     * A source of values read by {@code source}, declared to be of {@code valueSchema}, that says
     * what it is in messages ({@link #description()}).
     */
    static ValueSource of(Schema valueSchema, java.util.function.Function<RowContext, Object> source,
                          String description) {
        return new ValueSource() {
            @Override
            public String description() {
                return description;
            }

            @Override
            public Object value(RowContext context) {
                return source.apply(context);
            }

            @Override
            public Schema valueSchema() {
                return valueSchema;
            }
        };
    }
}
