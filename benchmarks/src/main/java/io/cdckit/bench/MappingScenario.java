package io.cdckit.bench;

import io.debezium.transforms.ExtractNewRecordState;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The field mappings {@link MappingBenchmark} measures: one table of the corpus each, and one spec
 * (drop 2 columns, rename 2, cast 1) written twice, as {@code FieldMapper} takes it and as the Kafka
 * chain {@code ReplaceField} ({@code exclude}, {@code renames}) then {@code Cast} ({@code spec})
 * takes it. The cast names the column as it is after the renames in both (it is not renamed here).
 */
public enum MappingScenario {

    /**
     * {@code shop.products}, 22 columns: drop the TOAST text and the bytes column, rename two
     * columns, widen the smallint to int32 (for sinks without a 16-bit integer).
     */
    PRODUCTS("products", "mapProducts", "products",
            "manual,thumbnail", "code:product_code,description:summary", "qty:int32"),

    /**
     * {@code shop.customers}, 5 columns: drop two personal columns, rename the other two text/key
     * columns, widen the smallint tier to int32.
     */
    CUSTOMERS("customers", "mapCustomers", "customers",
            "phone,email", "id:customer_id,name:full_name", "tier:int32");

    /** The name used in tables. */
    public final String label;
    /** The benchmark method measuring it. */
    public final String method;
    /** The table ({@code source.table} of the envelopes) whose rows are the input. */
    public final String table;
    /** The columns removed (FieldMapper {@code drop}, ReplaceField {@code exclude}). */
    public final String drop;
    /** old:new renames (FieldMapper {@code rename}, ReplaceField {@code renames}). */
    public final String rename;
    /** field:type casts (FieldMapper {@code cast}, Cast {@code spec}). */
    public final String cast;

    MappingScenario(String label, String method, String table, String drop, String rename, String cast) {
        this.label = label;
        this.method = method;
        this.table = table;
        this.drop = drop;
        this.rename = rename;
        this.cast = cast;
    }

    /** {@code io.cdckit.smt.mapping.FieldMapper$Value}'s configuration. */
    public Map<String, String> fieldMapperConfig() {
        return Map.of("drop", drop, "rename", rename, "cast", cast);
    }

    /** {@code org.apache.kafka.connect.transforms.ReplaceField$Value}'s configuration (Kafka's defaults otherwise). */
    public Map<String, String> replaceFieldConfig() {
        return Map.of("exclude", drop, "renames", rename);
    }

    /** {@code org.apache.kafka.connect.transforms.Cast$Value}'s configuration (Kafka's defaults otherwise). */
    public Map<String, String> castConfig() {
        return Map.of("spec", cast);
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
        List<String> named = new ArrayList<>();
        for (String d : drop.split(",")) {
            named.add(d);
        }
        for (String list : new String[]{rename, cast}) {
            for (String entry : list.split(",")) {
                named.add(entry.substring(0, entry.indexOf(':')));
            }
        }
        for (String column : named) {
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
