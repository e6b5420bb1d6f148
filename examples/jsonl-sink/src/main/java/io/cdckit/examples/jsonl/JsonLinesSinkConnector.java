package io.cdckit.examples.jsonl;

import io.cdckit.core.CdckitVersion;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An example sink connector built on cdckit's classes: each record, unwrapped and masked, becomes one
 * JSON line of {@code <directory>/<topic>-<partition>.jsonl}, written exactly once
 * ({@link JsonLinesSinkTask}). Config: {@code directory}, {@code unwrap.*} ({@code Unwrap}'s keys) and
 * {@code mask.*} ({@code Mask$Value}'s keys); see {@link JsonLinesSinkConfig}. Mistakes fail in
 * {@link #start} and in Connect's validate, naming the key.
 */
public class JsonLinesSinkConnector extends SinkConnector {

    private Map<String, String> props;

    @Override
    public String version() {
        return CdckitVersion.VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        JsonLinesSinkConfig.parse(props);
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return JsonLinesSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            configs.add(props);
        }
        return configs;
    }

    @Override
    public void stop() {
        props = null;
    }

    @Override
    public ConfigDef config() {
        return JsonLinesSinkConfig.CONFIG_DEF;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return new Config(JsonLinesSinkConfig.validate(connectorConfigs));
    }
}
