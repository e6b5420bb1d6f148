package io.cdckit.bench;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

import java.util.Map;
import java.util.function.Predicate;

/**
 * The expressions {@link ExpressionBenchmark} measures: two filter conditions and one router
 * expression, each a single Groovy text given to both cdckit's transform and Debezium's
 * ({@code language=jsr223.groovy}, {@code null.handling.mode=keep}, no {@code topic.regex}: every
 * record is evaluated). Each filter also has its hand-written Java {@link #java} test, which reads
 * the envelope Struct directly ({@code Struct.get(name)}) and decides what the condition decides:
 * the floor of the filter. On the corpus's data-change events all three give the same decisions,
 * and the router the same topics ({@link ExpressionCheck}).
 */
public enum ExpressionScenario {

    /** The updates kept, the rest dropped: one field of the envelope. */
    FILTER_OP("filter_op", "filterByOperation", true, "keep the updates", "value.op == 'u'",
            r -> "u".equals(value(r).get("op"))),

    /**
     * The customers of tier 2 or higher kept, by a column of the row image: the table from the
     * source block, then the column, nested two levels down; deletes (no {@code after}) dropped.
     */
    FILTER_NESTED("filter_nested", "filterByColumn", true, "keep customers of tier 2 or higher",
            "value.after != null && value.source.table == 'customers' && value.after.tier >= 2",
            r -> {
                Struct value = value(r);
                Struct after = value.getStruct("after");
                return after != null && "customers".equals(value.getStruct("source").get("table"))
                        && after.get("tier") instanceof Number tier && tier.intValue() >= 2;
            }),

    /** Every record to a topic per operation, named from the record's topic and the envelope's op. */
    ROUTE_OP("route_op", "routeByOperation", false, "every op to `<topic>.<op>`", "topic + '.' + value.op", null);

    /** The name used in tables. */
    public final String label;
    /** The benchmark method measuring it. */
    public final String method;
    /** Whether it is a filter ({@code condition}) rather than a router ({@code topic.expression}). */
    public final boolean filter;
    /** What the expression does, for the result table. */
    public final String description;
    /** The Groovy text, the same for both transforms. */
    public final String expression;
    /** A filter's hand-written test (true keeps the record); null for the router. */
    public final Predicate<SinkRecord> java;

    ExpressionScenario(String label, String method, boolean filter, String description, String expression,
                       Predicate<SinkRecord> java) {
        this.label = label;
        this.method = method;
        this.filter = filter;
        this.description = description;
        this.expression = expression;
        this.java = java;
    }

    /** The configuration both transforms are given: the expression under its key, Groovy, tombstones kept. */
    public Map<String, String> config() {
        return Map.of("language", "jsr223.groovy", filter ? "condition" : "topic.expression", expression,
                "null.handling.mode", "keep");
    }

    private static Struct value(SinkRecord r) {
        return (Struct) r.value();
    }

    /** The scenario measured by a benchmark method, or null. */
    public static ExpressionScenario ofMethod(String method) {
        for (ExpressionScenario s : values()) {
            if (s.method.equals(method)) {
                return s;
            }
        }
        return null;
    }
}
