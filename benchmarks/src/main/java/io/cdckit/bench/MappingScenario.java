package io.cdckit.bench;

import io.debezium.transforms.ExtractNewRecordState;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Cast;
import org.apache.kafka.connect.transforms.Flatten;
import org.apache.kafka.connect.transforms.InsertField;
import org.apache.kafka.connect.transforms.ReplaceField;
import org.apache.kafka.connect.transforms.Transformation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The field mappings {@link MappingBenchmark} measures: one table of the corpus each, and one spec
 * written twice, as {@code FieldMapper} takes it and as the chain of Kafka transforms it replaces
 * takes it. {@link #PRODUCTS} and {@link #CUSTOMERS} drop 2 columns, rename 2 and cast 1
 * ({@code ReplaceField} then {@code Cast}; the cast names a column that is not renamed);
 * {@link #RESHAPE} keeps 6 columns, inserts 3 fields of record metadata and flattens the
 * {@code VariableScaleDecimal} struct ({@code ReplaceField}, {@code InsertField}, {@code Flatten}).
 */
public enum MappingScenario {

    /**
     * {@code shop.products}, 22 columns: drop the TOAST text and the bytes column, rename two
     * columns, widen the smallint to int32 (for sinks without a 16-bit integer).
     */
    PRODUCTS("products", "mapProducts", "products", "drop `manual,thumbnail`, rename `code`, `description`, cast `qty:int32`",
            Map.of("drop", "manual,thumbnail", "rename", "code:product_code,description:summary", "cast", "qty:int32"),
            List.of(replaceField(Map.of("exclude", "manual,thumbnail", "renames", "code:product_code,description:summary")),
                    cast("qty:int32")),
            List.of("manual", "thumbnail", "code", "description", "qty")),

    /**
     * {@code shop.customers}, 5 columns: drop two personal columns, rename the other two text/key
     * columns, widen the smallint tier to int32.
     */
    CUSTOMERS("customers", "mapCustomers", "customers", "drop `phone,email`, rename `id`, `name`, cast `tier:int32`",
            Map.of("drop", "phone,email", "rename", "id:customer_id,name:full_name", "cast", "tier:int32"),
            List.of(replaceField(Map.of("exclude", "phone,email", "renames", "id:customer_id,name:full_name")),
                    cast("tier:int32")),
            List.of("phone", "email", "id", "name", "tier")),

    /**
     * {@code shop.products}: keep 6 of its 22 columns, add the topic, offset and timestamp, and
     * flatten the {@code weight} struct (Debezium's {@code VariableScaleDecimal}) into two columns.
     */
    RESHAPE("reshape", "reshapeProducts", "products",
            "keep 6 columns, insert `$topic`, `$offset`, `$timestamp`, flatten `weight`",
            Map.of("keep", "id,code,status,price,qty,weight", "insert", "topic:$topic,offset:$offset,ts:$timestamp",
                    "flatten", "true"),
            List.of(replaceField(Map.of("include", "id,code,status,price,qty,weight")),
                    kafka(InsertField.Value::new, Map.of("topic.field", "topic", "offset.field", "offset",
                            "timestamp.field", "ts")),
                    kafka(Flatten.Value::new, Map.of("delimiter", "_"))),
            List.of("id", "code", "status", "price", "qty", "weight"));

    /** One Kafka transform of a chain: how to make it, and its configuration (Kafka's defaults otherwise). */
    public record KafkaStep(Supplier<Transformation<SinkRecord>> factory, Map<String, String> config) {
        Transformation<SinkRecord> create() {
            Transformation<SinkRecord> t = factory.get();
            t.configure(config);
            return t;
        }
    }

    /** The name used in tables. */
    public final String label;
    /** The benchmark method measuring it. */
    public final String method;
    /** The table ({@code source.table} of the envelopes) whose rows are the input. */
    public final String table;
    /** What the spec does, for the result table. */
    public final String description;
    /** {@code io.cdckit.smt.mapping.FieldMapper$Value}'s configuration. */
    public final Map<String, String> fieldMapperConfig;
    /** The Kafka transforms doing the same, in the order a connector chains them. */
    public final List<KafkaStep> kafkaChain;
    /** The columns the spec names: every row must have them, so that each step applies to every record. */
    private final List<String> columns;

    MappingScenario(String label, String method, String table, String description, Map<String, String> fieldMapper,
                    List<KafkaStep> kafkaChain, List<String> columns) {
        this.label = label;
        this.method = method;
        this.table = table;
        this.description = description;
        this.fieldMapperConfig = fieldMapper;
        this.kafkaChain = kafkaChain;
        this.columns = columns;
    }

    private static KafkaStep kafka(Supplier<Transformation<SinkRecord>> factory, Map<String, String> config) {
        return new KafkaStep(factory, config);
    }

    private static KafkaStep replaceField(Map<String, String> config) {
        return kafka(ReplaceField.Value::new, config);
    }

    private static KafkaStep cast(String spec) {
        return kafka(Cast.Value::new, Map.of("spec", spec));
    }

    /** The scenario measured by a benchmark method, or null. */
    public static MappingScenario ofMethod(String method) {
        for (MappingScenario s : values()) {
            if (s.method.equals(method)) {
                return s;
            }
        }
        return null;
    }

    /**
     * The input: the corpus's data-change events of {@link #table}, unwrapped by Debezium's
     * {@code ExtractNewRecordState} (its defaults: a delete becomes a record with a null value) into
     * plain rows, in corpus order, keeping the records that carry a row (creates, reads, updates).
     *
     * @throws IllegalStateException if the corpus has no such row, or a row lacks a column the spec names
     */
    public List<SinkRecord> rows(Corpus corpus) {
        List<SinkRecord> out = new ArrayList<>();
        try (ExtractNewRecordState<SinkRecord> unwrap = new ExtractNewRecordState<>()) {
            unwrap.configure(Map.of());
            for (SinkRecord event : corpus.events) {
                if (!table.equals(tableOf(event))) {
                    continue;
                }
                SinkRecord row = unwrap.apply(Corpus.copy(event));
                if (row != null && row.value() instanceof Struct) {
                    requireColumns(row.valueSchema(), corpus.origin);
                    out.add(row);
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("the corpus " + corpus.origin + " has no rows of table '" + table + "'");
        }
        return out;
    }

    /** Every column the spec names is in the row schema, so each step applies to every record. */
    private void requireColumns(Schema row, String origin) {
        for (String column : columns) {
            if (row.field(column) == null) {
                throw new IllegalStateException("scenario " + label + ": a row of table '" + table + "' in "
                        + origin + " has no column '" + column + "' (schema " + row.name() + ")");
            }
        }
    }

    private static String tableOf(SinkRecord event) {
        Struct value = (Struct) event.value();
        if (value.schema().field("source") == null) {
            return null;
        }
        Struct source = value.getStruct("source");
        return source == null || source.schema().field("table") == null ? null : source.getString("table");
    }
}
