package io.cdckit.testkit.connect;

import io.cdckit.testkit.DecodedRecord;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A test source connector that replays the records of a file written with {@link RecordLines},
 * once, then idles. It lets integration tests run transforms in the source path of a real
 * Connect worker with exactly the records they choose. Config: {@code replay.file}.
 */
public class ReplaySourceConnector extends SourceConnector {

    public static final String FILE = "replay.file";

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        this.props = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return ReplayTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(props);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef().define(FILE, ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "File of records to replay.");
    }

    @Override
    public String version() {
        return "test";
    }

    /** The task: emits every record of the file on its first poll. */
    public static class ReplayTask extends SourceTask {
        private Path file;
        private boolean done;

        @Override
        public void start(Map<String, String> props) {
            file = Path.of(props.get(FILE));
        }

        @Override
        public List<SourceRecord> poll() throws InterruptedException {
            if (done) {
                Thread.sleep(100);
                return null;
            }
            done = true;
            List<SourceRecord> out = new ArrayList<>();
            long line = 0;
            for (DecodedRecord r : RecordLines.read(file)) {
                ConnectHeaders headers = new ConnectHeaders();
                r.headers.forEach(headers::addString);
                out.add(new SourceRecord(Map.of("file", file.toString()), Map.of("line", line++), r.topic, null,
                        r.keySchema, r.key, r.valueSchema, r.value, null, headers));
            }
            return out;
        }

        @Override
        public void stop() {
        }

        @Override
        public String version() {
            return "test";
        }
    }
}
