package io.cdckit.smt.unwrap;

import com.fasterxml.jackson.databind.JsonNode;

import io.cdckit.testkit.DecodedRecord;
import io.cdckit.testkit.connect.RecordLines;
import io.cdckit.testkit.connect.ReplaySourceConnector;
import io.cdckit.testkit.fixtures.Fixtures;
import io.cdckit.testkit.junit.ConnectRuntimeExtension;

import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code Unwrap} on a standalone worker ({@code connect-standalone}), installed from the module's
 * plugin archive and nowhere else (the module's classes are kept off the test class path), with
 * connectors created through the REST API as a user would.
 *
 * <p>On Kafka 4.x the connector runs and unwrapped rows arrive. On Kafka 3.9 a standalone worker
 * cannot resolve a {@code plugin.path} transform while it computes task configs for a REST request:
 * the herder thread doing it has the application class loader as its context loader, the lookup
 * fails, the error is dropped (KAFKA-14858) and the request times out with no task started. Kafka
 * 4.0 (KAFKA-16437, Jetty 12) runs REST requests under the worker's plugin loader, which hides it.
 * The 3.9 test pins that limitation; {@link UnwrapStandaloneCommandLineIT} shows the workaround.
 */
class UnwrapStandaloneIT {

    static final String UNWRAP = "io.cdckit.smt.unwrap.Unwrap";

    @RegisterExtension
    static final ConnectRuntimeExtension CONNECT = ConnectRuntimeExtension.withModuleArchive()
            .with(b -> b.standalone());

    @Test
    void unwrapIsOnlyOnThePluginPath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName(UNWRAP));
    }

    @Test
    void restApiRunsAConnectorUsingUnwrap() {
        assumeFalse(kafka39(), "Kafka 3.9 standalone cannot: see onKafka39TheRestApiTimesOutOnAPluginPathTransform");
        CONNECT.runtime().deploy("rest-unwrap", replayCustomers(CONNECT.runtime().workDir(), "rest-unwrap", "rest-customers"));
        CONNECT.runtime().awaitRunning("rest-unwrap", 1);

        assertUnwrappedCustomers(CONNECT.runtime().consumeDecoded("rest-customers", 8, Duration.ofSeconds(60)));
    }

    @Test
    void onKafka39TheRestApiTimesOutOnAPluginPathTransform() {
        assumeTrue(kafka39(), "the Kafka 3.9 standalone limitation (KAFKA-14858 with Jetty 9's thread class loader)");
        CONNECT.runtime().restRequestTimeout(Duration.ofSeconds(5));
        Map<String, String> config = replayCustomers(CONNECT.runtime().workDir(), "stuck-unwrap", "stuck-customers");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CONNECT.runtime().deploy("stuck-unwrap", config));
        assertTrue(e.getMessage().contains("HTTP 500") && e.getMessage().contains("Request timed out"), e.getMessage());
        JsonNode status = CONNECT.runtime().status("stuck-unwrap");
        assertEquals("RUNNING", status.get("connector").get("state").asText(), status.toString());
        assertEquals(0, status.get("tasks").size(), "no task was started: " + status);

        // the same connector with a transform from the worker's class path starts at once
        config.put("name", "classpath-transform");
        config.put("transforms.unwrap.type", "org.apache.kafka.connect.transforms.InsertField$Value");
        config.put("transforms.unwrap.static.field", "via");
        config.put("transforms.unwrap.static.value", "standalone");
        CONNECT.runtime().deploy("classpath-transform", config);
        CONNECT.runtime().awaitRunning("classpath-transform", 1);
    }

    static boolean kafka39() {
        return AppInfoParser.getVersion().startsWith("3.9.");
    }

    /**
     * A replay source named {@code name} for the recorded {@code shop.customers} events (eight
     * change events and a tombstone), written to {@code topic} through {@code Unwrap} with deletes
     * rewritten and the operation added.
     */
    static Map<String, String> replayCustomers(Path work, String name, String topic) {
        List<RecordLines.Line> lines = new ArrayList<>();
        for (DecodedRecord r : customers()) {
            lines.add(new RecordLines.Line(topic, r.keySchema, r.key, r.valueSchema, r.value));
        }
        Path file = work.resolve(name + ".jsonl");
        RecordLines.write(file, lines);
        Map<String, String> config = new HashMap<>();
        config.put("name", name);
        config.put("connector.class", ReplaySourceConnector.class.getName());
        config.put("tasks.max", "1");
        config.put(ReplaySourceConnector.FILE, file.toString());
        config.put("topic.creation.default.replication.factor", "1");
        config.put("topic.creation.default.partitions", "1");
        config.put("transforms", "unwrap");
        config.put("transforms.unwrap.type", UNWRAP);
        config.put("transforms.unwrap.delete.tombstone.handling.mode", "rewrite");
        config.put("transforms.unwrap.add.fields", "op");
        return config;
    }

    /** Every change event of the replay came out as its row image, the tombstone was dropped. */
    static void assertUnwrappedCustomers(List<DecodedRecord> out) {
        List<DecodedRecord> events = new ArrayList<>();
        for (DecodedRecord r : customers()) {
            if (r.value != null) {
                events.add(r);
            }
        }
        assertEquals(events.size(), out.size(), out.toString());
        for (int i = 0; i < events.size(); i++) {
            Struct envelope = (Struct) events.get(i).value;
            Struct image = envelope.getStruct("after") != null ? envelope.getStruct("after") : envelope.getStruct("before");
            Struct row = (Struct) out.get(i).value;
            assertNull(row.schema().field("after"), "a row, not an envelope");
            for (Field f : image.schema().fields()) {
                assertEquals(image.get(f.name()), row.get(f.name()), f.name() + " of event " + i);
            }
            assertEquals(envelope.getString("op"), row.getString("__op"));
            assertEquals(String.valueOf("d".equals(envelope.getString("op"))), row.getString("__deleted"));
        }
    }

    private static List<DecodedRecord> customers() {
        List<DecodedRecord> out = new ArrayList<>();
        for (DecodedRecord r : Fixtures.decoded()) {
            if (r.topic.equals(Fixtures.topic("shop.customers"))) {
                out.add(r);
            }
        }
        return out;
    }
}
