package io.cdckit.smt.unwrap;

import io.cdckit.core.cache.PlanCache;
import io.cdckit.core.record.SchemaCopy;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Removes the fields named in a record's header ({@code drop.fields.header.name}) from a key or
 * value, with Debezium's semantics: with {@code keep.schema.compatible} only optional fields are
 * removed; the rebuilt struct is a non-optional copy of the schema's basics whose values are read
 * with defaults for nulls (as Kafka's {@code ReplaceField} does). Plans are cached per
 * (schema, names).
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

    private static final class Plan {
        final Schema schema;
        final Field[] in;
        final Field[] out;

        Plan(Schema schema, Field[] in, Field[] out) {
            this.schema = schema;
            this.in = in;
            this.out = out;
        }
    }

    private static final Plan UNCHANGED = new Plan(null, null, null);

    private final boolean keepCompatible;
    private final PlanCache<Key, Plan> plans;
    private final Function<Key, Plan> compiler = k -> compile(k.schema, k.names);

    FieldDropper(boolean keepCompatible, int cacheSize) {
        this.keepCompatible = keepCompatible;
        // a new Key per record: looked up by equality only
        this.plans = PlanCache.byEquality(cacheSize);
    }

    Result drop(Schema schema, Object value, List<String> names) {
        if (value instanceof Struct && schema != null && schema.type() == Schema.Type.STRUCT) {
            Plan plan = plans.get(new Key(schema, names), compiler);
            if (plan == UNCHANGED) {
                return new Result(schema, value);
            }
            Struct s = (Struct) value;
            Struct o = new Struct(plan.schema);
            for (int i = 0; i < plan.in.length; i++) {
                o.put(plan.out[i], s.get(plan.in[i]));
            }
            return new Result(plan.schema, o);
        }
        if (value instanceof Map && schema == null) {
            Map<?, ?> m = (Map<?, ?>) value;
            boolean any = false;
            for (String n : names) {
                if (m.containsKey(n)) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return new Result(null, value);
            }
            Map<Object, Object> o = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!names.contains(String.valueOf(e.getKey()))) {
                    o.put(e.getKey(), e.getValue());
                }
            }
            return new Result(null, o);
        }
        return new Result(schema, value); // a null value (tombstone-style delete) or a non-struct
    }

    private Plan compile(Schema schema, List<String> names) {
        List<String> drop = new ArrayList<>();
        if (keepCompatible) {
            for (Field f : schema.fields()) {
                if (f.schema().isOptional() && names.contains(f.name())) {
                    drop.add(f.name());
                }
            }
        } else {
            drop.addAll(names);
        }
        if (drop.isEmpty()) {
            return UNCHANGED;
        }
        SchemaBuilder b = SchemaCopy.copyMetadata(schema, SchemaBuilder.struct());
        List<Field> kept = new ArrayList<>();
        for (Field f : schema.fields()) {
            if (!drop.contains(f.name())) {
                b.field(f.name(), f.schema());
                kept.add(f);
            }
        }
        Schema out = b.build();
        Field[] in = kept.toArray(new Field[0]);
        Field[] outFields = new Field[in.length];
        for (int i = 0; i < in.length; i++) {
            outFields[i] = out.field(in[i].name());
        }
        return new Plan(out, in, outFields);
    }
}
