package io.cdckit.smt.unwrap;

import io.cdckit.testkit.Differential;
import io.debezium.transforms.ExtractChangedRecordState;
import io.debezium.transforms.ExtractNewRecordState;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs Debezium's {@code ExtractChangedRecordState} (3.7.0.Final) and {@link ChangedFields} on the
 * same PostgreSQL-shaped records with the same configuration and requires the same output: topic,
 * partition, key, value, schemas, timestamp, source partition and offset, and headers (name, schema
 * and value), in the default flat mode. Debezium appends to its input's headers, so it is given a
 * copy of each record.
 */
class ChangedFieldsDifferentialTest {

    static final String PH = ChangedFields.DEFAULT_PLACEHOLDER;

    static Stream<Arguments> configs() {
        List<Map<String, String>> out = new ArrayList<>();
        out.add(Map.of("header.changed.name", "changed"));
        out.add(Map.of("header.unchanged.name", "unchanged"));
        out.add(Map.of("header.changed.name", "changed", "header.unchanged.name", "unchanged"));
        out.add(Map.of("header.changed.name", "cdc.changed.fields", "header.unchanged.name", "cdc.unchanged.fields"));
        return out.stream().map(Arguments::of);
    }

    /** Realistic events of a PostgreSQL table (REPLICA IDENTITY FULL unless noted) and what else a topic carries. */
    static List<Named<SourceRecord>> corpus() {
        List<Named<SourceRecord>> out = new ArrayList<>();
        Struct ada = Pg.row(1);
        out.add(Named.of("snapshot read", Pg.event("r", null, ada)));
        out.add(Named.of("create", Pg.event("c", null, Pg.row(2))));
        out.add(Named.of("update, several columns changed", Pg.update(ada, Pg.copy(ada).put("name", "Ada Lovelace")
                .put("email", null).put("balance", new BigDecimal("99.99")).put("tags", List.of("vip"))
                .put("updated_at", 1_714_000_100_000_000L))));
        out.add(Named.of("update, nothing changed", Pg.update(ada, Pg.copy(ada))));
        out.add(Named.of("update, explicit null in a column with a default",
                Pg.update(ada, Pg.copy(ada).put("status", null))));
        out.add(Named.of("update, null to the default value", Pg.update(Pg.copy(ada).put("status", null), ada)));
        out.add(Named.of("update, null on both sides", Pg.update(Pg.copy(ada).put("status", null).put("email", null),
                Pg.copy(ada).put("status", null).put("email", null).put("name", "A"))));
        out.add(Named.of("update, bytea rewritten with the same bytes", Pg.update(ada, Pg.copy(ada).put("avatar", new byte[]{1, 2, 3}))));
        out.add(Named.of("update, bytea changed", Pg.update(ada, Pg.copy(ada).put("avatar", new byte[]{1, 2, 4}))));
        out.add(Named.of("update, numeric changed", Pg.update(ada, Pg.copy(ada).put("balance", new BigDecimal("10.51")))));
        out.add(Named.of("update, arrays and hstore rewritten with equal content", Pg.update(ada, Pg.copy(ada)
                .put("tags", new ArrayList<>(List.of("vip", "eu"))).put("attrs", new LinkedHashMap<>(Map.of("tier", "gold"))))));
        out.add(Named.of("update, array order changed", Pg.update(ada, Pg.copy(ada).put("scores", List.of(9, 7)))));
        out.add(Named.of("update, struct column changed", Pg.update(ada, Pg.copy(ada)
                .put("address", Pg.address("1 Main St", "Paris", "N1")))));
        out.add(Named.of("update, struct column to null", Pg.update(ada, Pg.copy(ada).put("address", null))));
        out.add(Named.of("update without before-image (REPLICA IDENTITY DEFAULT)",
                Pg.event("u", null, Pg.copy(ada).put("name", "Ada L"))));
        out.add(Named.of("delete", Pg.event("d", ada, null)));
        out.add(Named.of("tombstone", Pg.record(null, null, 1, 8)));
        SourceRecord newKey = Pg.event("c", null, Pg.row(3));
        newKey.headers().addString("__debezium.oldkey", "Struct{id=1}");
        out.add(Named.of("create after a primary-key change", newKey));
        out.add(Named.of("truncate", Pg.event("t", null, null)));
        out.add(Named.of("heartbeat", Pg.record(Pg.HEARTBEAT, new Struct(Pg.HEARTBEAT).put("ts_ms", 1L), 0, 9)));
        out.add(Named.of("logical decoding message", Pg.record(Pg.MESSAGE, new Struct(Pg.MESSAGE).put("op", "m")
                .put("source", Pg.source("false", 10)).put("message", new Struct(Pg.MESSAGE.field("message").schema())
                        .put("prefix", "audit").put("content", new byte[]{1, 2})), 0, 10)));
        Schema tx = SchemaBuilder.struct().name("io.debezium.connector.common.TransactionMetadataValue")
                .field("status", Schema.STRING_SCHEMA).field("id", Schema.STRING_SCHEMA)
                .field("event_count", Schema.OPTIONAL_INT64_SCHEMA).field("ts_ms", Schema.INT64_SCHEMA).build();
        out.add(Named.of("transaction metadata", Pg.record(tx, new Struct(tx).put("status", "END").put("id", "700:5")
                .put("event_count", 3L).put("ts_ms", 1L), 0, 11)));
        out.add(Named.of("row without envelope", Pg.record(Pg.ROW, Pg.row(4), 4, 12)));
        out.add(Named.of("table with op/before/after columns", Pg.record(Pg.PLAIN_ROW, new Struct(Pg.PLAIN_ROW)
                .put("op", "u").put("before", "a").put("after", "b"), 0, 13)));
        out.add(Named.of("string value", Pg.record(Schema.STRING_SCHEMA, "hello", 0, 14)));
        return out;
    }

    static ExtractChangedRecordState<SourceRecord> debezium(Map<String, String> config) {
        ExtractChangedRecordState<SourceRecord> t = new ExtractChangedRecordState<>();
        t.configure(config);
        return t;
    }

    static ChangedFields<SourceRecord> ours(Map<String, String> config) {
        ChangedFields<SourceRecord> t = new ChangedFields<>();
        t.configure(config);
        return t;
    }

    static void assertSameOutput(SourceRecord expected, SourceRecord actual, String label) {
        Differential.assertSameRecord(expected, actual, label);
    }

    @ParameterizedTest
    @MethodSource("configs")
    void sameOutputAsDebezium(Map<String, String> config) {
        ExtractChangedRecordState<SourceRecord> peer = debezium(config);
        ChangedFields<SourceRecord> cdckit = ours(config);
        int compared = 0;
        int withHeaders = 0;
        for (Named<SourceRecord> n : corpus()) {
            SourceRecord in = n.getPayload();
            List<List<Object>> inputHeaders = Events.headers(in);
            SourceRecord expected = peer.apply(Events.copy(in));
            SourceRecord actual = cdckit.apply(in);
            assertSameOutput(expected, actual, n.getName());
            assertEquals(inputHeaders, Events.headers(in), "input headers untouched: " + n.getName());
            compared++;
            if (Events.headers(actual).size() > inputHeaders.size()) {
                withHeaders++;
            }
        }
        assertEquals(corpus().size(), compared);
        // every relational envelope (13 updates, 2 creates, a read, a delete, a truncate) gets the headers;
        // the logical-decoding message and the records that are not envelopes pass through
        assertEquals(18, withHeaders);
    }

    @Test
    void listsAreWhatDebeziumDocumentsOnARealisticUpdate() {
        Map<String, String> config = Map.of("header.changed.name", "changed", "header.unchanged.name", "unchanged");
        Struct ada = Pg.row(1);
        SourceRecord in = Pg.update(ada, Pg.copy(ada).put("name", "Ada Lovelace").put("status", null));
        SourceRecord actual = ours(config).apply(in);
        assertSameOutput(debezium(config).apply(Events.copy(in)), actual, "update");
        assertEquals(List.of("name", "status"), actual.headers().lastWithName("changed").value());
    }

    @Test
    void explicitFlatModeIsTheDefault() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("header.changed.name", "changed");
        config.put("header.unchanged.name", "unchanged");
        ExtractChangedRecordState<SourceRecord> peer = debezium(config);
        config.put("nested.mode", "flat");
        ChangedFields<SourceRecord> cdckit = ours(config);
        for (Named<SourceRecord> n : corpus()) {
            assertSameOutput(peer.apply(Events.copy(n.getPayload())), cdckit.apply(n.getPayload()), n.getName());
        }
    }

    @Test
    void toastPlaceholderIsTheOneIntendedDifference() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("header.changed.name", "changed");
        config.put("header.unchanged.name", "unchanged");
        List<Integer> ints = new ArrayList<>();
        for (byte b : PH.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            ints.add((int) b);
        }
        Struct before = Pg.row(1);
        SourceRecord in = Pg.update(before, Pg.copy(before).put("name", "Ada L").put("notes", PH)
                .put("avatar", PH.getBytes(java.nio.charset.StandardCharsets.UTF_8)).put("tags", List.of(PH))
                .put("scores", ints).put("attrs", Map.of(PH, PH)));
        SourceRecord peer = debezium(config).apply(Events.copy(in));

        // with the placeholder option empty: exactly Debezium's output
        Map<String, String> plain = new LinkedHashMap<>(config);
        plain.put("unavailable.value.placeholder", "");
        assertSameOutput(peer, ours(plain).apply(in), "placeholder off");

        // by default: the TOAST columns move from changed to unchanged, nothing else differs
        SourceRecord actual = ours(config).apply(in);
        List<String> toast = List.of("avatar", "notes", "tags", "scores", "attrs");
        assertEquals(List.of("name", "avatar", "notes", "tags", "scores", "attrs"), peer.headers().lastWithName("changed").value());
        assertEquals(List.of("name"), actual.headers().lastWithName("changed").value());
        List<String> expectedUnchanged = new ArrayList<>(Pg.COLUMNS);
        expectedUnchanged.remove("name");
        assertEquals(expectedUnchanged, actual.headers().lastWithName("unchanged").value());
        @SuppressWarnings("unchecked")
        List<String> peerUnchanged = (List<String>) peer.headers().lastWithName("unchanged").value();
        assertTrue(peerUnchanged.stream().noneMatch(toast::contains));
        assertEquals(peer.value(), actual.value());
        assertEquals(peer.valueSchema(), actual.valueSchema());
        assertNotEquals(Events.headers(peer), Events.headers(actual));
    }

    @Test
    void sameRowsAsDebeziumWhenChainedWithUnwrapDroppingUnchangedFields() {
        Map<String, String> config = Map.of("header.unchanged.name", "unchanged");
        Map<String, String> unwrapConfig = Map.of("drop.fields.header.name", "unchanged",
                "delete.tombstone.handling.mode", "rewrite", "add.fields", "op");
        ExtractChangedRecordState<SourceRecord> peer = debezium(config);
        ExtractNewRecordState<SourceRecord> peerUnwrap = new ExtractNewRecordState<>();
        peerUnwrap.configure(unwrapConfig);
        ChangedFields<SourceRecord> cdckit = ours(config);
        Unwrap<SourceRecord> unwrap = new Unwrap<>();
        unwrap.configure(unwrapConfig);
        int rows = 0;
        for (Named<SourceRecord> n : corpus()) {
            SourceRecord expected = peerUnwrap.apply(peer.apply(Events.copy(n.getPayload())));
            SourceRecord actual = unwrap.apply(cdckit.apply(n.getPayload()));
            assertSameOutput(expected, actual, n.getName());
            if (actual != null && actual.value() instanceof Struct && actual.valueSchema().name().endsWith(".Value")) {
                rows++;
            }
        }
        assertTrue(rows >= 15, "rows compared: " + rows);
    }
}
