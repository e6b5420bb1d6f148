package io.cdckit.smt.enrich;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real one-broker Kafka (Kafka's {@code EmbeddedKafkaCluster}, in-process KRaft) for the topic
 * source's tests: compacted topics of their own for each test, and records written into them as
 * text (a null value is a tombstone), each acknowledged before the next.
 */
final class ReferenceTopics implements AutoCloseable {

    private static final AtomicInteger TOPICS = new AtomicInteger();

    private final EmbeddedKafkaCluster kafka;
    private final KafkaProducer<byte[], byte[]> producer;

    private ReferenceTopics(EmbeddedKafkaCluster kafka) {
        this.kafka = kafka;
        this.producer = kafka.createProducer(Map.of());
    }

    static ReferenceTopics start() {
        EmbeddedKafkaCluster kafka = new EmbeddedKafkaCluster(1, new Properties());
        kafka.start();
        return new ReferenceTopics(kafka);
    }

    EmbeddedKafkaCluster kafka() {
        return kafka;
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** A new compacted topic, {@code name} followed by a number. */
    String compacted(String name, int partitions) {
        String topic = name + "-" + TOPICS.incrementAndGet();
        kafka.createTopic(topic, partitions, 1, Map.of("cleanup.policy", "compact"));
        return topic;
    }

    /** Writes one record of UTF-8 text (a null value: a tombstone) and waits for the broker's answer. */
    void send(String topic, String key, String value) {
        send(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes one record of UTF-8 text into {@code partition}. */
    void send(String topic, int partition, String key, String value) {
        send(new ProducerRecord<>(topic, partition, key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8)));
    }

    void send(String topic, byte[] key, byte[] value) {
        send(new ProducerRecord<>(topic, key, value));
    }

    /** Grows {@code topic} to {@code partitions} partitions. */
    void addPartitions(String topic, int partitions) {
        try (Admin admin = kafka.createAdminClient()) {
            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(partitions))).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("adding partitions to " + topic + " failed", e);
        }
    }

    private void send(ProducerRecord<byte[], byte[]> record) {
        String topic = record.topic();
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("writing to " + topic + " failed", e);
        }
    }

    @Override
    public void close() {
        try {
            producer.close();
        } finally {
            kafka.stop();
        }
    }
}
