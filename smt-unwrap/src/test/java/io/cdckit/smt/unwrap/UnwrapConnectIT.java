package io.cdckit.smt.unwrap;

import io.cdckit.core.transform.CdcTransform;
import io.cdckit.testkit.fixtures.Fixtures;
import io.cdckit.testkit.ConnectRuntime;
import io.cdckit.testkit.DecodedRecord;
import io.cdckit.testkit.ValidateTable;
import io.cdckit.testkit.WorkerMetrics;
import io.cdckit.testkit.connect.SinkRun;
import io.cdckit.testkit.junit.ConnectRuntimeExtension;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code Unwrap} and {@code ChangedFields} loaded from the module's plugin archive into a real
 * Connect worker, in the sink path, fed the recorded corpus as the bytes Debezium wrote: with
 * {@code errors.tolerance=all} and a dead letter queue every input record ends up in the output,
 * in the DLQ, or dropped by the configured mode, and the counts add up (in the worker's plugin
 * metrics too, on Kafka 4.1+). Also: both transforms are
 * discovered with the project version, and every configuration mistake (a bad value, keys that
 * exclude each other) fails Connect's validate endpoint on its key with configure()'s message.
 */
class UnwrapConnectIT {

    @RegisterExtension
    static final ConnectRuntimeExtension CONNECT = ConnectRuntimeExtension.withModuleArchive();

    @Test
    void sinkPathWithDeadLetterQueueLosesNothing() {
        String topic = "unwrap-dlq";
        List<SinkRecord> corpus = Fixtures.records();
        int tombstones = 0;
        int truncates = 0;
        int products = 0;
        int otherRows = 0;
        for (SinkRecord r : corpus) {
            if (r.value() == null) {
                tombstones++;
            } else if ("t".equals(((Struct) r.value()).getString("op"))) {
                truncates++;
            } else if (r.topic().endsWith(".products")) {
                products++;
            } else {
                otherRows++;
            }
        }
        // only products have a 'code' column: the rows of other tables cannot be routed and go to the DLQ
        SinkRun run = SinkRun.of(CONNECT.runtime(), topic, corpus, Map.of("transforms", "unwrap",
                "transforms.unwrap.type", "io.cdckit.smt.unwrap.Unwrap",
                "transforms.unwrap.delete.tombstone.handling.mode", "rewrite",
                "transforms.unwrap.route.by.field", "code"), otherRows);
        List<DecodedRecord> out = run.out();
        List<ConsumerRecord<byte[], byte[]>> dlq = run.deadLetters();
        List<WorkerMetrics.PluginMBean> metrics = run.metrics();

        if (WorkerMetrics.pluginMetricsSupported()) {
            // the worker's own count of the transform's work, tagged with connector, task and alias
            WorkerMetrics.PluginMBean unwrap = run.transform("unwrap");
            assertEquals(Map.of("connector", "unwrap-dlq", "task", "0", "transformation", "unwrap"), unwrap.tags());
            assertEquals(corpus.size(), unwrap.number(CdcTransform.RECORDS_IN));
            assertEquals(out.size(), unwrap.number(CdcTransform.RECORDS_OUT));
            assertEquals(dlq.size(), unwrap.number(CdcTransform.RECORDS_FAILED));
            assertEquals(tombstones + truncates, unwrap.number(CdcTransform.RECORDS_DROPPED));
            int schemas = (int) corpus.stream().map(SinkRecord::valueSchema).distinct().count();
            assertTrue(unwrap.number(CdcTransform.PLAN_CACHE_SIZE) >= 1
                    && unwrap.number(CdcTransform.PLAN_CACHE_SIZE) <= schemas, unwrap.toString());
            double hits = unwrap.number(CdcTransform.PLAN_CACHE_HIT_RATIO);
            assertTrue(hits > 0.5 && hits < 1, "most records reuse a compiled plan: " + hits);
        } else {
            assertEquals(List.of(), metrics, "Kafka 3.9 has no plugin metrics");
        }

        assertEquals(corpus.size(), out.size() + dlq.size() + tombstones + truncates,
                "every record is in the output, in the DLQ, or dropped by the mode (tombstones, truncates)");
        assertEquals(products, out.size());
        assertEquals(otherRows, dlq.size());
        for (DecodedRecord r : out) {
            Struct row = (Struct) r.value;
            String code = row.getString("code");
            // a delete under the default replica identity carries the key only: Debezium fills the
            // NOT NULL column with an empty string, and a blank routing value keeps the topic
            assertEquals(code.isEmpty() ? topic : code, r.topic, "routed by the code column");
            assertEquals(code.isEmpty() ? "true" : "false", row.getString("__deleted"));
        }
        for (ConsumerRecord<byte[], byte[]> r : dlq) {
            Map<String, String> h = ConnectRuntime.headers(r);
            String msg = h.get("__connect.errors.exception.message");
            assertTrue(msg.startsWith("Unwrap: route.by.field names no field of the "), msg);
            assertTrue(msg.contains("(field 'code') [topic '" + topic + "', partition 0, offset "), msg);
            assertEquals("io.cdckit.smt.unwrap.Unwrap", h.get("__connect.errors.class.name"));
            assertFalse(msg.contains("@example"), "no values in the message");
        }
    }

    @Test
    void bothTransformsAreDiscoveredWithTheProjectVersion() {
        int found = 0;
        for (com.fasterxml.jackson.databind.JsonNode p : CONNECT.runtime().get("connector-plugins?connectorsOnly=false")) {
            String cls = p.get("class").asText();
            if (cls.equals("io.cdckit.smt.unwrap.Unwrap") || cls.equals("io.cdckit.smt.unwrap.ChangedFields")) {
                assertEquals(io.cdckit.core.CdckitVersion.VERSION, p.get("version").asText(), cls);
                found++;
            }
        }
        assertEquals(2, found);
    }

    /** The plugins of this archive and their wrong configurations (see {@link ValidateTable}). */
    static final ValidateTable UNWRAP = ValidateTable.transform("io.cdckit.smt.unwrap.Unwrap")
            .wrong("legacy delete.handling.mode with the new key", Map.of(Unwrap.DELETE_HANDLING_MODE, "rewrite",
                    Unwrap.DELETE_TOMBSTONE_HANDLING_MODE, "drop"), Unwrap.DELETE_TOMBSTONE_HANDLING_MODE,
                    "cannot be combined with the legacy delete.handling.mode")
            .wrong("legacy drop.tombstones with the new key", Map.of(Unwrap.DROP_TOMBSTONES, "false",
                    Unwrap.DELETE_TOMBSTONE_HANDLING_MODE, "rewrite"), Unwrap.DELETE_TOMBSTONE_HANDLING_MODE,
                    "cannot be combined with the legacy drop.tombstones")
            .wrong("two add.fields entries named alike", Map.of(Unwrap.ADD_FIELDS, "op:op,op"), Unwrap.ADD_FIELDS,
                    "entries 'op:op' and 'op' both give the field '__op'")
            .wrong("a rename that meets a qualified name", Map.of(Unwrap.ADD_FIELDS, "source.ts_ms,ts_ms:source_ts_ms",
                    Unwrap.ADD_FIELDS_PREFIX, "_"), Unwrap.ADD_FIELDS, "both give the field '_source_ts_ms'")
            .wrong("two add.headers entries named alike", Map.of(Unwrap.ADD_HEADERS, "table,source.table:table"),
                    Unwrap.ADD_HEADERS, "both give the header '__table'")
            .wrong("an added field named like the rewrite's own", Map.of(Unwrap.DELETE_TOMBSTONE_HANDLING_MODE,
                    "rewrite", Unwrap.ADD_FIELDS, "op:deleted"), Unwrap.ADD_FIELDS,
                    "entry 'op:deleted' gives the field '__deleted', which the delete handling mode writes itself")
            .wrong("the same through the legacy rewrite", Map.of(Unwrap.DELETE_HANDLING_MODE, "rewrite",
                    Unwrap.ADD_FIELDS, "table:deleted"), Unwrap.ADD_FIELDS, "gives the field '__deleted'")
            .wrong("a malformed add.fields entry", Map.of(Unwrap.ADD_FIELDS, "a.b.c"), Unwrap.ADD_FIELDS,
                    "[struct.]field[:newName]")
            .wrong("an unknown dialect", Map.of(Unwrap.ENVELOPE_DIALECT, "oracle"), Unwrap.ENVELOPE_DIALECT, "oracle")
            .wrong("a cache of no schemas", Map.of(Unwrap.SCHEMA_CACHE_SIZE, "0"), Unwrap.SCHEMA_CACHE_SIZE,
                    "at least 1");

    static final ValidateTable CHANGED_FIELDS = ValidateTable.transform("io.cdckit.smt.unwrap.ChangedFields")
            .base(Map.of(ChangedFields.HEADER_CHANGED_NAME, "changed"))
            .without("none of its three outputs", ChangedFields.HEADER_CHANGED_NAME, ChangedFields.HEADER_CHANGED_NAME,
                    "nothing to do")
            .wrong("one header name for both lists", Map.of(ChangedFields.HEADER_UNCHANGED_NAME, "changed"),
                    ChangedFields.HEADER_UNCHANGED_NAME, "a header name other than header.changed.name's")
            .wrong("a blank header name", Map.of(ChangedFields.HEADER_CHANGED_NAME, " "),
                    ChangedFields.HEADER_CHANGED_NAME, "header.changed.name");

    @Test
    void everyConfigMistakeShowsInValidateOnItsKey() {
        ValidateTable.assertEveryPluginCovered(CONNECT.runtime(), UNWRAP, CHANGED_FIELDS);
        UNWRAP.assertAll(CONNECT.runtime());
        CHANGED_FIELDS.assertAll(CONNECT.runtime());
    }
}
