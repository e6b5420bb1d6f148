package io.cdckit.bench;

import java.util.Map;

/**
 * The routings {@link RoutingBenchmark} measures, each written twice: as {@code OperationRouter}'s
 * topic templates and as the Groovy expression that Debezium's {@code ContentBasedRouter}
 * ({@code language=jsr223.groovy}) needs for the same topics. On the data-change events both give
 * every record the same topic ({@link RoutingCheck}). (In Groovy's property syntax
 * {@code value.source.schema} would be the Struct's own {@code Schema}, hence {@code get('schema')}.)
 */
public enum RoutingScenario {

    /** Deletes to a topic of their own, the rest where they were. */
    DELETES("deletes", "routeDeletes", "deletes to `${topic}.deleted`",
            Map.of("topic.delete", "${topic}.deleted"),
            "value.op == 'd' ? topic + '.deleted' : null"),

    /** One topic per operation, named after it. */
    PER_OPERATION("per_operation", "routePerOperation", "every op to `${topic}.${operation}`",
            Map.of("topic.format", "${topic}.${operation}"),
            "topic + '.' + [c: 'create', u: 'update', d: 'delete', r: 'read', t: 'truncate', m: 'message'][value.op]"),

    /** A topic per source table, from the envelope's source block. */
    BY_SOURCE("by_source", "routeBySource", "every op to `cdc.${source.schema}.${source.table}`",
            Map.of("topic.format", "cdc.${source.schema}.${source.table}"),
            "'cdc.' + value.source.get('schema') + '.' + value.source.table");

    /** The name used in tables. */
    public final String label;
    /** The benchmark method measuring it. */
    public final String method;
    /** What the routing does, for the result table. */
    public final String description;
    /** {@code io.cdckit.smt.routing.OperationRouter}'s configuration. */
    public final Map<String, String> routerConfig;
    /** {@code topic.expression} of Debezium's {@code ContentBasedRouter}, in Groovy. */
    public final String expression;

    RoutingScenario(String label, String method, String description, Map<String, String> routerConfig,
                    String expression) {
        this.label = label;
        this.method = method;
        this.description = description;
        this.routerConfig = routerConfig;
        this.expression = expression;
    }

    /** {@code ContentBasedRouter}'s configuration: {@link #expression} in Groovy, tombstones passed on unchanged. */
    public Map<String, String> contentBasedRouterConfig() {
        return Map.of("language", "jsr223.groovy", "topic.expression", expression, "null.handling.mode", "keep");
    }

    /** The scenario measured by a benchmark method, or null. */
    public static RoutingScenario ofMethod(String method) {
        for (RoutingScenario s : values()) {
            if (s.method.equals(method)) {
                return s;
            }
        }
        return null;
    }
}
