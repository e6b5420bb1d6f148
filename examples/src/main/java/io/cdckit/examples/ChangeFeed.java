package io.cdckit.examples;

import io.cdckit.testkit.ConnectRuntime;
import io.cdckit.testkit.DecodedRecord;
import io.cdckit.testkit.connect.RecordLines;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Pairs each record of the raw topic with what the sink received for it after its transforms.
 *
 * <p>The sink (the test kit's {@code CaptureSinkConnector}) appends each record it gets to a file,
 * with the offset it had on the topic. A raw record at offset {@code o} has been unwrapped when the
 * file holds offset {@code o}; it has been dropped by the transform when the sink has moved past
 * {@code o} without writing it: the file holds a later offset, or the sink's consumer group has
 * committed an offset beyond {@code o} (the sink writes before Connect commits).
 */
final class ChangeFeed implements AutoCloseable {

    private final String topic;
    private final Path sinkFile;
    private final String sinkGroup;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Admin admin;
    private final Deque<ConsumerRecord<byte[], byte[]>> pending = new ArrayDeque<>();
    private final Map<Long, DecodedRecord> sinkRecords = new HashMap<>();
    private long sinkMaxOffset = -1;
    private long sinkCommitted = -1;
    private long lastCommitCheck;
    private RuntimeException lastReadError;
    private int count;

    ChangeFeed(String bootstrapServers, String topic, Path sinkFile, String sinkConnector) {
        this.topic = topic;
        this.sinkFile = sinkFile;
        this.sinkGroup = "connect-" + sinkConnector;
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        TopicPartition tp = new TopicPartition(topic, 0);
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** The next change event of the topic with its outcome, waiting up to {@code timeout} for both. */
    Change next(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (pending.isEmpty()) {
                consumer.poll(Duration.ofMillis(100)).forEach(pending::add);
            } else {
                Change c = resolve(pending.peek());
                if (c != null) {
                    pending.poll();
                    return c;
                }
                sleep(50);
            }
            if (System.nanoTime() > deadline) {
                throw timeout(timeout);
            }
        }
    }

    private Change resolve(ConsumerRecord<byte[], byte[]> r) {
        readSinkFile();
        DecodedRecord out = sinkRecords.get(r.offset());
        if (out == null && sinkMaxOffset <= r.offset()) {
            if (!sinkCommittedBeyond(r.offset())) {
                return null;
            }
            readSinkFile(); // the sink wrote before it committed: read once more
            out = sinkRecords.get(r.offset());
        }
        return new Change(++count, ConnectRuntime.decode(r, true), out);
    }

    private void readSinkFile() {
        List<DecodedRecord> all;
        try {
            all = RecordLines.read(sinkFile);
            lastReadError = null;
        } catch (RuntimeException e) {
            lastReadError = e; // a line being written: read again later
            return;
        }
        for (DecodedRecord d : all) {
            sinkRecords.putIfAbsent(d.offset, d);
            sinkMaxOffset = Math.max(sinkMaxOffset, d.offset);
        }
    }

    private boolean sinkCommittedBeyond(long offset) {
        if (sinkCommitted > offset) {
            return true;
        }
        long now = System.nanoTime();
        if (now - lastCommitCheck < TimeUnit.MILLISECONDS.toNanos(200)) {
            return false;
        }
        lastCommitCheck = now;
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(sinkGroup)
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            OffsetAndMetadata o = offsets.get(new TopicPartition(topic, 0));
            if (o != null) {
                sinkCommitted = o.offset();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            return false; // the group does not exist yet: ask again later
        }
        return sinkCommitted > offset;
    }

    private IllegalStateException timeout(Duration timeout) {
        String what = pending.isEmpty()
                ? "no change event arrived on topic " + topic + " within " + timeout.toSeconds() + " s"
                        + " (received " + count + " so far)"
                : "the sink did not process offset " + pending.peek().offset() + " of " + topic + " within "
                        + timeout.toSeconds() + " s";
        return new IllegalStateException(what, lastReadError);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        try {
            consumer.close();
        } finally {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
