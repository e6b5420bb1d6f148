package io.cdckit.smt.unwrap;

import io.cdckit.core.record.RawStructs;

import io.debezium.transforms.ExtractNewRecordState;

import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs {@link Unwrap} and Debezium's own {@code ExtractNewRecordState} on the same records with the
 * same configuration and requires the same output: dropped or not, topic, key, key schema, value,
 * value schema and headers. Inputs: the hand-built {@link Events} and the recorded real corpus.
 */
class DifferentialTest {

    static final String[] MODES = {"drop", "tombstone", "rewrite", "rewrite-with-tombstone", "delete-to-tombstone"};

    static Stream<Arguments> configs() {
        List<Map<String, String>> out = new ArrayList<>();
        for (String mode : MODES) {
            for (String fields : new String[]{"", "op,source.ts_ms,table", "op:operation,ts_ms,ts_us,source.lsn,id,total_order,txId,nope,transaction.nope"}) {
                for (String headers : new String[]{"", "op,source.ts_ms,db,id"}) {
                    for (String replaceNull : new String[]{"true", "false"}) {
                        Map<String, String> c = new LinkedHashMap<>();
                        c.put("delete.tombstone.handling.mode", mode);
                        if (!fields.isEmpty()) {
                            c.put("add.fields", fields);
                        }
                        if (!headers.isEmpty()) {
                            c.put("add.headers", headers);
                        }
                        c.put("replace.null.with.default", replaceNull);
                        out.add(c);
                    }
                }
            }
            Map<String, String> prefixed = new LinkedHashMap<>();
            prefixed.put("delete.tombstone.handling.mode", mode);
            prefixed.put("add.fields", "op,table,source.db:database");
            prefixed.put("add.fields.prefix", "meta_");
            prefixed.put("add.headers", "op,ts_ms");
            prefixed.put("add.headers.prefix", "cdc.");
            out.add(prefixed);
            for (String compatible : new String[]{"true", "false"}) {
                for (String fromKey : new String[]{"true", "false"}) {
                    Map<String, String> c = new LinkedHashMap<>();
                    c.put("delete.tombstone.handling.mode", mode);
                    c.put("drop.fields.header.name", "dropme");
                    c.put("drop.fields.keep.schema.compatible", compatible);
                    c.put("drop.fields.from.key", fromKey);
                    c.put("add.fields", "op");
                    out.add(c);
                }
            }
            Map<String, String> routed = new LinkedHashMap<>();
            routed.put("delete.tombstone.handling.mode", mode);
            routed.put("route.by.field", "name");
            out.add(routed);
            Map<String, String> routedCode = new LinkedHashMap<>();
            routedCode.put("delete.tombstone.handling.mode", mode);
            routedCode.put("route.by.field", "code");
            routedCode.put("add.fields", "op");
            out.add(routedCode);
        }
        return out.stream().map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("configs")
    void sameOutputAsDebeziumOnHandBuiltEvents(Map<String, String> config) {
        Outcome o = compare(config, Events.all());
        assertEquals(Events.all().size(), o.compared + o.peerCrashes);
        // Debezium dereferences the null value schema of a delete-to-tombstone output when
        // drop.fields.header.name is set with keep.schema.compatible (NullPointerException); we pass
        // the tombstone on.
        boolean knownCrash = "delete-to-tombstone".equals(config.get("delete.tombstone.handling.mode"))
                && config.containsKey("drop.fields.header.name")
                && !"false".equals(config.get("drop.fields.keep.schema.compatible"));
        assertEquals(knownCrash ? 1 : 0, o.peerCrashes, "Debezium crashes, " + config);
    }

    /** The same comparison with rows copied through Struct.put, the path used where RawStructs is unavailable. */
    @ParameterizedTest
    @MethodSource("configs")
    void sameOutputAsDebeziumWithoutRawStructs(Map<String, String> config) throws Exception {
        try (AutoCloseable fallback = RawStructs.forceFallback()) {
            Outcome o = compare(config, Events.all());
            assertEquals(Events.all().size(), o.compared + o.peerCrashes);
        }
    }

    @org.junit.jupiter.api.Test
    void rawStructsAreInUseOnThisKafkaLine() {
        assertTrue(RawStructs.available(), "the fast copy path must work on the supported Kafka lines");
    }

    static Stream<Arguments> legacy() {
        return Stream.of(
                Arguments.of(Map.of("delete.handling.mode", "drop"), "drop"),
                Arguments.of(Map.of("delete.handling.mode", "drop", "drop.tombstones", "true"), "drop"),
                Arguments.of(Map.of("delete.handling.mode", "none"), "tombstone"),
                Arguments.of(Map.of("delete.handling.mode", "rewrite"), "rewrite"),
                Arguments.of(Map.of("delete.handling.mode", "rewrite", "drop.tombstones", "false"), "rewrite-with-tombstone"),
                Arguments.of(Map.of("drop.tombstones", "true"), "drop"));
    }

    /** A legacy configuration gives what Debezium gives for the new-style mode it maps to. */
    @ParameterizedTest
    @MethodSource("legacy")
    void legacyOptionsMatchDebeziumsEquivalentMode(Map<String, String> legacy, String mode) {
        Unwrap<SinkRecord> ours = new Unwrap<>();
        ours.configure(legacy);
        ExtractNewRecordState<SinkRecord> theirs = new ExtractNewRecordState<>();
        theirs.configure(Map.of("delete.tombstone.handling.mode", mode));
        for (SinkRecord r : Events.all()) {
            assertSameRecord(theirs.apply(Events.copy(r)), ours.apply(Events.copy(r)), legacy + " vs " + mode);
        }
    }

    /** How a comparison went: records with equal output, and records on which Debezium crashed. */
    static final class Outcome {
        int compared;
        int peerCrashes;
    }

    /**
     * Applies both transforms to copies of every record and asserts the outputs are the same. Where
     * Debezium crashes with a NullPointerException or ClassCastException, ours must not (it gives a
     * record or a DataException); those records are counted, not compared.
     */
    static Outcome compare(Map<String, String> config, List<SinkRecord> records) {
        Unwrap<SinkRecord> ours = new Unwrap<>();
        ours.configure(config);
        ExtractNewRecordState<SinkRecord> theirs = new ExtractNewRecordState<>();
        theirs.configure(config);
        Outcome o = new Outcome();
        try {
            for (SinkRecord r : records) {
                String where = "config " + config + ", input offset " + r.kafkaOffset();
                SinkRecord peer;
                try {
                    peer = theirs.apply(Events.copy(r));
                } catch (org.apache.kafka.connect.errors.DataException rejected) {
                    // Debezium rejects the record (e.g. route.by.field names no column of it): so must we
                    org.junit.jupiter.api.Assertions.assertThrows(org.apache.kafka.connect.errors.DataException.class,
                            () -> ours.apply(Events.copy(r)), "Debezium rejects, so must Unwrap: " + where);
                    o.compared++;
                    continue;
                } catch (NullPointerException | ClassCastException crash) {
                    try {
                        ours.apply(Events.copy(r));
                    } catch (org.apache.kafka.connect.errors.DataException expected) {
                        // a clear error is fine where the peer crashes
                    }
                    o.peerCrashes++;
                    continue;
                }
                SinkRecord mine = ours.apply(Events.copy(r));
                assertSameRecord(peer, mine, where);
                o.compared++;
            }
        } finally {
            ours.close();
            theirs.close();
        }
        return o;
    }

    static void assertSameRecord(SinkRecord expected, SinkRecord actual, String where) {
        if (expected == null || actual == null) {
            assertEquals(expected == null, actual == null, "dropped or not, " + where);
            return;
        }
        assertEquals(expected.topic(), actual.topic(), "topic, " + where);
        assertEquals(expected.kafkaPartition(), actual.kafkaPartition(), "partition, " + where);
        assertEquals(expected.keySchema(), actual.keySchema(), "key schema, " + where);
        assertEquals(expected.key(), actual.key(), "key, " + where);
        assertEquals(expected.valueSchema(), actual.valueSchema(), "value schema, " + where);
        assertEquals(expected.value(), actual.value(), "value, " + where);
        assertEquals(expected.timestamp(), actual.timestamp(), "timestamp, " + where);
        assertEquals(Events.headers(expected), Events.headers(actual), "headers, " + where);
        assertTrue(expected.kafkaOffset() == actual.kafkaOffset(), "offset, " + where);
    }
}
