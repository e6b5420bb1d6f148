package io.cdckit.smt.unwrap;

import com.fasterxml.jackson.databind.JsonNode;

import io.cdckit.testkit.fixtures.Fixtures;
import io.cdckit.testkit.Differential;
import io.cdckit.testkit.JsonRecords;

import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The differential test on real events: every configuration of {@link DifferentialTest} applied by
 * {@link Unwrap} and by Debezium's {@code ExtractNewRecordState} to the recorded PostgreSQL corpus.
 * Then the schemaless corpus: unwrapping a schemaless envelope gives the same JSON as unwrapping
 * the schema'd one and writing it without schemas.
 */
class CorpusDifferentialTest {

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> configs() {
        return DifferentialTest.configs();
    }

    @Test
    void theCorpusHoldsEveryKindOfEvent() {
        List<SinkRecord> records = Fixtures.records();
        assertFalse(records.isEmpty());
        java.util.Set<String> ops = new java.util.TreeSet<>();
        int tombstones = 0;
        for (SinkRecord r : records) {
            if (r.value() == null) {
                tombstones++;
            } else if (r.value() instanceof org.apache.kafka.connect.data.Struct
                    && r.valueSchema().field("op") != null) {
                ops.add(((org.apache.kafka.connect.data.Struct) r.value()).getString("op"));
            }
        }
        assertTrue(ops.containsAll(List.of("c", "d", "r", "t", "u")), ops.toString());
        assertTrue(tombstones > 0);
    }

    @ParameterizedTest
    @MethodSource("configs")
    void sameOutputAsDebeziumOnRecordedEvents(Map<String, String> config) {
        List<SinkRecord> records = Fixtures.records();
        Differential.Outcome o = DifferentialTest.compare(config, records);
        assertEquals(records.size(), o.compared + o.peerCrashes);
        if (!("delete-to-tombstone".equals(config.get("delete.tombstone.handling.mode"))
                && config.containsKey("drop.fields.header.name"))) {
            assertEquals(0, o.peerCrashes, "Debezium crashed on recorded events with " + config);
        }
    }

    /**
     * The configurations whose output does not depend on schemas: header schemas, ReplaceField's and
     * the rewrite's default substitution need schemas, and a schemaless row cannot tell a missing
     * routing column from a null one (UnwrapTest covers those on Maps).
     */
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> schemalessConfigs() {
        return DifferentialTest.configs().filter(a -> {
            @SuppressWarnings("unchecked")
            Map<String, String> c = (Map<String, String>) a.get()[0];
            boolean defaults = "true".equals(c.get("replace.null.with.default"))
                    && c.get("delete.tombstone.handling.mode").startsWith("rewrite");
            return !c.containsKey("drop.fields.header.name") && !c.containsKey("add.headers")
                    && !c.containsKey("route.by.field") && !defaults;
        });
    }

    @ParameterizedTest
    @MethodSource("schemalessConfigs")
    void schemalessEnvelopesUnwrapToTheSameJson(Map<String, String> config) {
        List<SinkRecord> typed = Fixtures.records();
        List<SinkRecord> schemaless = Fixtures.schemalessRecords();
        assertEquals(typed.size(), schemaless.size());
        Unwrap<SinkRecord> a = new Unwrap<>();
        a.configure(config);
        Unwrap<SinkRecord> b = new Unwrap<>();
        b.configure(config);
        for (int i = 0; i < typed.size(); i++) {
            SinkRecord fromTyped = a.apply(typed.get(i));
            SinkRecord fromMap = b.apply(schemaless.get(i));
            String where = config + ", corpus line " + i;
            assertEquals(fromTyped == null, fromMap == null, "dropped or not, " + where);
            if (fromTyped == null) {
                continue;
            }
            assertEquals(fromTyped.topic(), fromMap.topic(), where);
            assertEquals(json(fromTyped.topic(), fromTyped.valueSchema(), fromTyped.value()),
                    json(fromMap.topic(), null, fromMap.value()), where);
        }
    }

    private static JsonNode json(String topic, org.apache.kafka.connect.data.Schema schema, Object value) {
        byte[] bytes = JsonRecords.encodeSchemaless(topic, schema, value);
        return bytes == null ? null : JsonRecords.tree(bytes);
    }
}
