package io.cdckit.core.transform;

import io.cdckit.core.config.ConfigKeys;
import io.cdckit.core.config.TransformConfig;
import io.cdckit.core.metrics.PluginMetricsBridge;
import io.cdckit.core.metrics.PluginStats;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every transform counts (records in, out, dropped, failed; its plan caches), and how the
 * counts reach a worker: through Kafka's {@code Monitorable} on the line that has it, not at all
 * (and without the interface, so that the class loads) on Kafka 3.9.
 */
class PluginMetricsTest {

    /** Drops records whose value is "drop", fails on "fail", passes the rest; one plan per schema. */
    static final class Sorter extends CdcTransform<SinkRecord> {
        io.cdckit.core.cache.PlanCache<Schema, String> plans;

        @Override
        public ConfigDef config() {
            return ConfigKeys.define().build();
        }

        @Override
        protected void configure(TransformConfig config) {
            plans = planCache(schema -> schema.name());
        }

        @Override
        protected SinkRecord transform(SinkRecord record) {
            plans.get(record.valueSchema());
            if ("drop".equals(record.value())) {
                return null;
            }
            if ("fail".equals(record.value())) {
                throw new DataException("no");
            }
            return record;
        }
    }

    private static SinkRecord rec(Schema schema, String value) {
        return new SinkRecord("t", 0, null, null, schema, value, 0);
    }

    @Test
    void applyCountsEveryOutcomeAndThePlanCacheItsHits() {
        Schema a = SchemaBuilder.string().name("a").build();
        Schema b = SchemaBuilder.string().name("b").build();
        Sorter t = new Sorter();
        t.configure(Map.of());
        PluginStats stats = t.pluginStats();
        assertTrue(Double.isNaN(stats.value(CdcTransform.PLAN_CACHE_HIT_RATIO).doubleValue()), "no lookup yet");
        for (String v : List.of("x", "y", "drop", "z", "drop")) {
            t.apply(rec(a, v));
        }
        assertThrows(DataException.class, () -> t.apply(rec(b, "fail")));
        t.apply(rec(b, "w"));

        assertEquals(7L, stats.value(CdcTransform.RECORDS_IN));
        assertEquals(4L, stats.value(CdcTransform.RECORDS_OUT));
        assertEquals(2L, stats.value(CdcTransform.RECORDS_DROPPED));
        assertEquals(1L, stats.value(CdcTransform.RECORDS_FAILED));
        assertEquals(2L, stats.value(CdcTransform.PLAN_CACHE_SIZE));
        assertEquals(1.0 - 2.0 / 7.0, stats.value(CdcTransform.PLAN_CACHE_HIT_RATIO).doubleValue(), 1e-9,
                "7 lookups, 2 compiles");
        assertEquals("", stats.where(), "used directly, the plugin knows nothing of a runtime");
    }

    @Test
    void configuredAgainItMeasuresOnlyTheNewPlanCaches() {
        Sorter t = new Sorter();
        t.configure(Map.of());
        t.apply(rec(SchemaBuilder.string().name("a").build(), "x"));
        t.configure(Map.of());
        assertEquals(0L, t.pluginStats().value(CdcTransform.PLAN_CACHE_SIZE));
        t.apply(rec(SchemaBuilder.string().name("b").build(), "x"));
        assertEquals(1L, t.pluginStats().value(CdcTransform.PLAN_CACHE_SIZE));
        assertEquals(2L, t.pluginStats().value(CdcTransform.RECORDS_IN), "record counts go on");
    }

    @Test
    void theBridgeIsMonitorableExactlyWhereKafkaHasTheInterface() throws Exception {
        Class<?> monitorable = kafkaClass("org.apache.kafka.common.metrics.Monitorable");
        if (monitorable == null) {
            // Kafka 3.9: the class must not name the missing interface, or the worker cannot load it
            assertFalse(Arrays.stream(PluginMetricsBridge.class.getInterfaces())
                    .anyMatch(i -> i.getSimpleName().equals("Monitorable")));
            return;
        }
        assertTrue(monitorable.isAssignableFrom(Sorter.class));
        Sorter t = new Sorter();
        t.configure(Map.of());
        t.apply(rec(Schema.STRING_SCHEMA, "x"));

        // what a 4.1+ worker does: hand the plugin its PluginMetrics, whose names carry the plugin's tags
        Map<String, String> tags = Map.of("connector", "orders", "task", "0", "transformation", "unwrap");
        Map<String, Gauge<?>> registered = new LinkedHashMap<>();
        Class<?> pluginMetrics = kafkaClass("org.apache.kafka.common.metrics.PluginMetrics");
        Object metrics = Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{pluginMetrics},
                (proxy, method, args) -> switch (method.getName()) {
                    case "metricName" -> new MetricName((String) args[0], "plugins", (String) args[1], tags);
                    case "addMetric" -> registered.put(((MetricName) args[0]).name(), (Gauge<?>) args[1]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        monitorable.getMethod("withPluginMetrics", pluginMetrics).invoke(t, metrics);

        assertEquals(List.of(CdcTransform.RECORDS_IN, CdcTransform.RECORDS_OUT, CdcTransform.RECORDS_DROPPED,
                CdcTransform.RECORDS_FAILED, CdcTransform.PLAN_CACHE_SIZE, CdcTransform.PLAN_CACHE_HIT_RATIO),
                List.copyOf(registered.keySet()));
        t.apply(rec(Schema.STRING_SCHEMA, "y"));
        assertEquals(2L, registered.get(CdcTransform.RECORDS_IN).value(new MetricConfig(), 0L), "read live");
        assertEquals(" (connector orders, task 0, transformation unwrap)", t.where());
    }

    private static Class<?> kafkaClass(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }
}
