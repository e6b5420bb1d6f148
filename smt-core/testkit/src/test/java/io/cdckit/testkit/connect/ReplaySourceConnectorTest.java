package io.cdckit.testkit.connect;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplaySourceConnectorTest {

    @TempDir
    Path dir;

    @Test
    void oneTaskReplaysTheWholeFileInOnePollByDefault() throws Exception {
        Path file = file(5);
        ReplaySourceConnector c = new ReplaySourceConnector();
        c.start(Map.of(ReplaySourceConnector.FILE, file.toString()));
        List<Map<String, String>> configs = c.taskConfigs(1);
        assertEquals(1, configs.size());
        ReplaySourceConnector.ReplayTask task = task(configs.get(0), Map.of());
        List<SourceRecord> all = task.poll();
        assertEquals(List.of(0, 1, 2, 3, 4), values(all));
        assertEquals(Map.of("file", file.toString()), all.get(0).sourcePartition());
        assertEquals(Map.of("line", 4L), all.get(4).sourceOffset());
        assertNull(task.poll(), "then it idles");
    }

    @Test
    void eachOfSeveralTasksReplaysItsShareInBatchesAndResumesAfterItsCommittedLine() throws Exception {
        Path file = file(10);
        ReplaySourceConnector c = new ReplaySourceConnector();
        c.start(Map.of(ReplaySourceConnector.FILE, file.toString(), ReplaySourceConnector.BATCH_SIZE, "2"));
        List<Map<String, String>> configs = c.taskConfigs(3);
        assertEquals(3, configs.size());

        List<Integer> shares = new ArrayList<>();
        for (Map<String, String> config : configs) {
            ReplaySourceConnector.ReplayTask task = task(config, Map.of());
            for (List<SourceRecord> batch; (batch = task.poll()) != null; ) {
                assertTrue(batch.size() <= 2, "batches of at most 2");
                shares.addAll(values(batch));
            }
        }
        assertEquals(List.of(0, 3, 6, 9, 1, 4, 7, 2, 5, 8), shares, "each line once, task i has lines i, i+3, ...");

        Map<String, Object> partition = new LinkedHashMap<>();
        partition.put("file", file.toString());
        partition.put("task", "1/3");
        ReplaySourceConnector.ReplayTask resumed = task(configs.get(1), Map.of(partition, Map.of("line", 4L)));
        List<SourceRecord> rest = resumed.poll();
        assertEquals(List.of(7), values(rest), "after line 4 comes the task's line 7");
        assertEquals(partition, rest.get(0).sourcePartition());
        assertEquals(Map.of("line", 7L), rest.get(0).sourceOffset());
    }

    private Path file(int n) {
        List<RecordLines.Line> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lines.add(new RecordLines.Line("t", Schema.STRING_SCHEMA, "k" + i, Schema.INT32_SCHEMA, i));
        }
        Path file = dir.resolve("records.jsonl");
        RecordLines.write(file, lines);
        return file;
    }

    private static List<Integer> values(List<SourceRecord> records) {
        return records.stream().map(r -> (Integer) r.value()).toList();
    }

    /** A started task whose offset reader holds {@code committed} (a proxy: the context differs per Kafka line). */
    private static ReplaySourceConnector.ReplayTask task(Map<String, String> config,
                                                        Map<Map<String, Object>, Map<String, Object>> committed) {
        OffsetStorageReader reader = new OffsetStorageReader() {
            @Override
            public <T> Map<String, Object> offset(Map<String, T> partition) {
                return committed.get(partition);
            }

            @Override
            public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                Map<Map<String, T>, Map<String, Object>> out = new HashMap<>();
                partitions.forEach(p -> out.put(p, offset(p)));
                return out;
            }
        };
        SourceTaskContext context = (SourceTaskContext) Proxy.newProxyInstance(
                ReplaySourceConnectorTest.class.getClassLoader(), new Class<?>[] {SourceTaskContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "offsetStorageReader" -> reader;
                    case "configs" -> config;
                    default -> null;
                });
        ReplaySourceConnector.ReplayTask task = new ReplaySourceConnector.ReplayTask();
        task.initialize(context);
        task.start(config);
        return task;
    }
}
