package io.cdckit.smt.unwrap;

import io.cdckit.core.record.RawStructs;
import io.cdckit.testkit.Differential;

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
        Differential.Outcome o = compare(config, Events.all());
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
            Differential.Outcome o = compare(config, Events.all());
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

    /**
     * Unwrap and Debezium's ExtractNewRecordState with {@code config} on copies of every record
     * (the test kit's differential harness: same output, or both reject, or Debezium crashes).
     */
    static Differential.Outcome compare(Map<String, String> config, List<SinkRecord> records) {
        try (Unwrap<SinkRecord> ours = new Unwrap<>(); ExtractNewRecordState<SinkRecord> theirs = new ExtractNewRecordState<>()) {
            ours.configure(config);
            theirs.configure(config);
            return Differential.compare(ours, theirs, records, "config " + config);
        }
    }

    static void assertSameRecord(SinkRecord expected, SinkRecord actual, String where) {
        Differential.assertSameRecord(expected, actual, where);
    }
}
