package io.cdckit.core.metrics;

/**
 * The base of every cdckit plugin class, in the build for Kafka 3.9: Kafka 3.9 has no plugin
 * metrics (its worker cannot load a class implementing the missing {@code Monitorable}), so this
 * version, compiled from {@code src/kafka39/java} instead of {@code src/kafka4/java}, only gives
 * access to {@link #pluginStats()}, which code embedding the plugin can read.
 */
public abstract class PluginMetricsBridge {

    /** The plugin's metrics. */
    public abstract PluginStats pluginStats();
}
