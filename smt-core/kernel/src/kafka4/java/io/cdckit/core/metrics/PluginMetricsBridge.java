package io.cdckit.core.metrics;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.Monitorable;
import org.apache.kafka.common.metrics.PluginMetrics;

import java.util.LinkedHashMap;

/**
 * The base of every cdckit plugin class, in the build for Kafka 4.1 and later: it implements
 * Kafka's {@code Monitorable}, so a worker hands the plugin its {@code PluginMetrics} and every
 * metric of {@link #pluginStats()} appears in the worker's {@code plugins} group, tagged with the
 * connector, task and alias. The build for Kafka 3.9 compiles a class of the same name from its own
 * source folder ({@code src/kafka39/java}) without the interface, which 3.9 lacks.
 */
public abstract class PluginMetricsBridge implements Monitorable {

    /** The plugin's metrics. */
    public abstract PluginStats pluginStats();

    @Override
    public void withPluginMetrics(PluginMetrics metrics) {
        PluginStats stats = pluginStats();
        for (PluginStats.Metric m : stats.metrics()) {
            MetricName name = metrics.metricName(m.name(), m.description(), new LinkedHashMap<>());
            metrics.addMetric(name, (Gauge<Number>) (config, now) -> m.value().get());
            stats.runtimeTags(name.tags());
        }
    }
}
