package io.cdckit.examples.jsonl;

import io.cdckit.core.CdckitVersion;
import io.cdckit.core.cdc.ChangeEvent;
import io.cdckit.core.cdc.ChangeEventDetector;
import io.cdckit.core.config.ConfigKeys;
import io.cdckit.smt.masking.Mask;
import io.cdckit.smt.unwrap.Unwrap;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes each record as one JSON line, {@code {"offset":N,"op":"u","key":...,"value":...}}, into
 * {@code <directory>/<topic>-<partition>.jsonl}, exactly once (see {@link PartitionFile}).
 *
 * <p>Per record, with cdckit's classes called directly: the kernel's {@link ChangeEventDetector} says
 * whether the value is a change event and which operation ({@code op}, null for anything else);
 * {@link Unwrap} turns an envelope into its row (configured from the {@code unwrap.} keys: a delete
 * becomes a null value by default, a tombstone is dropped and writes no line); {@link Mask.Value}
 * masks the row (the {@code mask.} keys). Key and value are written as JSON without schemas
 * ({@link JsonConverter}, decimals as numbers).
 *
 * <p>Exactly once: on {@link #open} the task reads each partition's last committed offset from its
 * file and seeks past it ({@code context.offset}); a record at or before it is skipped; the batch
 * written since the last commit is committed by {@link #preCommit} (and {@link #flush}), which
 * returns only offsets whose records are in the committed file. A batch not committed when the task
 * stops, loses its partition or dies is thrown away, and its records come again.
 */
public class JsonLinesSinkTask extends SinkTask {

    private JsonLinesSinkConfig config;
    private ChangeEventDetector detector;
    private Unwrap<SinkRecord> unwrap;
    private Mask.Value<SinkRecord> mask;
    private JsonConverter keys;
    private JsonConverter values;
    private final Map<TopicPartition, PartitionFile> files = new HashMap<>();

    @Override
    public String version() {
        return CdckitVersion.VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        config = JsonLinesSinkConfig.parse(props);
        detector = ChangeEventDetector.all(ConfigKeys.DEFAULT_SCHEMA_CACHE_SIZE);
        unwrap = config.newUnwrap();
        mask = config.masking() ? config.newMask() : null;
        keys = converter(true);
        values = converter(false);
    }

    private static JsonConverter converter(boolean key) {
        JsonConverter c = new JsonConverter();
        c.configure(Map.of("schemas.enable", "false", "decimal.format", "NUMERIC"), key);
        return c;
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> seek = new HashMap<>();
        for (TopicPartition tp : partitions) {
            PartitionFile f = PartitionFile.open(config.directory(), tp);
            PartitionFile old = files.put(tp, f);
            if (old != null) {
                old.discard();
            }
            if (f.committedOffset() >= 0) {
                seek.put(tp, f.position());
            }
        }
        if (!seek.isEmpty()) {
            context.offset(seek);
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        for (SinkRecord r : records) {
            TopicPartition tp = new TopicPartition(r.topic(), r.kafkaPartition());
            PartitionFile f = files.get(tp);
            if (f == null) {
                throw new ConnectException("JsonLinesSink: a record of " + tp + ", a partition not opened for this task");
            }
            if (f.seen(r.kafkaOffset())) {
                continue; // already in the file: redelivered after a restart or a rebalance
            }
            ChangeEvent event = detector.detect(r.valueSchema(), r.value());
            String op = event == null ? null : event.opCode();
            SinkRecord row = unwrap.apply(r);
            if (row != null && mask != null) {
                row = mask.apply(row);
            }
            if (row == null) {
                f.skip(r.kafkaOffset());
            } else {
                f.append(r.kafkaOffset(), line(r, op, row));
            }
        }
    }

    /** {@code {"offset":N,"op":...,"key":...,"value":...}}: the offset first, {@link PartitionFile} reads it back. */
    private byte[] line(SinkRecord in, String op, SinkRecord row) {
        byte[] key;
        byte[] value;
        try {
            key = keys.fromConnectData(row.topic(), row.keySchema(), row.key());
            value = values.fromConnectData(row.topic(), row.valueSchema(), row.value());
        } catch (DataException e) {
            // JsonConverter's messages name types, never values; the cause is left out all the same
            throw new DataException("JsonLinesSink: cannot write the record of topic " + in.topic() + ", partition "
                    + in.kafkaPartition() + ", offset " + in.kafkaOffset() + " as JSON: " + e.getClass().getSimpleName());
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream(64 + (key == null ? 4 : key.length)
                + (value == null ? 4 : value.length));
        b.writeBytes(("{\"offset\":" + in.kafkaOffset() + ",\"op\":").getBytes(StandardCharsets.US_ASCII));
        b.writeBytes((op == null ? "null" : quoted(op)).getBytes(StandardCharsets.UTF_8));
        b.writeBytes(",\"key\":".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(key == null ? NULL : key);
        b.writeBytes(",\"value\":".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(value == null ? NULL : value);
        b.write('}');
        return b.toByteArray();
    }

    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    private static String quoted(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    @Override
    public void flush(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        files.values().forEach(PartitionFile::commit);
    }

    /** Commits every partition's batch; returns, per partition, the offset up to which its records are committed. */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
        for (Map.Entry<TopicPartition, PartitionFile> e : files.entrySet()) {
            long position = e.getValue().commit();
            if (position > 0) {
                committed.put(e.getKey(), new OffsetAndMetadata(position));
            }
        }
        return committed;
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            PartitionFile f = files.remove(tp);
            if (f != null) {
                f.discard();
            }
        }
    }

    @Override
    public void stop() {
        files.values().forEach(PartitionFile::discard);
        files.clear();
        if (unwrap != null) {
            unwrap.close();
        }
        if (mask != null) {
            mask.close();
        }
        if (keys != null) {
            keys.close();
            values.close();
        }
    }
}
