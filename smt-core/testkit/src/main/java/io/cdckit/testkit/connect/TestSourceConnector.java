package io.cdckit.testkit.connect;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.source.SourceTask;

import java.util.List;
import java.util.Map;

/**
 * The connector half of a test source: by default one task, handed the connector's own settings,
 * which {@link #config()} declares; a source of several tasks overrides
 * {@link #taskConfigs(int)}, reading the settings from {@link #settings()}. The twin of
 * {@link TestSinkConnector}.
 */
public abstract class TestSourceConnector extends SourceConnector {

    private final Class<? extends SourceTask> taskClass;
    private final ConfigDef config;
    private Map<String, String> props;

    /** For the subclass's no-argument constructor, which Connect calls. */
    protected TestSourceConnector(Class<? extends SourceTask> taskClass, ConfigDef config) {
        this.taskClass = taskClass;
        this.config = config;
    }

    /** The settings the connector was started with. */
    protected final Map<String, String> settings() {
        return props;
    }

    @Override
    public final void start(Map<String, String> props) {
        this.props = props;
    }

    @Override
    public final Class<? extends Task> taskClass() {
        return taskClass;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(props);
    }

    @Override
    public final void stop() {
    }

    @Override
    public final ConfigDef config() {
        return config;
    }

    @Override
    public final String version() {
        return "test";
    }
}
