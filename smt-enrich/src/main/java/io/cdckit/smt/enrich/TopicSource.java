/*
 * Over 400 lines because the source is one lifecycle best read in one place: its declared keys,
 * the consumer thread (assign, initial load, follow, outages) and the table it serves. TopicClients
 * makes the consumer and converters; TopicRecords converts one record.
 */
package io.cdckit.smt.enrich;

import io.cdckit.core.config.ConfigKeys;
import io.cdckit.core.config.TransformConfig;
import io.cdckit.smt.enrich.LookupConfig.SourceKind;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.storage.Converter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The {@code topic} source: a compacted Kafka topic held whole in memory, read by a consumer on a
 * daemon thread of its own and matched by the canonical text of the key ({@link KeyText}), so an
 * int32 key field finds the record whose key is the string {@code "7"}. Keys with several parts are
 * joined by {@code topic.key.separator}; a Struct or Map key gives its fields' values
 * ({@link TopicRecords}). The columns, and so the output schema, are the declared
 * {@code topic.columns}; a record whose value does not fit them is skipped with a warning naming the
 * column and the offset.
 *
 * <p>The consumer belongs to no group and commits nothing: it is assigned every partition and reads
 * from the beginning, with {@code topic.consumer.*} settings (secrets among them never shown). The
 * first lookups wait for the initial load, everything up to the end offsets seen at start, at most
 * {@code topic.initial.load.timeout.ms}, then fail with a {@code RetriableException}; afterwards the
 * table follows the topic, a tombstone deleting its key. While the brokers cannot be reached
 * (checked every {@code topic.check.interval.ms}) the table stays as last read, a warning is logged
 * and the consumer keeps trying.
 */
final class TopicSource implements LookupSource {

    private static final Logger LOG = LoggerFactory.getLogger(TopicSource.class);

    static final String NAME = "topic.name";
    static final String BOOTSTRAP_SERVERS = "topic.bootstrap.servers";
    static final String COLUMNS = "topic.columns";
    static final String KEY_CONVERTER = "topic.key.converter";
    static final String VALUE_CONVERTER = "topic.value.converter";
    static final String KEY_FIELDS = "topic.key.fields";
    static final String KEY_SEPARATOR = "topic.key.separator";
    static final String INITIAL_LOAD_TIMEOUT_MS = "topic.initial.load.timeout.ms";
    static final String CHECK_INTERVAL_MS = "topic.check.interval.ms";
    /** The prefix of the consumer's own settings. */
    static final String CONSUMER_PREFIX = "topic.consumer.";

    static final String STRING_CONVERTER = "org.apache.kafka.connect.storage.StringConverter";
    static final String JSON_CONVERTER = "org.apache.kafka.connect.json.JsonConverter";
    /** The consumer thread's name starts so (then the topic). */
    static final String THREAD_PREFIX = "cdckit-lookup-topic-";

    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern BOOTSTRAP_ENTRY = Pattern.compile("\\S+:\\d{1,5}");
    private static final Duration POLL = Duration.ofMillis(500);
    private static final long FIRST_BACKOFF_MS = 500;
    private static final long MAX_BACKOFF_MS = 30_000;
    private static final long CLOSE_WAIT_MS = 10_000;

    static void declare(ConfigKeys keys) {
        keys.string(NAME, null, "source=topic: the compacted topic whose records are the rows, by their keys. It is "
                        + "read whole into memory by a consumer without a group (every partition, from the "
                        + "beginning); its settings go under " + CONSUMER_PREFIX + "* (e.g. " + CONSUMER_PREFIX
                        + "security.protocol), and secrets among them are never shown.")
                .rule(LookupConfig.requiredFor(SourceKind.TOPIC, NAME))
                .rule(LookupConfig.whenSource(SourceKind.TOPIC, values -> values.string(NAME) == null
                        || TOPIC_NAME.matcher(values.string(NAME)).matches() ? null
                        : "must be a topic name (letters, digits, '.', '_' and '-', at most 249)"))
                .string(BOOTSTRAP_SERVERS, null, "source=topic: the brokers of the topic, host:port,... (Connect "
                        + "gives a transform only its own settings, not the worker's).")
                .rule(LookupConfig.requiredFor(SourceKind.TOPIC, BOOTSTRAP_SERVERS))
                .rule(LookupConfig.whenSource(SourceKind.TOPIC, values -> {
                    List<String> entries = values.list(BOOTSTRAP_SERVERS);
                    return entries.stream().allMatch(e -> BOOTSTRAP_ENTRY.matcher(e).matches()) ? null
                            : "must be a list of host:port";
                }))
                .list(COLUMNS, "source=topic: the looked-up columns and their types, as name:type entries (types: "
                        + ColumnType.NAMES + "), e.g. tier:string,credit:int64. A record's value (a struct or a "
                        + "map) gives them by field name, a missing field as null; a record with a value of the "
                        + "wrong type for its column is skipped with a warning.")
                .rule(LookupConfig.requiredFor(SourceKind.TOPIC, COLUMNS))
                .rule(LookupConfig.whenSource(SourceKind.TOPIC, values -> FileSource.declaredProblem(
                        values.list(COLUMNS))))
                .string(KEY_CONVERTER, STRING_CONVERTER, "source=topic: the converter class of the topic's keys; "
                        + "its settings go under " + KEY_CONVERTER + ".* (schemas.enable is false unless set).")
                .rule(LookupConfig.whenSource(SourceKind.TOPIC, values -> TopicClients.converterProblem(
                        values.string(KEY_CONVERTER))))
                .string(VALUE_CONVERTER, JSON_CONVERTER, "source=topic: the converter class of the topic's values; "
                        + "its settings go under " + VALUE_CONVERTER + ".* (schemas.enable is false unless set).")
                .rule(LookupConfig.whenSource(SourceKind.TOPIC, values -> TopicClients.converterProblem(
                        values.string(VALUE_CONVERTER))))
                .list(KEY_FIELDS, "source=topic: the fields of a struct or map key that form the key, in order; "
                        + "empty for every field of a struct key in its schema's order, or the one entry of a map "
                        + "key. A key of any other type is its own text.")
                .string(KEY_SEPARATOR, ",", "source=topic: what joins the parts of a key, both the values of "
                        + "key.fields (when there are several) and the fields of a struct or map key, e.g. a "
                        + "topic key eu,7 for key.fields=region,customer_id.")
                .rule(LookupConfig.whenSource(SourceKind.TOPIC, values -> values.string(KEY_SEPARATOR) == null
                        ? "must not be empty" : null))
                .longValue(INITIAL_LOAD_TIMEOUT_MS, 60_000, 0, 86_400_000L, "source=topic: how long a lookup "
                        + "waits for the initial load (the topic up to its end offsets at start) before it fails "
                        + "with a retriable error.")
                .longValue(CHECK_INTERVAL_MS, 30_000, 100, 86_400_000L, "source=topic: how often the consumer "
                        + "checks that the brokers answer and whether the topic has new partitions (which it learns "
                        + "within its metadata.max.age.ms, 5 minutes by default); while the brokers do not answer, "
                        + "the table stays as last read, a warning is logged and the consumer keeps trying.");
    }

    private final String name;
    private final String topic;
    private final long initialLoadTimeoutMs;
    private final long checkIntervalNanos;
    private final String separator;
    private final TopicRecords records;
    private final Converter keyConverter;
    private final Converter valueConverter;
    private final KafkaConsumer<byte[], byte[]> consumer;
    /** The values of the consumer's secret settings, replaced in whatever the consumer's failures say. */
    private final Set<String> consumerSecrets;
    private final Thread thread;

    /** The table: rows by key text, written by the consumer thread only. */
    private final Map<String, LookupRow> rows = new ConcurrentHashMap<>();
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Object consumerLock = new Object();
    private boolean consumerClosed;
    private volatile boolean closed;
    /** The last problem of the consumer while it fails, for the error of a lookup that waited in vain. */
    private volatile String lastProblem;

    // the consumer thread's own state
    private final Set<TopicPartition> assigned = new HashSet<>();
    private Map<TopicPartition, Long> loadEnd;
    /** When the brokers are next asked for the end offsets ({@link System#nanoTime}). */
    private long nextCheck;
    private int failures;
    private long backoffMs = FIRST_BACKOFF_MS;
    private long skipped;

    private TopicSource(SourceContext context) {
        TransformConfig config = context.config();
        this.name = context.name();
        this.topic = config.getString(NAME).trim();
        this.initialLoadTimeoutMs = config.getLong(INITIAL_LOAD_TIMEOUT_MS);
        this.checkIntervalNanos = TimeUnit.MILLISECONDS.toNanos(config.getLong(CHECK_INTERVAL_MS));
        this.separator = config.getString(KEY_SEPARATOR);
        this.records = new TopicRecords(FileSource.declared(config.getList(COLUMNS)), context.schemaName(),
                config.getList(KEY_FIELDS).stream().map(String::trim).filter(s -> !s.isEmpty()).toList(), separator);
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(TopicSource.class.getClassLoader());
        Converter keys = null;
        Converter values = null;
        Map<String, Object> consumerSettings = TopicClients.consumerSettings(config);
        this.consumerSecrets = TopicClients.consumerSecrets(consumerSettings);
        try {
            keys = TopicClients.converter(config, KEY_CONVERTER, true);
            values = TopicClients.converter(config, VALUE_CONVERTER, false);
            this.consumer = TopicClients.consumer(config, consumerSettings, topic);
        } catch (RuntimeException e) {
            TopicClients.closeQuietly(keys, KEY_CONVERTER);
            TopicClients.closeQuietly(values, VALUE_CONVERTER);
            throw e;
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
        this.keyConverter = keys;
        this.valueConverter = values;
        this.thread = new Thread(this::run, THREAD_PREFIX + topic);
        thread.setDaemon(true);
        thread.setContextClassLoader(TopicSource.class.getClassLoader());
        thread.start();
    }

    static LookupSource open(SourceContext context) {
        return new TopicSource(context);
    }

    // ------------------------------------------------------------------ lookups

    @Override
    public Schema columns() {
        return records.columns();
    }

    @Override
    public boolean remote() {
        return false;
    }

    @Override
    public LookupRow lookup(List<Object> key) {
        if (loaded.getCount() > 0) {
            awaitInitialLoad();
        }
        return rows.get(KeyText.of(key, separator));
    }

    private void awaitInitialLoad() {
        boolean done;
        try {
            done = loaded.await(initialLoadTimeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("interrupted while waiting for the initial load of topic '" + topic + "'");
        }
        if (!done) {
            String problem = lastProblem;
            throw new RetriableException("the table of topic '" + topic + "' is not loaded yet (waited "
                    + initialLoadTimeoutMs + " ms, " + INITIAL_LOAD_TIMEOUT_MS + ")"
                    + (problem == null ? "" : "; the consumer's last problem: " + problem));
        }
    }

    // ------------------------------------------------------------------ the consumer thread

    private void run() {
        try {
            while (!closed) {
                try {
                    step();
                } catch (WakeupException e) {
                    // close() woke the consumer up: the loop ends
                } catch (InterruptException e) {
                    Thread.interrupted();
                    if (!closed) {
                        failed(e);
                    }
                } catch (RuntimeException e) {
                    failed(e);
                }
            }
        } catch (Error e) {
            LOG.error("{}: the consumer of topic '{}' stopped ({}); the table stays as last read", name, topic,
                    e.getClass().getSimpleName());
            throw e;
        } finally {
            closeClients();
        }
    }

    private void step() {
        if (assigned.isEmpty()) {
            assign();
            if (assigned.isEmpty()) {
                failed("the topic has no partitions (does it exist?)");
                return;
            }
        }
        if (loadEnd == null) {
            loadEnd = consumer.endOffsets(assigned);
            reachable();
        }
        ConsumerRecords<byte[], byte[]> batch = consumer.poll(POLL);
        if (!batch.isEmpty()) {
            for (ConsumerRecord<byte[], byte[]> r : batch) {
                take(r);
            }
            reachable();
        }
        if (loaded.getCount() > 0 && reachedLoadEnd()) {
            loaded.countDown();
            LOG.info("{}: loaded topic '{}': {} keys{}", name, topic, rows.size(),
                    skipped == 0 ? "" : ", " + skipped + " records skipped");
        }
        if (System.nanoTime() - nextCheck >= 0) {
            check();
        }
    }

    /** Assigns the topic's partitions (none while the topic cannot be found), each from the beginning. */
    private void assign() {
        List<TopicPartition> partitions = partitions();
        if (!partitions.isEmpty()) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            assigned.addAll(partitions);
            nextCheck = System.nanoTime() + checkIntervalNanos;
        }
    }

    private List<TopicPartition> partitions() {
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        List<TopicPartition> out = new ArrayList<>();
        if (infos != null) {
            infos.forEach(p -> out.add(new TopicPartition(p.topic(), p.partition())));
        }
        return out;
    }

    /** Whether every partition has been read up to its end offset at the start. */
    private boolean reachedLoadEnd() {
        for (Map.Entry<TopicPartition, Long> e : loadEnd.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Asks the brokers for the end offsets (which fails while they cannot be reached) and adds new partitions. */
    private void check() {
        nextCheck = System.nanoTime() + checkIntervalNanos;
        List<TopicPartition> now = partitions();
        if (!assigned.containsAll(now)) {
            Map<TopicPartition, Long> positions = new HashMap<>();
            for (TopicPartition tp : assigned) {
                positions.put(tp, consumer.position(tp));
            }
            List<TopicPartition> added = now.stream().filter(tp -> !assigned.contains(tp)).toList();
            List<TopicPartition> all = new ArrayList<>(assigned);
            all.addAll(added);
            consumer.assign(all);
            positions.forEach(consumer::seek);
            consumer.seekToBeginning(added);
            assigned.addAll(added);
            LOG.info("{}: topic '{}' has {} new partitions, read from the beginning", name, topic, added.size());
        }
        consumer.endOffsets(assigned);
        reachable();
    }

    /** One record into the table: a row put, a tombstone's key removed, or the record skipped. */
    private void take(ConsumerRecord<byte[], byte[]> r) {
        String key;
        try {
            key = records.keyText(read(keyConverter, r, r.key(), "key"));
            if (r.value() == null) {
                rows.remove(key);
                return;
            }
            Object value = read(valueConverter, r, r.value(), "value");
            if (value == null) {
                rows.remove(key);
                return;
            }
            rows.put(key, records.row(value));
        } catch (TopicRecords.Skip e) {
            skipped++;
            LOG.warn("{}: skipped the record at offset {} of topic '{}' partition {}: {}", name, r.offset(), topic,
                    r.partition(), e.getMessage());
        }
    }

    private Object read(Converter converter, ConsumerRecord<byte[], byte[]> r, byte[] bytes, String what)
            throws TopicRecords.Skip {
        SchemaAndValue read;
        try {
            read = converter.toConnectData(topic, r.headers(), bytes);
        } catch (RuntimeException | LinkageError e) { // its message may quote the content
            throw new TopicRecords.Skip("the " + what + " converter cannot read its " + what + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        return read == null ? null : read.value();
    }

    private void reachable() {
        if (failures > 0) {
            LOG.info("{}: reading topic '{}' again after {} failed attempts", name, topic, failures);
        }
        failures = 0;
        backoffMs = FIRST_BACKOFF_MS;
        lastProblem = null;
    }

    private void failed(RuntimeException e) {
        failed(e.getClass().getSimpleName() + ": " + TopicClients.redact(e.getMessage(), consumerSecrets));
    }

    private void failed(String problem) {
        failures++;
        lastProblem = problem;
        boolean ready = loaded.getCount() == 0;
        LOG.warn("{}: cannot read topic '{}' ({}); {}; trying again in {} ms", name, topic, problem,
                ready ? "the table stays as last read" : "the table is not loaded yet", backoffMs);
        try {
            closing.await(backoffMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        nextCheck = System.nanoTime(); // ask again right away: an answer ends the outage
    }

    @SuppressWarnings("deprecation") // close(Duration): Kafka 3.9 has no CloseOptions
    private void closeClients() {
        synchronized (consumerLock) {
            consumerClosed = true;
        }
        try {
            consumer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.debug("{}: closing the consumer of topic '{}' failed ({})", name, topic, e.getClass().getSimpleName());
        }
        TopicClients.closeQuietly(keyConverter, KEY_CONVERTER);
        TopicClients.closeQuietly(valueConverter, VALUE_CONVERTER);
    }

    /** Stops the consumer thread, which closes the consumer: woken up at once, waited for a few seconds. */
    @Override
    public void close() {
        closed = true;
        closing.countDown();
        synchronized (consumerLock) {
            if (!consumerClosed) {
                consumer.wakeup();
            }
        }
        try {
            thread.join(CLOSE_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("{}: the consumer of topic '{}' has not stopped after {} ms", name, topic, CLOSE_WAIT_MS);
        }
    }

    @Override
    public String toString() {
        return "TopicSource(" + topic + ")";
    }
}
