package io.cdckit.smt.unwrap;

import io.cdckit.core.cache.PlanCache;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code flatten.struct} for MongoDB rows, as Kafka's {@code Flatten$Value} (which Debezium's
 * {@code ExtractNewDocumentState} applies) does it: nested struct fields become top-level fields
 * named {@code <outer><delimiter><inner>}, made optional under an optional struct; arrays stay as
 * they are; the row schema keeps its name. The flat schema is compiled once per row schema.
 */
final class Flattener {

    private final String delimiter;
    private final PlanCache<Schema, Schema> schemas;

    Flattener(String delimiter, int cacheSize) {
        this.delimiter = delimiter;
        this.schemas = PlanCache.of(cacheSize, this::compile);
    }

    Schema schema(Schema row) {
        return schemas.get(row);
    }

    private Schema compile(Schema row) {
        SchemaBuilder b = SchemaBuilder.struct().name(row.name()).version(row.version()).doc(row.doc());
        if (row.parameters() != null) {
            b.parameters(row.parameters());
        }
        fields(row, "", b, row.isOptional());
        return b.build();
    }

    private void fields(Schema schema, String prefix, SchemaBuilder b, boolean optional) {
        for (Field f : schema.fields()) {
            String name = prefix.isEmpty() ? f.name() : prefix + delimiter + f.name();
            boolean opt = optional || f.schema().isOptional();
            if (f.schema().type() == Schema.Type.STRUCT) {
                fields(f.schema(), name, b, opt);
            } else if (f.schema().type() == Schema.Type.MAP) {
                throw new DataException("flatten.struct does not flatten maps (field " + name + ")");
            } else {
                Schema s = f.schema();
                if (opt && !s.isOptional()) {
                    s = copyOptional(s);
                }
                try {
                    b.field(name, s);
                } catch (DataException e) {
                    throw new DataException("flatten.struct gives two fields named '" + name + "'");
                }
            }
        }
    }

    private static Schema copyOptional(Schema s) {
        SchemaBuilder b = s.type() == Schema.Type.ARRAY ? SchemaBuilder.array(s.valueSchema())
                : new SchemaBuilder(s.type());
        b.name(s.name()).version(s.version()).doc(s.doc()).optional();
        if (s.parameters() != null) {
            b.parameters(s.parameters());
        }
        if (s.defaultValue() != null) {
            b.defaultValue(s.defaultValue());
        }
        return b.build();
    }

    Struct struct(Struct row, Schema flat) {
        Struct out = new Struct(flat);
        put(row, "", out);
        return out;
    }

    private void put(Struct s, String prefix, Struct out) {
        if (s == null) {
            return;
        }
        for (Field f : s.schema().fields()) {
            String name = prefix.isEmpty() ? f.name() : prefix + delimiter + f.name();
            Object v = s.get(f);
            if (f.schema().type() == Schema.Type.STRUCT) {
                put((Struct) v, name, out);
            } else {
                out.put(name, v);
            }
        }
    }

    /** Kafka's schemaless flattening: nested maps become delimited keys. */
    static Map<String, Object> map(Map<String, Object> row, String delimiter) {
        Map<String, Object> out = new LinkedHashMap<>();
        map(row, "", delimiter, out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void map(Map<String, Object> row, String prefix, String delimiter, Map<String, Object> out) {
        for (Map.Entry<String, Object> e : row.entrySet()) {
            String name = prefix.isEmpty() ? e.getKey() : prefix + delimiter + e.getKey();
            if (e.getValue() instanceof Map) {
                map((Map<String, Object>) e.getValue(), name, delimiter, out);
            } else {
                out.put(name, e.getValue());
            }
        }
    }
}
