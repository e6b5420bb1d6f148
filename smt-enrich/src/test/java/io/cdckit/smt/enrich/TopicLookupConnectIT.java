package io.cdckit.smt.enrich;

import io.cdckit.testkit.ConnectRuntime;
import io.cdckit.testkit.DecodedRecord;
import io.cdckit.testkit.connect.CaptureSinkConnector;
import io.cdckit.testkit.connect.RecordLines;
import io.cdckit.testkit.junit.ConnectRuntimeExtension;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code Lookup$Value} with {@code source=topic} loaded from the module's plugin archive into a real
 * Connect worker: a sink's orders enriched from a compacted topic of the worker's own Kafka, which
 * changes while the connector runs (an update, a tombstone, a new key), every order counted in the
 * sink's output with the row it got; and the topic source's rules on their keys in Connect's
 * validate endpoint.
 */
class TopicLookupConnectIT {

    @RegisterExtension
    static final ConnectRuntimeExtension CONNECT = ConnectRuntimeExtension.withModuleArchive();

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String LOOKUP = "io.cdckit.smt.enrich.Lookup$Value";
    private static final Schema ORDER = SchemaBuilder.struct().name("shop.orders.Value")
            .field("order_id", Schema.INT64_SCHEMA)
            .field("customer_id", Schema.INT32_SCHEMA)
            .build();
    /** The customer whose row, written after the changes, tells that the connector's table has them. */
    private static final int MARKER = 999;

    private static void reference(ConnectRuntime runtime, String topic, String key, String json) {
        runtime.produceRaw(topic, key.getBytes(StandardCharsets.UTF_8),
                json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    private static void order(ConnectRuntime runtime, long id, int customer) {
        runtime.produce("orders", null, null, ORDER, new Struct(ORDER).put("order_id", id).put("customer_id",
                customer));
    }

    private static Map<String, String> lookupSettings(String prefix, ConnectRuntime runtime) {
        Map<String, String> c = new HashMap<>();
        c.put("transforms", "lookup");
        c.put(prefix + "type", LOOKUP);
        c.put(prefix + "source", "topic");
        c.put(prefix + "key.fields", "customer_id");
        c.put(prefix + "target.field", "customer");
        c.put(prefix + "topic.name", "customers");
        c.put(prefix + "topic.bootstrap.servers", runtime.bootstrapServers());
        c.put(prefix + "topic.columns", "tier:string,credit:int64");
        return c;
    }

    /** Order id, customer id, tier (null on a miss) and credit of a sink's record. */
    private record Enriched(long order, int customer, String tier, Long credit) {
        static Enriched of(DecodedRecord r) {
            Struct value = (Struct) r.value;
            Struct customer = value.getStruct("customer");
            return new Enriched(value.getInt64("order_id"), value.getInt32("customer_id"),
                    customer == null ? null : customer.getString("tier"),
                    customer == null ? null : customer.getInt64("credit"));
        }
    }

    @Test
    void aSinkEnrichesOrdersFromACompactedTopicThatChangesWhileItRuns() throws InterruptedException {
        ConnectRuntime runtime = CONNECT.runtime();
        runtime.kafka().createTopic("customers", 1, 1, Map.of("cleanup.policy", "compact"));
        reference(runtime, "customers", "7", "{\"tier\":\"gold\",\"credit\":1500}");
        reference(runtime, "customers", "8", "{\"tier\":\"silver\",\"credit\":20}");
        runtime.createTopic("orders");
        order(runtime, 1, 7);
        order(runtime, 2, 8);
        order(runtime, 3, 9);

        Path capture = runtime.workDir().resolve("enriched.jsonl");
        Map<String, String> config = CaptureSinkConnector.config("orders", capture);
        config.putAll(lookupSettings("transforms.lookup.", runtime));
        runtime.deploy("enriched", config);
        runtime.awaitRunning("enriched", 1);
        runtime.awaitSinkCaughtUp("enriched", TIMEOUT, "orders");
        List<Enriched> first = RecordLines.read(capture).stream().map(Enriched::of).toList();
        assertEquals(List.of(new Enriched(1, 7, "gold", 1500L), new Enriched(2, 8, "silver", 20L),
                new Enriched(3, 9, null, null)), first, "the initial load");

        reference(runtime, "customers", "7", "{\"tier\":\"platinum\",\"credit\":9000}");
        reference(runtime, "customers", "8", null);
        reference(runtime, "customers", "10", "{\"tier\":\"bronze\"}");
        reference(runtime, "customers", String.valueOf(MARKER), "{\"tier\":\"marker\"}");
        // one partition, read in order: once the marker is in the table, so are the changes before it
        AtomicInteger probes = new AtomicInteger();
        TestUtils.waitForCondition(() -> {
            order(runtime, 1000 + probes.incrementAndGet(), MARKER);
            runtime.awaitSinkCaughtUp("enriched", TIMEOUT, "orders");
            List<DecodedRecord> out = RecordLines.read(capture);
            return Enriched.of(out.get(out.size() - 1)).tier() != null;
        }, TIMEOUT.toMillis(), "the marker row in the connector's table");

        order(runtime, 4, 7);
        order(runtime, 5, 8);
        order(runtime, 6, 10);
        runtime.awaitSinkCaughtUp("enriched", TIMEOUT, "orders");
        List<Enriched> out = RecordLines.read(capture).stream().map(Enriched::of).toList();
        runtime.delete("enriched");

        int n = probes.get();
        assertEquals(3 + n + 3, out.size(), "every order once: " + out);
        assertEquals(first, out.subList(0, 3));
        List<Enriched> expectedProbes = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            expectedProbes.add(new Enriched(1000 + i, MARKER, i == n ? "marker" : null, null));
        }
        assertEquals(expectedProbes, out.subList(3, 3 + n), "the probes: misses until the marker arrived");
        assertEquals(List.of(new Enriched(4, 7, "platinum", 9000L), new Enriched(5, 8, null, null),
                new Enriched(6, 10, "bronze", null)), out.subList(3 + n, out.size()),
                "the update, the tombstone and the new key, read while the connector ran");
    }

    @Test
    void theTopicSourcesRulesShowInValidateOnTheirKeys() {
        ConnectRuntime runtime = CONNECT.runtime();
        String prefix = "transforms.lookup.";
        Map<String, String> config = CaptureSinkConnector.config("orders", Path.of("unused"));
        config.put("name", "validate-topic-lookup");
        config.putAll(lookupSettings(prefix, runtime));
        assertEquals(Map.of(), runtime.validate(CaptureSinkConnector.class.getName(), config).entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix)).collect(java.util.stream.Collectors.toMap(
                        Map.Entry::getKey, Map.Entry::getValue)), "the settings are valid");

        config.remove(prefix + "topic.name");
        config.remove(prefix + "topic.columns");
        config.put(prefix + "topic.value.converter", "com.example.NoSuchConverter");
        config.put(prefix + "topic.bootstrap.servers", "localhost");
        Map<String, List<String>> errors = new HashMap<>();
        runtime.validate(CaptureSinkConnector.class.getName(), config).forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                errors.put(k.substring(prefix.length()), v);
            }
        });
        assertEquals(4, errors.size(), errors.toString());
        assertTrue(errors.get("topic.name").get(0).contains("must be set with source=topic"), errors.toString());
        assertTrue(errors.get("topic.columns").get(0).contains("must be set with source=topic"), errors.toString());
        assertTrue(errors.get("topic.value.converter").get(0).contains("not found"), errors.toString());
        assertTrue(errors.get("topic.bootstrap.servers").get(0).contains("host:port"), errors.toString());
        assertNull(errors.get("topic.key.converter"));
    }
}
