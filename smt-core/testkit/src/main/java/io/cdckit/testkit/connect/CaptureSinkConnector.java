package io.cdckit.testkit.connect;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Map;

/**
 * A test sink connector that appends every record it receives (after the connector's transforms)
 * to a file in the {@link RecordLines} format, so integration tests can assert on what a sink sees.
 * Config: {@code capture.file}.
 */
public class CaptureSinkConnector extends TestSinkConnector {

    public static final String FILE = "capture.file";

    public CaptureSinkConnector() {
        super(CaptureTask.class, new ConfigDef()
                .define(FILE, ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "File to append records to."));
    }

    /**
     * A mutable configuration of this sink reading {@code topics} into {@code file}, one task; add
     * transforms, converters and error handling to it.
     */
    public static Map<String, String> config(String topics, java.nio.file.Path file) {
        Map<String, String> c = new java.util.HashMap<>();
        c.put("connector.class", CaptureSinkConnector.class.getName());
        c.put("tasks.max", "1");
        c.put("topics", topics);
        c.put(FILE, file.toString());
        return c;
    }

    /**
     * Connect's error handling for a sink: tolerate every error and send failed records to the
     * {@code dlqTopic} dead letter queue (replication factor 1) with the error context headers.
     */
    public static Map<String, String> deadLetterQueue(String dlqTopic) {
        return Map.of("errors.tolerance", "all",
                "errors.deadletterqueue.topic.name", dlqTopic,
                "errors.deadletterqueue.topic.replication.factor", "1",
                "errors.deadletterqueue.context.headers.enable", "true");
    }

    /** The task: one JSON line per record. */
    public static class CaptureTask extends SinkTask {
        private Path file;

        @Override
        public void start(Map<String, String> props) {
            file = Path.of(props.get(FILE));
        }

        @Override
        public void put(Collection<SinkRecord> records) {
            if (records.isEmpty()) {
                return;
            }
            StringBuilder b = new StringBuilder();
            for (SinkRecord r : records) {
                b.append(RecordLines.encode(r)).append('\n');
            }
            try {
                Files.writeString(file, b.toString(), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
            } catch (IOException e) {
                throw new ConnectException("cannot write capture file", e);
            }
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
