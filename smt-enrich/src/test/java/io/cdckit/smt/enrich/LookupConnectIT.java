package io.cdckit.smt.enrich;

import io.cdckit.core.transform.CdcTransform;
import io.cdckit.testkit.ConnectRuntime;
import io.cdckit.testkit.DecodedRecord;
import io.cdckit.testkit.ValidateTable;
import io.cdckit.testkit.WorkerMetrics;
import io.cdckit.testkit.cdc.EmbeddedPostgresCdc;
import io.cdckit.testkit.connect.RecordLines;
import io.cdckit.testkit.connect.ReplaySourceConnector;
import io.cdckit.testkit.connect.SinkRun;
import io.cdckit.testkit.fixtures.Fixtures;
import io.cdckit.testkit.junit.ConnectRuntimeExtension;
import io.cdckit.testkit.junit.PostgresExtension;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code Lookup} loaded from the module's plugin archive into a real Connect worker: configuration
 * mistakes on their keys in Connect's validate (secrets never shown), the recorded corpus in the
 * sink path with a dead letter queue (counted exactly, no PII in its headers), and a source path
 * whose lookup database is stopped mid-stream and started again: the records wait in Connect's
 * retries, then flow, each exactly once.
 */
class LookupConnectIT {

    static final Duration TIMEOUT = Duration.ofSeconds(120);

    @RegisterExtension
    @Order(1)
    static final PostgresExtension PG = PostgresExtension.restartable();
    @RegisterExtension
    @Order(2)
    static final ConnectRuntimeExtension CONNECT = ConnectRuntimeExtension.withModuleArchive();

    static ValidateTable table(String plugin) {
        return ValidateTable.transform(plugin)
                .base(Map.of("key.fields", "id", "source", "jdbc", "jdbc.url", "jdbc:postgresql://db/x",
                        "jdbc.table", "t", "jdbc.key.columns", "id"))
                .wrong("an unknown source", Map.of("source", "ftp"), "source", "must be one of")
                .wrong("jdbc without a url", Map.of("jdbc.url", ""), "jdbc.url", "must be set with source=jdbc")
                .wrong("a url that is none", Map.of("jdbc.url", "postgres://user:pw-secret@db"), "jdbc.url",
                        "must be a JDBC URL")
                .wrong("a query and a table", Map.of("jdbc.query", "SELECT a FROM t WHERE id = ?"), "jdbc.query",
                        "is exclusive with jdbc.table")
                .wrong("placeholders for another key", Map.of("jdbc.table", "", "jdbc.key.columns", "",
                        "jdbc.query", "SELECT a FROM t WHERE id = ? AND b = ?"), "jdbc.query", "must have one ?")
                .wrong("key columns for another key", Map.of("jdbc.key.columns", "a,b"), "jdbc.key.columns",
                        "must name one column per field")
                .wrong("a refresh after the expiry", Map.of("cache.refresh.after.write.ms", "900000"),
                        "cache.refresh.after.write.ms", "must be less than cache.expire.after.write.ms")
                .wrong("struct mode without a field", Map.of("target.field", ""), "target.field",
                        "must be set with target.mode=struct")
                .wrong("a file without a path", Map.of("source", "file", "file.key.columns", "id"), "file.path",
                        "must be set with source=file")
                .wrong("a file type that is none", Map.of("source", "file", "file.path", "tiers.csv",
                        "file.key.columns", "id", "file.columns", "a:money"), "file.columns",
                        "is not a type")
                .wrong("an unknown miss policy", Map.of("on.missing", "ignore"), "on.missing", "must be one of")
                .wrong("columns of a query", Map.of("jdbc.table", "", "jdbc.key.columns", "", "jdbc.columns", "a",
                        "jdbc.query", "SELECT a FROM t WHERE id = ?"), "jdbc.columns", "is only used with jdbc.table")
                .wrong("file key columns for another key", Map.of("source", "file", "file.path", "tiers.csv",
                        "file.key.columns", "a,b"), "file.key.columns", "must name one column per field")
                .wrong("http without a url", Map.of("source", "http", "http.response.fields", "tier:/tier:string"),
                        "http.url", "must be set with source=http")
                .wrong("http without fields", Map.of("source", "http", "http.url", "https://api.example/c/${0}"),
                        "http.response.fields", "must be set with source=http")
                .wrong("a bad json pointer", Map.of("source", "http", "http.url", "https://api.example/c/${0}",
                        "http.response.fields", "tier:tier:string"), "http.response.fields", "is not a JSON pointer")
                .wrong("a body with GET", Map.of("source", "http", "http.url", "https://api.example/c/${0}",
                        "http.response.fields", "tier:/tier:string", "http.body", "{\"id\": \"${0}\"}"), "http.body",
                        "is only used with http.method=POST")
                .wrong("authorization twice", Map.of("source", "http", "http.url", "https://api.example/c/${0}",
                        "http.response.fields", "tier:/tier:string", "http.auth", "bearer", "http.auth.token",
                        "tok-secret", "http.headers", "Authorization:Bearer hdr-secret"), "http.headers",
                        "sets Authorization")
                .wrong("bearer without its token", Map.of("source", "http", "http.url", "https://api.example/c/${0}",
                        "http.response.fields", "tier:/tier:string", "http.auth", "bearer"), "http.auth.token",
                        "must be set with http.auth=bearer")
                .wrong("basic without its user", Map.of("source", "http", "http.url", "https://api.example/c/${0}",
                        "http.response.fields", "tier:/tier:string", "http.auth", "basic", "http.auth.password",
                        "basic-secret"), "http.auth.user", "must be set with http.auth=basic")
                .wrong("basic without its password", Map.of("source", "http", "http.url",
                        "https://api.example/c/${0}", "http.response.fields", "tier:/tier:string", "http.auth", "basic",
                        "http.auth.user", "ada"), "http.auth.password", "must be set with http.auth=basic")
                .wrong("a topic source without its topic", Map.of("source", "topic", "topic.bootstrap.servers",
                        "broker:9092", "topic.columns", "tier:string"), "topic.name", "must be set with source=topic")
                .wrong("a topic name that is none", Map.of("source", "topic", "topic.name", "a topic",
                        "topic.bootstrap.servers", "broker:9092", "topic.columns", "tier:string"), "topic.name",
                        "must be a topic name")
                .wrong("brokers that are not host:port", Map.of("source", "topic", "topic.name", "tiers",
                        "topic.bootstrap.servers", "broker", "topic.columns", "tier:string"),
                        "topic.bootstrap.servers", "host:port")
                .wrong("a topic without columns", Map.of("source", "topic", "topic.name", "tiers",
                        "topic.bootstrap.servers", "broker:9092"), "topic.columns", "must be set with source=topic")
                .wrong("a topic key converter that is none", Map.of("source", "topic", "topic.name", "tiers",
                        "topic.bootstrap.servers", "broker:9092", "topic.columns", "tier:string",
                        "topic.key.converter", "com.example.NoSuchConverter"), "topic.key.converter", "not found")
                .wrong("a topic value converter that is none", Map.of("source", "topic", "topic.name", "tiers",
                        "topic.bootstrap.servers", "broker:9092", "topic.columns", "tier:string",
                        "topic.value.converter", "com.example.NoSuchConverter"), "topic.value.converter", "not found")
                .wrong("an empty key separator", Map.of("source", "topic", "topic.name", "tiers",
                        "topic.bootstrap.servers", "broker:9092", "topic.columns", "tier:string",
                        "topic.key.separator", ""), "topic.key.separator", "must not be empty")
                .neverShown("pw-secret")
                .neverShown("tok-secret")
                .neverShown("hdr-secret")
                .neverShown("basic-secret");
    }

    static final ValidateTable VALUE = table("io.cdckit.smt.enrich.Lookup$Value");
    static final ValidateTable KEY = table("io.cdckit.smt.enrich.Lookup$Key");

    @Test
    void everyConfigMistakeShowsInValidateOnItsKey() {
        ConnectRuntime runtime = CONNECT.runtime();
        ValidateTable.assertEveryPluginCovered(runtime, VALUE, KEY);
        VALUE.assertAll(runtime);
        KEY.assertAll(runtime);
    }

    /**
     * The corpus's customers looked up by tier in a file that has tiers 1 and 2 only, with
     * {@code on.missing=fail}: each event with an image of another tier goes to the queue, every
     * other is enriched, and none is lost.
     */
    @Test
    void sinkPathLosesNothingAndLeaksNothing() throws IOException {
        Path tiers = CONNECT.runtime().workDir().resolve("tiers.csv");
        Files.writeString(tiers, "level,label\n1,basic\n2,plus\n");
        List<SinkRecord> customers = Fixtures.records("shop.customers");
        int failing = 0;
        for (SinkRecord r : customers) {
            if (r.value() instanceof Struct v) {
                boolean miss = false;
                for (String image : List.of("before", "after")) {
                    Struct row = v.getStruct(image);
                    miss |= row != null && row.getInt16("tier") != 1 && row.getInt16("tier") != 2;
                }
                failing += miss ? 1 : 0;
            }
        }
        assertTrue(failing > 0, "the corpus has customers of tier 3");
        SinkRun run = SinkRun.of(CONNECT.runtime(), "tiered", customers, Map.of("transforms", "tier",
                "transforms.tier.type", "io.cdckit.smt.enrich.Lookup$Value",
                "transforms.tier.source", "file",
                "transforms.tier.key.fields", "tier",
                "transforms.tier.file.path", tiers.toString(),
                "transforms.tier.file.key.columns", "level",
                "transforms.tier.on.missing", "fail"), failing);
        assertEquals(failing, run.deadLetters().size());
        assertEquals(customers.size(), run.out().size() + run.deadLetters().size(), "output + DLQ = input");
        for (DecodedRecord r : run.out()) {
            if (r.value instanceof Struct v) {
                for (String image : List.of("before", "after")) {
                    Struct row = v.getStruct(image);
                    if (row != null) {
                        assertEquals(row.getInt16("tier") == 1 ? "basic" : "plus",
                                row.getStruct("lookup").get("label"), image + " at offset " + r.offset);
                    }
                }
            }
        }
        for (ConsumerRecord<byte[], byte[]> r : run.deadLetters()) {
            Map<String, String> h = ConnectRuntime.headers(r);
            assertTrue(h.get("__connect.errors.exception.message").contains("no row for the key"),
                    h.get("__connect.errors.exception.message"));
            for (String header : h.values()) {
                assertFalse(header != null && header.contains("@example.com"), "no PII in the DLQ headers: " + header);
            }
        }
        if (WorkerMetrics.pluginMetricsSupported()) {
            WorkerMetrics.PluginMBean tier = run.transform("tier");
            assertEquals(customers.size(), tier.number(CdcTransform.RECORDS_IN));
            assertEquals(failing, tier.number(CdcTransform.RECORDS_FAILED));
        }
    }

    static final Schema ORDER = SchemaBuilder.struct().name("orders.Value")
            .field("id", Schema.INT32_SCHEMA)
            .field("customer_id", Schema.INT32_SCHEMA)
            .build();

    /**
     * 300 orders of 300 customers replayed through a jdbc lookup whose query takes a while; the
     * database is stopped once some have arrived and restarted once Connect has retried: every order
     * arrives once, with its customer's tier.
     */
    @Test
    void theLookupDatabaseRestartsMidStreamAndNothingIsLostOrDuplicated() throws Exception {
        int orders = 300;
        EmbeddedPostgresCdc.Database db = PG.server().createDatabase("tiers");
        db.execute("CREATE TABLE customers (id integer PRIMARY KEY, tier text NOT NULL)",
                "INSERT INTO customers SELECT g, 'tier-' || (g % 7) FROM generate_series(1, " + orders + ") g");
        List<RecordLines.Line> lines = new ArrayList<>();
        for (int i = 1; i <= orders; i++) {
            lines.add(new RecordLines.Line("orders", Schema.INT32_SCHEMA, i, ORDER,
                    new Struct(ORDER).put("id", i).put("customer_id", i)));
        }
        Path file = CONNECT.runtime().workDir().resolve("orders.jsonl");
        RecordLines.write(file, lines);
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", ReplaySourceConnector.class.getName());
        config.put("tasks.max", "1");
        config.put(ReplaySourceConnector.FILE, file.toString());
        config.put("errors.retry.timeout", "-1");
        config.put("errors.retry.delay.max.ms", "200");
        config.put("transforms", "tier");
        config.put("transforms.tier.type", "io.cdckit.smt.enrich.Lookup$Value");
        config.put("transforms.tier.source", "jdbc");
        config.put("transforms.tier.key.fields", "customer_id");
        config.put("transforms.tier.jdbc.url", db.jdbcUrl());
        config.put("transforms.tier.jdbc.user", EmbeddedPostgresCdc.USER);
        config.put("transforms.tier.jdbc.query", "SELECT tier FROM customers, pg_sleep(0.02) WHERE id = ?");
        config.put("transforms.tier.jdbc.connection.timeout.ms", "500");
        ConnectRuntime connect = CONNECT.runtime();
        connect.createTopic("orders");
        connect.deploy("restart", config);
        connect.awaitRunning("restart", 1);
        int first = connect.consume("orders", 20, TIMEOUT).size();
        connect.awaitRunning("restart", 1); // a failed task: its trace now
        assertTrue(first >= 20, "the first orders flowed: " + first);
        PG.server().stop();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (WorkerMetrics.task(WorkerMetrics.TASK_ERRORS, "restart", 0).number("total-retries") < 1
                && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // Connect retries the record whose lookup failed
        }
        assertTrue(WorkerMetrics.task(WorkerMetrics.TASK_ERRORS, "restart", 0).number("total-retries") >= 1,
                "an order met the outage mid-stream");
        PG.server().restart();
        List<ConsumerRecord<byte[], byte[]>> out = connect.consume("orders", orders, TIMEOUT);
        connect.awaitRunning("restart", 1);
        connect.delete("restart");
        Map<Integer, Integer> seen = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : out) {
            Struct order = (Struct) ConnectRuntime.decode(r, true).value;
            int id = order.getInt32("id");
            seen.merge(id, 1, Integer::sum);
            assertEquals("tier-" + (id % 7), order.getStruct("lookup").get("tier"), "order " + id);
        }
        assertEquals(orders, seen.size(), "every order arrived");
        assertEquals(Set.of(1), Set.copyOf(seen.values()), "none twice");
    }
}
