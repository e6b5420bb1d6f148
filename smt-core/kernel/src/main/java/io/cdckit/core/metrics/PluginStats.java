package io.cdckit.core.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A plugin's own counters and gauges, and where it runs: what a transform or converter reports
 * through Kafka's plugin metrics on a worker that supports them (4.1 and later), and what code that
 * embeds a cdckit plugin can read directly ({@link #metrics()}).
 *
 * <p>Kafka-free on purpose: the one class that knows Kafka's {@code Monitorable} is
 * {@link PluginMetricsBridge}, built per Kafka line. A worker that hands the plugin its metrics
 * also tells it its tags (connector, task, and the transform's alias or the converter's role),
 * which {@link #where()} adds to log messages.
 */
public final class PluginStats {

    /** One metric: its name in the worker's {@code plugins} group, what it means, and its current value. */
    public record Metric(String name, String description, Supplier<Number> value) {
    }

    private final List<Metric> metrics = new CopyOnWriteArrayList<>();
    private volatile String where = "";

    /** A cumulative count, registered as {@code name}. */
    public Counter counter(String name, String description) {
        Counter counter = new Counter();
        metrics.add(new Metric(name, description, counter::get));
        return counter;
    }

    /** A value read when the metric is read. */
    public void gauge(String name, String description, Supplier<Number> value) {
        metrics.add(new Metric(name, description, value));
    }

    /**
     * A distribution, registered as three gauges: {@code name-p50}, {@code name-p99} and
     * {@code name-max} over its latest samples ({@link Histogram}), in the unit the caller records
     * ({@code description} says which).
     */
    public Histogram histogram(String name, String description) {
        Histogram histogram = new Histogram();
        gauge(name + "-p50", "Median of " + description, () -> histogram.percentile(0.5));
        gauge(name + "-p99", "99th percentile of " + description, () -> histogram.percentile(0.99));
        gauge(name + "-max", "Largest of " + description, histogram::max);
        return histogram;
    }

    public List<Metric> metrics() {
        return List.copyOf(metrics);
    }

    /** The metric's current value; throws if there is no such metric. */
    public Number value(String name) {
        for (Metric m : metrics) {
            if (m.name().equals(name)) {
                return m.value().get();
            }
        }
        throw new IllegalArgumentException("no metric " + name);
    }

    /**
     * Records the tags the runtime gave the plugin's metrics (connector, task, transformation or
     * converter), for {@link #where()}.
     */
    public void runtimeTags(Map<String, String> tags) {
        List<String> parts = new ArrayList<>();
        for (String key : List.of("connector", "task", "transformation", "predicate", "converter")) {
            String v = tags.get(key);
            if (v != null) {
                parts.add(key + " " + v);
            }
        }
        where = parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }

    /**
     * Where the plugin runs, for log messages: e.g. {@code " (connector orders, task 0, transformation
     * unwrap)"}; empty when the runtime did not say (Kafka before 4.1, or the plugin used directly).
     */
    public String where() {
        return where;
    }
}
