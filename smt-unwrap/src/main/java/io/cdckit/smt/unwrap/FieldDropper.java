package io.cdckit.smt.unwrap;

import io.cdckit.core.cache.PlanCache;
import io.cdckit.core.path.FieldPath;
import io.cdckit.core.row.FieldOperation;
import io.cdckit.core.row.ReadMode;
import io.cdckit.core.row.RowPlan;
import io.cdckit.core.row.StructForm;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Removes the fields named in a record's header ({@code drop.fields.header.name}) from a key or
 * value, with Debezium's semantics: with {@code keep.schema.compatible} only optional fields are
 * removed; the rebuilt struct is a non-optional copy of the schema's basics whose values are read
 * with defaults for nulls (as Kafka's {@code ReplaceField} does). Schemaless rows lose the keys
 * they have. The kernel row plans are cached per (schema, names).
 */
final class FieldDropper {

    static final class Result {
        final Schema schema;
        final Object value;

        Result(Schema schema, Object value) {
            this.schema = schema;
            this.value = value;
        }
    }

    /** A cache key made per record: the schema (by identity, null for schemaless rows) and the names. */
    private static final class Key {
        final Schema schema;
        final List<String> names;
        final int hash;

        Key(Schema schema, List<String> names) {
            this.schema = schema;
            this.names = names;
            this.hash = System.identityHashCode(schema) * 31 + names.hashCode();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && ((Key) o).schema == schema && ((Key) o).names.equals(names);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** The compiled removal for one key: the Struct form, or the plan for schemaless rows. */
    private static final class Plan {
        final StructForm struct;
        final RowPlan map;

        Plan(StructForm struct, RowPlan map) {
            this.struct = struct;
            this.map = map;
        }
    }

    private final boolean keepCompatible;
    private final PlanCache<Key, Plan> plans;

    FieldDropper(boolean keepCompatible, int cacheSize) {
        this.keepCompatible = keepCompatible;
        // a new Key per record: looked up by equality only; null plan = nothing to remove
        this.plans = PlanCache.byEquality(cacheSize, this::compile);
    }

    @SuppressWarnings("unchecked")
    Result drop(Schema schema, Object value, List<String> names) {
        if (value instanceof Struct && schema != null && schema.type() == Schema.Type.STRUCT) {
            // the Struct's own schema: the plan reads its values by position
            Plan plan = plans.get(new Key(((Struct) value).schema(), names));
            if (plan == null) {
                return new Result(schema, value);
            }
            return new Result(plan.struct.outputSchema(), plan.struct.apply((Struct) value, null));
        }
        if (value instanceof Map && schema == null) {
            return new Result(null, plans.get(new Key(null, names)).map.apply((Map<String, Object>) value, null));
        }
        return new Result(schema, value); // a null value (tombstone-style delete) or a non-struct
    }

    private Plan compile(Key key) {
        RowPlan.Builder b = RowPlan.builder().required().reads(ReadMode.DEFAULTS);
        if (key.schema == null) {
            // each name once (a header may repeat one); "$envelope" would address the envelope
            new LinkedHashSet<>(key.names).stream().filter(n -> !n.equals(RowPlan.ENVELOPE))
                    .forEach(n -> b.field(FieldPath.literal(n), FieldOperation.remove()));
            return new Plan(null, b.build());
        }
        boolean any = false;
        for (Field f : key.schema.fields()) {
            if (key.names.contains(f.name()) && (!keepCompatible || f.schema().isOptional())) {
                b.field(FieldPath.literal(f.name()), FieldOperation.remove());
                any = true;
            }
        }
        return any ? new Plan(b.build().compile(key.schema), null) : null;
    }
}
