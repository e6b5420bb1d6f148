package io.cdckit.examples;

import io.cdckit.testkit.ConnectRuntime;
import io.cdckit.testkit.DecodedRecord;
import io.cdckit.testkit.connect.RecordLines;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.data.Struct;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds each change event at every stage of the pipeline. One consumer reads the raw, the masked
 * and the final topics from the beginning (bytes: the final topics' Avro carries the schema id);
 * the sink's capture file holds the final rows as the sink read them through {@code AvroConverter}.
 * The stages of one change are paired by table, operation, row id and the event's LSN, which the
 * final row carries as {@code __source_lsn} ({@code Unwrap}'s {@code add.fields}).
 */
final class StageFeed implements AutoCloseable {

    /**
     * Identity of one change event across the stages. Each connector takes its own snapshot, at its
     * own LSN: a snapshot read is known by its table and row id alone.
     */
    private record Id(String table, String op, Object id, Object lsn) {
        Id {
            if (Workload.READ.equals(op)) {
                lsn = null;
            }
        }
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Path sinkFile;
    private final Map<String, List<DecodedRecord>> envelopes = new HashMap<>(); // per raw/masked topic, unpaired
    private final Set<String> used = new HashSet<>(); // topic@offset of records already paired
    private final Map<String, Integer> schemaIds = new HashMap<>(); // final topic@offset -> schema id
    private final Map<String, List<Integer>> versions = new LinkedHashMap<>(); // final topic -> ids in order
    private final Map<String, Integer> counts = new LinkedHashMap<>(); // records per topic
    private final Map<String, Integer> tombstones = new LinkedHashMap<>();
    private List<DecodedRecord> rows = List.of();
    private int number;

    StageFeed(String bootstrapServers, List<String> topics, Path sinkFile) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = new ArrayList<>();
        for (String t : topics) {
            parts.add(new TopicPartition(t, 0));
            counts.put(t, 0);
        }
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        this.sinkFile = sinkFile;
    }

    /**
     * The changes {@code expected} lists, each found at every stage, in commit order (LSN, then
     * table and id: a snapshot's reads share one LSN). Fails when they do not all arrive in time,
     * or when what arrived is not what was expected.
     */
    List<Change> collect(List<Workload.Event> expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Id> found = new ArrayList<>();
        Map<Id, DecodedRecord[]> stages = new HashMap<>();
        List<Workload.Event> missing = new ArrayList<>(expected);
        while (!missing.isEmpty()) {
            poll();
            for (var it = missing.iterator(); it.hasNext(); ) {
                Workload.Event e = it.next();
                DecodedRecord[] s = pair(e);
                if (s != null) {
                    Id id = identity(s[0]);
                    found.add(id);
                    stages.put(id, s);
                    it.remove();
                }
            }
            if (!missing.isEmpty() && System.nanoTime() > deadline) {
                throw new IllegalStateException("within " + timeout.toSeconds() + " s, these events did not reach every "
                        + "stage of the pipeline: " + missing + "; records per topic " + new TreeMap<>(counts)
                        + ", rows in the sink's file " + rows.size());
            }
        }
        found.sort(Comparator.comparingLong((Id i) -> i.lsn() instanceof Long l ? l : Long.MIN_VALUE)
                .thenComparing(Id::table).thenComparingLong(i -> i.id() instanceof Integer n ? n : 0));
        List<Change> out = new ArrayList<>();
        List<Workload.Event> order = new ArrayList<>();
        for (Id id : found) {
            DecodedRecord[] s = stages.get(id);
            String key = s[2].topic + "@" + s[2].offset;
            int schemaId = schemaIds.get(key);
            int version = versions.get(s[2].topic).indexOf(schemaId) + 1;
            Workload.Event event = new Workload.Event(id.table(), id.op());
            order.add(event);
            out.add(new Change(++number, event, s[0], s[1], s[2], schemaId, version));
        }
        if (!order.equals(expected)) {
            throw new IllegalStateException("expected the events " + expected + " in this order, got " + order);
        }
        return out;
    }

    /** Polls until every topic of {@code expected} holds that many records; fails naming the topics that do not. */
    void awaitCounts(Map<String, Integer> expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<String, String> off = new TreeMap<>();
            expected.forEach((topic, n) -> {
                int got = counts.getOrDefault(topic, 0);
                if (got != n) {
                    off.put(topic, got + " of " + n);
                }
            });
            if (off.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("within " + timeout.toSeconds() + " s the topics did not hold the records "
                        + "the workload makes: " + off);
            }
            poll();
        }
    }

    /** Records per topic so far. */
    Map<String, Integer> counts() {
        return Map.copyOf(counts);
    }

    /** Tombstones per raw or masked topic so far. */
    Map<String, Integer> tombstones() {
        return Map.copyOf(tombstones);
    }

    /** The versions (1, 2, ...) seen per final topic, as the registry's schema ids in order. */
    Map<String, List<Integer>> schemaVersions() {
        return Map.copyOf(versions);
    }

    private void poll() {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
            counts.merge(r.topic(), 1, Integer::sum);
            if (r.topic().startsWith(DemoPipeline.PREFIX + ".")) {
                int id = ByteBuffer.wrap(r.value(), 1, 4).getInt();
                schemaIds.put(r.topic() + "@" + r.offset(), id);
                List<Integer> ids = versions.computeIfAbsent(r.topic(), t -> new ArrayList<>());
                if (!ids.contains(id)) {
                    ids.add(id);
                }
            } else if (r.value() == null) {
                tombstones.merge(r.topic(), 1, Integer::sum);
            } else {
                envelopes.computeIfAbsent(r.topic(), t -> new ArrayList<>()).add(ConnectRuntime.decode(r, true));
            }
        }
        if (Files.exists(sinkFile)) {
            try {
                rows = RecordLines.read(sinkFile);
            } catch (RuntimeException e) {
                // a line being written: read it again on the next round
            }
        }
    }

    /** The three stages of the first unpaired event of that table and op, or null while one is missing. */
    private DecodedRecord[] pair(Workload.Event e) {
        DecodedRecord raw = first(DemoPipeline.RAW_PREFIX + "." + e.table(), e.op());
        if (raw == null) {
            return null;
        }
        Id id = identity(raw);
        DecodedRecord masked = null;
        for (DecodedRecord m : envelopes.getOrDefault(DemoPipeline.MASKED_PREFIX + "." + e.table(), List.of())) {
            if (!used.contains(m.topic + "@" + m.offset) && id.equals(identity(m))) {
                masked = m;
                break;
            }
        }
        DecodedRecord row = null;
        for (DecodedRecord f : rows) {
            if (!used.contains(f.topic + "@" + f.offset) && schemaIds.containsKey(f.topic + "@" + f.offset)
                    && id.equals(rowIdentity(f))) {
                row = f;
                break;
            }
        }
        if (masked == null || row == null) {
            return null;
        }
        for (DecodedRecord r : List.of(raw, masked, row)) {
            used.add(r.topic + "@" + r.offset);
        }
        return new DecodedRecord[] {raw, masked, row};
    }

    private DecodedRecord first(String topic, String op) {
        for (DecodedRecord r : envelopes.getOrDefault(topic, List.of())) {
            if (!used.contains(r.topic + "@" + r.offset) && op.equals(((Struct) r.value).getString("op"))) {
                return r;
            }
        }
        return null;
    }

    private static Id identity(DecodedRecord envelopeRecord) {
        Struct envelope = (Struct) envelopeRecord.value;
        Struct source = envelope.getStruct("source");
        String op = envelope.getString("op");
        Struct image = envelope.getStruct(Workload.DELETE.equals(op) ? "before" : "after");
        return new Id(source.getString("schema") + "." + source.getString("table"), op, image.get("id"),
                source.get("lsn"));
    }

    private static Id rowIdentity(DecodedRecord r) {
        Struct row = (Struct) r.value;
        String table = r.topic.substring(DemoPipeline.PREFIX.length() + 1);
        if (table.endsWith(DemoPipeline.DELETES_SUFFIX)) {
            table = table.substring(0, table.length() - DemoPipeline.DELETES_SUFFIX.length());
        }
        return new Id(table, row.getString("__op"), row.get("id"), row.get("__source_lsn"));
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }

    @Override
    public String toString() {
        return "StageFeed" + Objects.toString(counts);
    }
}
