package io.cdckit.converters.it;

import io.cdckit.converters.avro.AvroConverter;
import io.cdckit.converters.avro.OrderSchemas;
import io.cdckit.converters.registry.MeteredSchemaRegistry;
import io.cdckit.converters.registry.FakeRegistryServer;
import io.cdckit.converters.registry.RegistryUnavailableException;
import io.cdckit.testkit.ConnectRuntime;
import io.cdckit.testkit.DecodedRecord;
import io.cdckit.testkit.ValidateTable;
import io.cdckit.testkit.WorkerMetrics;
import io.cdckit.testkit.connect.CaptureSinkConnector;
import io.cdckit.testkit.connect.RecordLines;
import io.cdckit.testkit.junit.ConnectRuntimeExtension;
import io.cdckit.testkit.registry.ApicurioRegistry;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link AvroConverter} against a real schema registry (Apicurio Registry, Confluent-compatible API,
 * global rule BACKWARD), in-process and inside a real Connect worker that loads the converter from
 * the module's plugin archive.
 */
class AvroConverterRegistryIT {

    static ApicurioRegistry registry;

    @RegisterExtension
    static final ConnectRuntimeExtension CONNECT = ConnectRuntimeExtension.withModuleArchive()
            .with(b -> b.workerProperty("config.providers", "file")
                    .workerProperty("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider"));

    @BeforeAll
    static void startRegistry() {
        registry = ApicurioRegistry.builder().backwardCompatibility().start();
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    private static AvroConverter converter(String... kv) {
        Map<String, String> c = new HashMap<>();
        c.put("schema.registry.url", registry.ccompatUrl());
        for (int i = 0; i < kv.length; i += 2) {
            c.put(kv[i], kv[i + 1]);
        }
        AvroConverter conv = new AvroConverter();
        conv.configure(c, false);
        return conv;
    }

    /** The converter's wrong configurations (see {@link ValidateTable}). */
    static final ValidateTable AVRO = ValidateTable.converter(AvroConverter.class.getName())
            .base(Map.of(AvroConverter.SCHEMA_REGISTRY_URL, "mem://validate"))
            .neverShown("pa55word")
            .wrong("a registry URL without a scheme", Map.of(AvroConverter.SCHEMA_REGISTRY_URL, "registry:8081"),
                    AvroConverter.SCHEMA_REGISTRY_URL, "'registry:8081' must start with mem://, http:// or https://")
            .wrong("credentials in a URL without a scheme", Map.of(AvroConverter.SCHEMA_REGISTRY_URL,
                    "user:pa55word@registry:8081"), AvroConverter.SCHEMA_REGISTRY_URL, "'registry:8081' must start")
            .wrong("mem:// beside another URL", Map.of(AvroConverter.SCHEMA_REGISTRY_URL,
                    "mem://a,http://registry:8081"), AvroConverter.SCHEMA_REGISTRY_URL, "must be the only")
            .wrong("a URL without a host", Map.of(AvroConverter.SCHEMA_REGISTRY_URL, "http:///apis"),
                    AvroConverter.SCHEMA_REGISTRY_URL, "has no host")
            .without("no registry URL", AvroConverter.SCHEMA_REGISTRY_URL, AvroConverter.SCHEMA_REGISTRY_URL,
                    AvroConverter.SCHEMA_REGISTRY_URL)
            .wrong("basic auth and a bearer token", Map.of(AvroConverter.BASIC_AUTH_USER_INFO, "user:pa55word",
                    AvroConverter.BEARER_AUTH_TOKEN, "t0ken"), AvroConverter.BEARER_AUTH_TOKEN, "not both")
            .wrong("an empty secret", Map.of(AvroConverter.BEARER_AUTH_TOKEN, ""), AvroConverter.BEARER_AUTH_TOKEN,
                    AvroConverter.BEARER_AUTH_TOKEN)
            .wrong("an unknown credentials source", Map.of(AvroConverter.BASIC_AUTH_SOURCE, "SASL"),
                    AvroConverter.BASIC_AUTH_SOURCE, "USER_INFO")
            .wrong("an unknown subject strategy", Map.of(AvroConverter.VALUE_SUBJECT_NAME_STRATEGY, "by-table"),
                    AvroConverter.VALUE_SUBJECT_NAME_STRATEGY, "topic")
            .wrong("version 0 as the read schema", Map.of(AvroConverter.READ_SCHEMA, "0"), AvroConverter.READ_SCHEMA,
                    "must be writer, latest or a version number >= 1");

    @Test
    void everyConfigMistakeShowsInValidateOnItsKeyWithoutSecrets() {
        ValidateTable.assertEveryPluginCovered(CONNECT.runtime(), AVRO);
        AVRO.assertAll(CONNECT.runtime());
    }

    @Test
    void roundTripEvolutionAndExplainedRejectionAgainstApicurio() {
        AvroConverter c = converter();
        byte[] v1 = c.fromConnectData("it-orders", OrderSchemas.V1, OrderSchemas.v1(1));
        SchemaAndValue back = converter().toConnectData("it-orders", v1);
        assertEquals(OrderSchemas.V1, back.schema());
        assertEquals(OrderSchemas.v1(1), back.value());

        byte[] v2 = c.fromConnectData("it-orders", OrderSchemas.V2, new Struct(OrderSchemas.V2)
                .put("id", 2L).put("amount", new BigDecimal("3.00")).put("coupon", "C"));
        assertEquals(List.of(1, 2), c.registry().versions("it-orders-value"));

        // Apicurio reports NONE for its startup rule: the registry refuses, the converter explains
        Struct bad = new Struct(OrderSchemas.BAD).put("id", 3).put("amount", new BigDecimal("1.00")).put("region", "x");
        DataException refused = assertThrows(DataException.class,
                () -> c.fromConnectData("it-orders", OrderSchemas.BAD, bad));
        assertTrue(refused.getMessage().contains("the registry refused the schema for subject 'it-orders-value'"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("id: type mismatch, old long, new int"), refused.getMessage());
        // with the level configured, the check is client-side: nothing is sent
        DataException checked = assertThrows(DataException.class,
                () -> converter("compatibility.level", "BACKWARD").fromConnectData("it-orders", OrderSchemas.BAD, bad));
        assertTrue(checked.getMessage().contains("not registered. Schema for subject 'it-orders-value' is not BACKWARD compatible"),
                checked.getMessage());
        assertEquals(List.of(1, 2), c.registry().versions("it-orders-value"));

        AvroConverter latest = converter("read.schema", "latest");
        assertEquals(OrderSchemas.V2, latest.toConnectData("it-orders", v1).schema());
        assertEquals(OrderSchemas.V2, latest.toConnectData("it-orders", v2).schema());
    }

    /**
     * A source pipeline writes through the converter loaded from the plugin archive; the table's
     * schema changes mid-stream: a compatible change (a new optional column) flows on, an
     * incompatible one (a narrowed key column and a required column) stops the task with the
     * explanation, and nothing after it is written.
     */
    @Test
    void sourcePipelineStopsAtAnIncompatibleChangeWithTheExplanation() throws Exception {
        String topic = "it-src-orders";
        CONNECT.runtime().createTopic(topic);
        Path file = CONNECT.runtime().workDir().resolve("src-orders.jsonl");
        Struct bad = new Struct(OrderSchemas.BAD).put("id", 9).put("amount", new BigDecimal("9.00")).put("region", "r");
        RecordLines.write(file, List.of(
                new RecordLines.Line(topic, null, null, OrderSchemas.V1, OrderSchemas.v1(1)),
                new RecordLines.Line(topic, null, null, OrderSchemas.V1, OrderSchemas.v1(2)),
                new RecordLines.Line(topic, null, null, OrderSchemas.V2, new Struct(OrderSchemas.V2).put("id", 3L)
                        .put("amount", new BigDecimal("3.00")).put("coupon", "c3")),
                new RecordLines.Line(topic, null, null, OrderSchemas.BAD, bad),
                new RecordLines.Line(topic, null, null, OrderSchemas.V2, new Struct(OrderSchemas.V2).put("id", 5L)
                        .put("amount", new BigDecimal("5.00")))));
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", io.cdckit.testkit.connect.ReplaySourceConnector.class.getName());
        config.put("tasks.max", "1");
        config.put(io.cdckit.testkit.connect.ReplaySourceConnector.FILE, file.toString());
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", AvroConverter.class.getName());
        config.put("value.converter.schema.registry.url", registry.ccompatUrl());
        config.put("value.converter.compatibility.level", "BACKWARD");
        CONNECT.runtime().deploy("avro-source", config);
        CONNECT.runtime().awaitTasksFailed("avro-source", 1);
        String trace = CONNECT.runtime().status("avro-source").get("tasks").get(0).get("trace").asText();
        CONNECT.runtime().delete("avro-source");
        assertTrue(trace.contains("AvroConverter: not registered. Schema for subject 'it-src-orders-value' is not "
                + "BACKWARD compatible with version 2"), trace);
        assertTrue(trace.contains("id: type mismatch, old long, new int"), trace);

        // what the failed task had already handed to its producer may or may not have been flushed;
        // nothing at or after the incompatible record is ever written
        List<ConsumerRecord<byte[], byte[]>> written = CONNECT.runtime().consume(topic, 3, Duration.ofSeconds(15));
        assertTrue(written.size() <= 3, "written " + written.size());
        AvroConverter reader = converter("read.schema", "latest");
        for (ConsumerRecord<byte[], byte[]> r : written) {
            SchemaAndValue v = reader.toConnectData(topic, r.value());
            assertEquals(OrderSchemas.V2, v.schema());
            assertTrue(((Struct) v.value()).getInt64("id") <= 3L);
        }
        assertEquals(List.of(1, 2), converter().registry().versions("it-src-orders-value"), "BAD never registered");
    }

    /**
     * Registry credentials through a Kafka config provider: the connector config holds only a
     * {@code ${file:...}} reference, the worker resolves it, and the converter (from the archive)
     * authenticates with it (the registry here requires basic auth).
     */
    @Test
    void credentialsComeThroughAConfigProvider() throws Exception {
        try (io.cdckit.converters.registry.FakeRegistryServer secured = new io.cdckit.converters.registry.FakeRegistryServer(false)) {
            String expected = "Basic " + java.util.Base64.getEncoder()
                    .encodeToString("cdc:s3cret".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            secured.requiredAuthorization = expected;
            Path secrets = CONNECT.runtime().workDir().resolve("registry-secrets.properties");
            java.nio.file.Files.writeString(secrets, "registry.userinfo=cdc:s3cret\n");

            String topic = "it-auth-in";
            CONNECT.runtime().createTopic(topic);
            AvroConverter producer = new AvroConverter();
            producer.configure(Map.of("schema.registry.url", secured.url(), "basic.auth.user.info", "cdc:s3cret"), false);
            for (int i = 0; i < 3; i++) {
                CONNECT.runtime().produceRaw(topic, null, producer.fromConnectData(topic, OrderSchemas.V1, OrderSchemas.v1(i)));
            }
            Path capture = CONNECT.runtime().workDir().resolve("auth-sink.jsonl");
            Map<String, String> config = CaptureSinkConnector.config(topic, capture);
            config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
            config.put("value.converter", AvroConverter.class.getName());
            config.put("value.converter.schema.registry.url", secured.url());
            config.put("value.converter.basic.auth.user.info", "${file:" + secrets + ":registry.userinfo}");
            CONNECT.runtime().deploy("auth-sink", config);
            CONNECT.runtime().awaitRunning("auth-sink", 1);
            CONNECT.runtime().awaitSinkCaughtUp("auth-sink", Duration.ofSeconds(60), topic);
            List<DecodedRecord> out = RecordLines.read(capture);
            CONNECT.runtime().delete("auth-sink");
            assertEquals(3, out.size());
            assertEquals(OrderSchemas.v1(2), out.get(2).value);
            assertTrue(secured.authorizations.stream().allMatch(expected::equals), "every request authenticated");
        }
    }

    /**
     * A registry outage in the sink path of the real runtime: the converter (from the archive) cannot
     * fetch the schema of a record and, its own retries spent (none here), throws a
     * RetriableException. What happens next is the connector's error settings: within
     * errors.retry.timeout Connect retries, and the record arrives once the registry answers again;
     * with the defaults (no retry time, errors.tolerance=none) the task fails on Kafka 4.x, and Kafka
     * 3.9 skips the record without failing (KAFKA-18073, fixed in 4.0), as README.md says.
     */
    @Test
    void aRegistryOutageIsRetriedOnlyWithinErrorsRetryTimeout() throws Exception {
        try (FakeRegistryServer flaky = new FakeRegistryServer(false)) {
            String topic = "it-outage-in";
            CONNECT.runtime().createTopic(topic);
            AvroConverter producer = new AvroConverter();
            producer.configure(Map.of("schema.registry.url", flaky.url()), false);
            CONNECT.runtime().produceRaw(topic, null, producer.fromConnectData(topic, OrderSchemas.V1, OrderSchemas.v1(1)));

            flaky.failNextRequests(3); // the first three lookups fail, the fourth is answered
            Path retried = CONNECT.runtime().workDir().resolve("outage-retried.jsonl");
            Map<String, String> config = outageSink(topic, retried, flaky.url());
            config.put("errors.retry.timeout", "60000");
            config.put("errors.retry.delay.max.ms", "1000");
            CONNECT.runtime().deploy("outage-retried", config);
            CONNECT.runtime().awaitRunning("outage-retried", 1);
            CONNECT.runtime().awaitSinkCaughtUp("outage-retried", Duration.ofSeconds(60), topic);
            List<DecodedRecord> out = RecordLines.read(retried);
            CONNECT.runtime().delete("outage-retried");
            assertEquals(1, out.size());
            assertEquals(OrderSchemas.v1(1), out.get(0).value);
            assertEquals(4, flaky.requestCount("GET /schemas/ids/"), "three failed lookups, then the one answered");

            flaky.failNextRequests(Integer.MAX_VALUE); // down for good; the connector keeps Connect's defaults
            Path defaults = CONNECT.runtime().workDir().resolve("outage-defaults.jsonl");
            CONNECT.runtime().deploy("outage-defaults", outageSink(topic, defaults, flaky.url()));
            if (Integer.parseInt(AppInfoParser.getVersion().split("\\.")[0]) >= 4) {
                CONNECT.runtime().awaitTasksFailed("outage-defaults", 1);
                String trace = CONNECT.runtime().status("outage-defaults").get("tasks").get(0).get("trace").asText();
                assertTrue(trace.contains(RegistryUnavailableException.class.getName()), trace);
            } else {
                CONNECT.runtime().awaitRunning("outage-defaults", 1);
                CONNECT.runtime().awaitSinkCaughtUp("outage-defaults", Duration.ofSeconds(60), topic);
                assertEquals(List.of(), RecordLines.read(defaults), "Kafka 3.9 skips the record");
                CONNECT.runtime().awaitRunning("outage-defaults", 1);
            }
            CONNECT.runtime().delete("outage-defaults");
        }
    }

    /** A capturing sink reading Avro values through {@code registryUrl}, without client-side retries. */
    private static Map<String, String> outageSink(String topic, Path capture, String registryUrl) {
        Map<String, String> config = CaptureSinkConnector.config(topic, capture);
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", AvroConverter.class.getName());
        config.put("value.converter.schema.registry.url", registryUrl);
        config.put("value.converter.max.retries", "0");
        return config;
    }

    @Test
    void sinkReadsAvroWithOneSchemaAndBadBytesGoToTheDeadLetterQueue() throws Exception {
        String topic = "it-avro-in";
        CONNECT.runtime().createTopic(topic);
        AvroConverter producer = converter();
        int good = 0;
        for (int i = 0; i < 6; i++) {
            byte[] bytes = i < 3
                    ? producer.fromConnectData(topic, OrderSchemas.V1, OrderSchemas.v1(i))
                    : producer.fromConnectData(topic, OrderSchemas.V2, new Struct(OrderSchemas.V2)
                            .put("id", (long) i).put("amount", new BigDecimal("1.00")).put("coupon", "c" + i));
            CONNECT.runtime().produceRaw(topic, null, bytes);
            good++;
        }
        CONNECT.runtime().produceRaw(topic, null, new byte[]{7, 7, 7, 7, 7, 7}); // not the wire format
        CONNECT.runtime().produceRaw(topic, null, new byte[]{0, 0, 0, 0x7f, 0x7f, 1}); // unknown schema id

        Path capture = CONNECT.runtime().workDir().resolve("avro-sink.jsonl");
        Map<String, String> config = CaptureSinkConnector.config(topic, capture);
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", AvroConverter.class.getName());
        config.put("value.converter.schema.registry.url", registry.ccompatUrl());
        config.put("value.converter.read.schema", "latest");
        config.putAll(CaptureSinkConnector.deadLetterQueue("it-avro-dlq"));
        CONNECT.runtime().deploy("avro-sink", config);
        CONNECT.runtime().awaitRunning("avro-sink", 1);

        CONNECT.runtime().awaitSinkCaughtUp("avro-sink", Duration.ofSeconds(60), topic);
        List<DecodedRecord> out = RecordLines.read(capture);
        List<ConsumerRecord<byte[], byte[]>> dlq = CONNECT.runtime().consumeDeadLetters("it-avro-dlq", 2, Duration.ofSeconds(60));
        List<WorkerMetrics.PluginMBean> metrics = WorkerMetrics.plugins("avro-sink");
        CONNECT.runtime().delete("avro-sink");

        if (WorkerMetrics.pluginMetricsSupported()) {
            WorkerMetrics.PluginMBean avro = metrics.stream().filter(m -> "value".equals(m.tags().get("converter")))
                    .findFirst().orElseThrow(() -> new AssertionError("no value converter metrics in " + metrics));
            assertEquals(Map.of("connector", "avro-sink", "task", "0", "converter", "value"), avro.tags());
            assertEquals(good, avro.number(AvroConverter.RECORDS_CONVERTED));
            assertEquals(dlq.size(), avro.number(AvroConverter.RECORDS_FAILED));
            assertEquals(2, avro.number(AvroConverter.PLAN_CACHE_SIZE), "one read plan per schema id written");
            double hits = avro.number(AvroConverter.PLAN_CACHE_HIT_RATIO);
            assertTrue(hits > 0 && hits < 1, "records after the first of each id need no registry call: " + hits);
            assertTrue(avro.number(MeteredSchemaRegistry.REQUESTS) >= 2, avro.toString());
            assertTrue(avro.number(MeteredSchemaRegistry.ERRORS) >= 1, "the unknown id: " + avro);
            assertTrue(avro.number(MeteredSchemaRegistry.TIME_MAX) > 0, avro.toString());
        } else {
            assertEquals(List.of(), metrics, "Kafka 3.9 has no plugin metrics");
        }

        assertEquals(8, out.size() + dlq.size(), "every record is in the output or in the DLQ");
        assertEquals(good, out.size());
        for (DecodedRecord r : out) {
            assertEquals(OrderSchemas.V2, r.valueSchema, "one schema for the sink across the change");
        }
        assertEquals("c5", ((Struct) out.get(5).value).get("coupon"));
        for (ConsumerRecord<byte[], byte[]> r : dlq) {
            Map<String, String> h = ConnectRuntime.headers(r);
            assertEquals("VALUE_CONVERTER", h.get("__connect.errors.stage"));
            assertTrue(h.get("__connect.errors.exception.message").startsWith("AvroConverter: "),
                    h.get("__connect.errors.exception.message"));
        }
    }
}
