package io.cdckit.testkit.connect;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.sink.SinkTask;

import java.util.List;
import java.util.Map;

/**
 * The connector half of a test sink: one task, handed the connector's own settings, which
 * {@link #config()} declares. A test sink names its task class and its settings and writes only
 * the task. (Its twin for sources is {@link TestSourceConnector}; Connect's two connector base
 * classes leave no room for one class serving both.)
 */
public abstract class TestSinkConnector extends SinkConnector {

    private final Class<? extends SinkTask> taskClass;
    private final ConfigDef config;
    private Map<String, String> props;

    /** For the subclass's no-argument constructor, which Connect calls. */
    protected TestSinkConnector(Class<? extends SinkTask> taskClass, ConfigDef config) {
        this.taskClass = taskClass;
        this.config = config;
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
    public final List<Map<String, String>> taskConfigs(int maxTasks) {
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
