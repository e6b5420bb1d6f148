package io.cdckit.testkit.connect;

import io.cdckit.testkit.DecodedRecord;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test source connector that replays the records of a file written with {@link RecordLines},
 * once, then idles. It lets integration tests run transforms in the source path of a real
 * Connect worker with exactly the records they choose. Config: {@code replay.file}; optionally
 * {@code replay.batch.size} (records a poll returns, default all) and {@code replay.batch.interval.ms}
 * (pause before each batch after the first, default 0), to spread a replay over time.
 *
 * <p>With {@code tasks.max=n > 1} there are {@code n} tasks and task {@code i} replays the lines
 * {@code i, i+n, i+2n, ...}. Each record carries its line as source offset (source partition: the
 * file, plus the task's share when there are several), and a task that starts again (after a
 * restart or on another worker) resumes after the last line whose offset was committed, so a
 * replay is at-least-once across worker failures.
 */
public class ReplaySourceConnector extends TestSourceConnector {

    public static final String FILE = "replay.file";
    public static final String BATCH_SIZE = "replay.batch.size";
    public static final String BATCH_INTERVAL_MS = "replay.batch.interval.ms";
    static final String TASK_INDEX = "replay.task.index";
    static final String TASK_COUNT = "replay.task.count";

    public ReplaySourceConnector() {
        super(ReplayTask.class, new ConfigDef()
                .define(FILE, ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "File of records to replay.")
                .define(BATCH_SIZE, ConfigDef.Type.INT, Integer.MAX_VALUE, ConfigDef.Range.atLeast(1),
                        ConfigDef.Importance.LOW, "Records a poll returns at most.")
                .define(BATCH_INTERVAL_MS, ConfigDef.Type.LONG, 0L, ConfigDef.Range.atLeast(0),
                        ConfigDef.Importance.LOW, "Pause before each batch after the first."));
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        if (maxTasks <= 1) {
            return List.of(settings());
        }
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            Map<String, String> c = new HashMap<>(settings());
            c.put(TASK_INDEX, Integer.toString(i));
            c.put(TASK_COUNT, Integer.toString(maxTasks));
            configs.add(c);
        }
        return configs;
    }

    /** The task: emits its share of the file's records, resuming after its last committed line. */
    public static class ReplayTask extends SourceTask {
        private Path file;
        private int index;
        private int count;
        private int batchSize;
        private long intervalMs;
        private Map<String, Object> partition;
        /** The next line of this task's share to emit. */
        private long next;
        private List<String> lines;
        private boolean polled;

        @Override
        public void start(Map<String, String> props) {
            file = Path.of(props.get(FILE));
            index = Integer.parseInt(props.getOrDefault(TASK_INDEX, "0"));
            count = Integer.parseInt(props.getOrDefault(TASK_COUNT, "1"));
            batchSize = Integer.parseInt(props.getOrDefault(BATCH_SIZE, Integer.toString(Integer.MAX_VALUE)));
            intervalMs = Long.parseLong(props.getOrDefault(BATCH_INTERVAL_MS, "0"));
            // in a fixed order: the worker finds committed offsets by the partition's serialized form
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("file", file.toString());
            if (count > 1) {
                p.put("task", index + "/" + count);
            }
            partition = Collections.unmodifiableMap(p);
            next = index;
            Map<String, Object> committed = context.offsetStorageReader().offset(partition);
            if (committed != null && committed.get("line") instanceof Number line) {
                next = line.longValue() + count;
            }
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public List<SourceRecord> poll() throws InterruptedException {
            if (next >= lines.size()) {
                lines = List.of();
                Thread.sleep(100);
                return null;
            }
            if (polled && intervalMs > 0) {
                Thread.sleep(intervalMs);
            }
            polled = true;
            List<SourceRecord> out = new ArrayList<>();
            for (; next < lines.size() && out.size() < batchSize; next += count) {
                String line = lines.get((int) next);
                if (line.isBlank()) {
                    continue;
                }
                DecodedRecord r = RecordLines.decode(line);
                ConnectHeaders headers = new ConnectHeaders();
                r.headers.forEach(headers::addString);
                out.add(new SourceRecord(partition, Map.of("line", next), r.topic, null,
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
