package io.cdckit.smt.unwrap;

import io.cdckit.testkit.Envelopes;
import io.cdckit.testkit.FlatEnvelopes;
import io.cdckit.testkit.PlantedStructs;
import io.cdckit.testkit.TransformContract;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Unwrap's behaviour, option by option, and the transform contract of the test kit. */
class UnwrapTest extends TransformContract {

    @Override
    protected Transformation<SinkRecord> newTransform() {
        return new Unwrap<>();
    }

    @Override
    protected Map<String, String> config() {
        return Map.of("delete.tombstone.handling.mode", "rewrite", "add.fields", "op,source.ts_ms,table",
                "add.headers", "op,db", "route.by.field", "region", "drop.fields.header.name", "dropme");
    }

    @Override
    protected List<SinkRecord> records() {
        List<SinkRecord> out = new ArrayList<>(Events.all());
        out.add(schemaless(mapEnvelope("u", mapRow(1, "Ada"), mapRow(1, "Ada L."))));
        out.add(schemaless(Events.maxwell("insert", mapRow(2, "Bob"), null)));
        for (boolean schemad : new boolean[] {false, true}) {
            out.add(goldenGate(schemad, "U"));
            out.add(goldenGate(schemad, "D"));
            out.add(canal(schemad, "INSERT"));
            out.add(canal(schemad, "DELETE"));
        }
        return out;
    }

    /** A row whose routing column is a number: route.by.field refuses it. */
    @Override
    protected List<SinkRecord> badRecords() {
        Schema row = SchemaBuilder.struct().name("shop.public.codes.Value").optional()
                .field("id", Schema.INT32_SCHEMA).field("region", Schema.OPTIONAL_INT32_SCHEMA).build();
        Schema envelope = Events.envelope("shop.public.codes", row);
        Struct after = new Struct(row).put("id", 4711).put("region", 31337);
        return List.of(Events.record(envelope, Envelopes.event(envelope, "c", null, after, 1, false), 4711, 3));
    }

    @Override
    protected Map<String, String> badConfigs() {
        return Map.of("delete.tombstone.handling.mode", "explode", "add.fields", "a.b.c", "envelope.dialect", "oracle",
                "truncate.handling.mode", "shred");
    }

    /** Tombstones are dropped in rewrite mode, as Debezium drops them. */
    @Override
    protected void checkTombstone(SinkRecord in, SinkRecord out) {
        assertNull(out);
    }

    private static Unwrap<SinkRecord> unwrap(String... kv) {
        Map<String, String> c = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            c.put(kv[i], kv[i + 1]);
        }
        Unwrap<SinkRecord> u = new Unwrap<>();
        u.configure(c);
        return u;
    }

    private static SinkRecord create() {
        return Events.record(Events.ENVELOPE, Events.envelope("c", null,
                Events.row(2, "Bob", null, null, "1.50", "us"), 1, true), 2, 1);
    }

    private static SinkRecord delete() {
        return Events.record(Events.ENVELOPE, Events.envelope("d",
                Events.row(3, "Cy", "cy@example.org", null, "0.00", null), null, 2, true), 3, 2);
    }

    private static SinkRecord truncate() {
        return Events.record(Events.ENVELOPE, Events.envelope("t", null, null, 3, true), 0, 3);
    }

    private static SinkRecord tombstone() {
        return Events.record(null, null, 3, 4);
    }

    // ------------------------------------------------------------------ Struct envelopes

    @Test
    void aStructIsReadByItsOwnSchemaWhateverItsRecordSays() {
        // the plan reads by position: a record schema that is not its Struct's must not misread it
        SinkRecord in = create();
        SinkRecord mislabelled = in.newRecord(in.topic(), in.kafkaPartition(), in.keySchema(), in.key(),
                Envelopes.HEARTBEAT, in.value(), in.timestamp());
        SinkRecord out = unwrap("add.fields", "op").apply(mislabelled);
        assertEquals("shop.public.customers.Value", out.valueSchema().name());
        assertEquals("Bob", ((Struct) out.value()).get("name"));
        assertEquals("c", ((Struct) out.value()).get("__op"));
        Struct heartbeat = Envelopes.heartbeat(1L);
        SinkRecord heartbeatAsEnvelope = in.newRecord(in.topic(), in.kafkaPartition(), in.keySchema(), in.key(),
                in.valueSchema(), heartbeat, in.timestamp());
        assertSame(heartbeatAsEnvelope, unwrap().apply(heartbeatAsEnvelope), "a heartbeat passes, as it is one");
    }

    @Test
    void defaultUnwrapsTheAfterImageAsANonOptionalCopyOfTheRowSchema() {
        SinkRecord in = create();
        SinkRecord out = unwrap().apply(in);
        Struct v = (Struct) out.value();
        assertEquals("shop.public.customers.Value", out.valueSchema().name());
        assertFalse(out.valueSchema().isOptional());
        assertEquals(Events.ROW.fields().size(), out.valueSchema().fields().size());
        assertEquals("Bob", v.get("name"));
        assertNull(v.getWithoutDefault("status"), "nulls stay null (no default substitution)");
        assertEquals(new BigDecimal("1.50"), v.get("score"));
        assertEquals(in.key(), out.key());
        assertEquals(in.topic(), out.topic());
        assertEquals(in.kafkaOffset(), out.kafkaOffset());
        assertEquals(Events.headers(in), Events.headers(out));
    }

    @Test
    void deleteModes() {
        assertNull(unwrap("delete.tombstone.handling.mode", "drop").apply(delete()));
        SinkRecord t = unwrap().apply(delete());
        assertNull(t.value());
        assertSame(Events.ROW, t.valueSchema(), "tombstone mode keeps the row's value schema");
        SinkRecord r = unwrap("delete.tombstone.handling.mode", "rewrite").apply(delete());
        assertEquals("true", ((Struct) r.value()).get("__deleted"));
        assertEquals("Cy", ((Struct) r.value()).get("name"));
        assertEquals("active", ((Struct) r.value()).get("status"), "rewrite fills nulls with defaults by default");
        SinkRecord r2 = unwrap("delete.tombstone.handling.mode", "rewrite", "replace.null.with.default", "false").apply(delete());
        assertNull(((Struct) r2.value()).getWithoutDefault("status"));
        SinkRecord d2t = unwrap("delete.tombstone.handling.mode", "delete-to-tombstone").apply(delete());
        assertNull(d2t.value());
        assertNull(d2t.valueSchema());
        assertEquals("false", ((Struct) unwrap("delete.tombstone.handling.mode", "rewrite").apply(create()).value())
                .get("__deleted"));
    }

    @Test
    void tombstonesPerMode() {
        for (String dropping : new String[]{"drop", "tombstone", "rewrite", "delete-to-tombstone"}) {
            assertNull(unwrap("delete.tombstone.handling.mode", dropping).apply(tombstone()), dropping);
        }
        for (String keeping : new String[]{"rewrite-with-tombstone", "delete-and-tombstone", "tombstone-only"}) {
            SinkRecord in = tombstone();
            assertSame(in, unwrap("delete.tombstone.handling.mode", keeping).apply(in), keeping);
        }
        SinkRecord in = tombstone();
        SinkRecord withOp = unwrap("delete.tombstone.handling.mode", "rewrite-with-tombstone",
                "add.headers", "op,source.ts_ms").apply(in);
        assertEquals("d", withOp.headers().lastWithName("__op").value());
        assertNull(withOp.headers().lastWithName("__source_ts_ms"), "a tombstone only gets the op header");
        assertNull(in.headers().lastWithName("__op"), "the input's headers are not touched");
    }

    @Test
    void cdckitOnlyModesForTheLegacyCombinations() {
        SinkRecord d = unwrap("delete.tombstone.handling.mode", "delete-and-tombstone").apply(delete());
        assertNull(d.value());
        assertSame(Events.ROW, d.valueSchema());
        assertNull(unwrap("delete.tombstone.handling.mode", "tombstone-only").apply(delete()));
    }

    @Test
    void legacyOptionsMapToModes() {
        assertEquals(DeleteHandling.DROP, unwrap("delete.handling.mode", "drop").deleteHandling());
        assertEquals(DeleteHandling.DROP, unwrap("drop.tombstones", "true").deleteHandling());
        assertEquals(DeleteHandling.TOMBSTONE_ONLY, unwrap("drop.tombstones", "false").deleteHandling());
        assertEquals(DeleteHandling.TOMBSTONE, unwrap("delete.handling.mode", "none").deleteHandling());
        assertEquals(DeleteHandling.DELETE_AND_TOMBSTONE,
                unwrap("delete.handling.mode", "none", "drop.tombstones", "false").deleteHandling());
        assertEquals(DeleteHandling.REWRITE, unwrap("delete.tombstone.handling.mode", "rewrite").deleteHandling());
        assertEquals(DeleteHandling.REWRITE_WITH_TOMBSTONE,
                unwrap("delete.handling.mode", "REWRITE", "drop.tombstones", "false").deleteHandling());
        assertEquals(DeleteHandling.TOMBSTONE, unwrap().deleteHandling());
        // none + drop.tombstones=false keeps both the null-value delete and the tombstone
        Unwrap<SinkRecord> u = unwrap("delete.handling.mode", "none", "drop.tombstones", "false");
        assertNull(u.apply(delete()).value());
        assertNotNull(u.apply(tombstone()));
    }

    @Test
    void legacyAndNewDeleteOptionsTogetherAreAConfigError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> unwrap("delete.tombstone.handling.mode", "drop", "delete.handling.mode", "rewrite"));
        assertTrue(e.getMessage().contains("delete.tombstone.handling.mode"), e.getMessage());
        assertTrue(e.getMessage().contains("delete.handling.mode"), e.getMessage());
    }

    @Test
    void truncateIsDroppedOrKept() {
        assertNull(unwrap().apply(truncate()));
        SinkRecord in = truncate();
        SinkRecord kept = unwrap("truncate.handling.mode", "keep").apply(in);
        assertSame(in, kept);
        SinkRecord withHeaders = unwrap("truncate.handling.mode", "keep", "add.headers", "op").apply(truncate());
        assertEquals("t", withHeaders.headers().lastWithName("__op").value());
        assertEquals(Events.ENVELOPE, withHeaders.valueSchema());
    }

    @Test
    void addFieldsFromEveryBlock() {
        SinkRecord out = unwrap("add.fields", "op,ts_ms,source.ts_ms,table,id,total_order,lsn:position").apply(create());
        Struct v = (Struct) out.value();
        assertEquals("c", v.get("__op"));
        assertEquals(1_714_000_000_501L, v.get("__ts_ms"));
        assertEquals(1_714_000_000_001L, v.get("__source_ts_ms"));
        assertEquals("customers", v.get("__table"));
        assertEquals("700:1", v.get("__id"));
        assertEquals(1L, v.get("__total_order"));
        assertEquals(24_000_001L, v.get("__position"));
        assertTrue(out.valueSchema().field("__op").schema().isOptional(), "added fields are optional");
        List<String> names = out.valueSchema().fields().stream().map(org.apache.kafka.connect.data.Field::name).collect(java.util.stream.Collectors.toList());
        assertEquals("__op", names.get(Events.ROW.fields().size()), "added fields follow the row's fields");
    }

    @Test
    void addFieldsPrefixAndMissingEntriesAreSkipped() {
        SinkRecord out = unwrap("add.fields", "op,nothere,transaction.nope", "add.fields.prefix", "cdc_").apply(create());
        assertEquals("c", ((Struct) out.value()).get("cdc_op"));
        assertNull(out.valueSchema().field("cdc_nothere"));
        assertEquals(Events.ROW.fields().size() + 1, out.valueSchema().fields().size());
    }

    @Test
    void addHeadersGoToTheOutputOnly() {
        SinkRecord in = create();
        SinkRecord out = unwrap("add.headers", "op,source.ts_ms,db", "add.headers.prefix", "cdc.").apply(in);
        assertEquals("c", out.headers().lastWithName("cdc.op").value());
        assertEquals(1_714_000_000_001L, out.headers().lastWithName("cdc.source_ts_ms").value());
        assertEquals("shopdb", out.headers().lastWithName("cdc.db").value());
        assertTrue(out.headers().lastWithName("cdc.op").schema().isOptional());
        assertNull(in.headers().lastWithName("cdc.op"), "the input's Headers are never modified");
        assertEquals(2, in.headers().size());
    }

    @Test
    void routeByField() {
        SinkRecord out = unwrap("route.by.field", "region").apply(create());
        assertEquals("us", out.topic());
        SinkRecord del = unwrap("route.by.field", "name", "delete.tombstone.handling.mode", "rewrite").apply(delete());
        assertEquals("Cy", del.topic());
        SinkRecord nullRegion = unwrap("route.by.field", "email").apply(create());
        assertEquals(Events.TOPIC, nullRegion.topic(), "a null routing value keeps the topic");
        DataException missing = assertThrows(DataException.class, () -> unwrap("route.by.field", "nope").apply(create()));
        assertTrue(missing.getMessage().startsWith("Unwrap: route.by.field names no field of the after image"),
                missing.getMessage());
        assertTrue(missing.getMessage().contains("[topic 'shop.public.customers', partition 0, offset 1]"));
        DataException notString = assertThrows(DataException.class, () -> unwrap("route.by.field", "id").apply(create()));
        assertTrue(notString.getMessage().contains("must be a string column, not INT32"), notString.getMessage());
        assertFalse(notString.getMessage().contains("Bob"));
    }

    @Test
    void dropFieldsFromTheHeaderList() {
        SinkRecord in = create();
        SinkRecord out = unwrap("drop.fields.header.name", "dropme").apply(in);
        // only optional fields are dropped by default: email and score, not name
        assertNull(out.valueSchema().field("email"));
        assertNull(out.valueSchema().field("score"));
        assertNotNull(out.valueSchema().field("name"));
        SinkRecord all = unwrap("drop.fields.header.name", "dropme", "drop.fields.keep.schema.compatible", "false").apply(in);
        assertNull(all.valueSchema().field("name"));
        SinkRecord key = unwrap("drop.fields.header.name", "keys", "drop.fields.from.key", "true",
                "drop.fields.keep.schema.compatible", "false")
                .apply(withHeader(create(), "keys", List.of("id")));
        assertEquals(0, key.keySchema().fields().size());
        SinkRecord noHeader = unwrap("drop.fields.header.name", "absent").apply(create());
        assertEquals(Events.ROW.fields().size(), noHeader.valueSchema().fields().size());
        DataException bad = assertThrows(DataException.class, () -> unwrap("drop.fields.header.name", "x")
                .apply(withHeader(create(), "x", "not a list")));
        assertTrue(bad.getMessage().contains("must hold a list of field names"), bad.getMessage());
    }

    private static SinkRecord withHeader(SinkRecord r, String name, Object value) {
        ConnectHeaders h = new ConnectHeaders();
        h.add(name, value, null);
        return r.newRecord(r.topic(), r.kafkaPartition(), r.keySchema(), r.key(), r.valueSchema(), r.value(), r.timestamp(), h);
    }

    @Test
    void nonChangeEventsPassThroughUnchanged() {
        for (SinkRecord r : Events.all()) {
            String name = r.valueSchema() == null ? null : r.valueSchema().name();
            if (name != null && !name.endsWith(".Envelope")) {
                assertSame(r, unwrap("add.headers", "op", "add.fields", "op").apply(r), name);
            }
        }
        SinkRecord str = Events.record(Schema.STRING_SCHEMA, "x", 1, 1);
        assertSame(str, unwrap().apply(str));
    }

    @Test
    void theInputIsNeverMutated() {
        SinkRecord in = delete();
        Struct before = (Struct) ((Struct) in.value()).get("before");
        Object[] snapshot = {in.value().toString(), before.toString(), Events.headers(in).toString()};
        unwrap("delete.tombstone.handling.mode", "rewrite", "add.fields", "op,table", "add.headers", "op",
                "drop.fields.header.name", "dropme").apply(in);
        assertEquals(snapshot[0], in.value().toString());
        assertEquals(snapshot[1], before.toString());
        assertEquals(snapshot[2], Events.headers(in).toString());
    }

    @Test
    void sourceRecordsKeepSourcePartitionAndOffset() {
        SinkRecord s = create();
        SourceRecord in = new SourceRecord(Map.of("server", "shop"), Map.of("lsn", 1L), s.topic(), 0,
                s.keySchema(), s.key(), s.valueSchema(), s.value(), 5L);
        Unwrap<SourceRecord> u = new Unwrap<>();
        u.configure(Map.of());
        SourceRecord out = u.apply(in);
        assertEquals(Map.of("lsn", 1L), out.sourceOffset());
        assertEquals(5L, out.timestamp());
    }

    @Test
    void aRowColumnClashingWithAnAddedFieldIsAClearError() {
        Schema row = SchemaBuilder.struct().name("t.Value").optional().field("__op", Schema.OPTIONAL_STRING_SCHEMA).build();
        Schema env = SchemaBuilder.struct().name("t.Envelope").field("before", row).field("after", row)
                .field("op", Schema.STRING_SCHEMA).build();
        SinkRecord r = new SinkRecord("t", 0, null, null, env, new Struct(env).put("op", "c")
                .put("after", new Struct(row).put("__op", "x")), 1);
        DataException e = assertThrows(DataException.class, () -> unwrap("add.fields", "op").apply(r));
        assertTrue(e.getMessage().contains("already has"), e.getMessage());
    }

    // ------------------------------------------------------------------ schemaless envelopes

    static Map<String, Object> mapRow(int id, String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("name", name);
        m.put("region", "eu");
        return m;
    }

    static Map<String, Object> mapEnvelope(String op, Map<String, Object> before, Map<String, Object> after) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("connector", "postgresql");
        source.put("ts_ms", 1_714_000_000_000L);
        source.put("db", "shopdb");
        source.put("table", "customers");
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("before", before);
        e.put("after", after);
        e.put("source", source);
        e.put("op", op);
        e.put("ts_ms", 1_714_000_000_500L);
        return e;
    }

    private static SinkRecord schemaless(Object value) {
        return new SinkRecord("shop.public.customers", 0, null, Map.of("id", 1), null, value, 7);
    }

    @Test
    void schemalessEnvelopesGetTheSameSemantics() {
        Map<String, Object> after = mapRow(1, "Ada");
        SinkRecord out = unwrap().apply(schemaless(mapEnvelope("c", null, after)));
        assertSame(after, out.value(), "no copy when nothing is added");
        assertNull(out.valueSchema());

        SinkRecord rw = unwrap("delete.tombstone.handling.mode", "rewrite", "add.fields", "op,source.ts_ms,table,nothere")
                .apply(schemaless(mapEnvelope("d", mapRow(1, "Ada"), null)));
        Map<?, ?> v = (Map<?, ?>) rw.value();
        assertEquals("true", v.get("__deleted"));
        assertEquals("d", v.get("__op"));
        assertEquals(1_714_000_000_000L, v.get("__source_ts_ms"));
        assertEquals("customers", v.get("__table"));
        assertFalse(v.containsKey("__nothere"));
        assertEquals(List.of("id", "name", "region", "__deleted", "__op", "__source_ts_ms", "__table"), List.copyOf(v.keySet()));

        SinkRecord del = unwrap().apply(schemaless(mapEnvelope("d", mapRow(1, "Ada"), null)));
        assertNull(del.value());
        assertNull(unwrap("delete.tombstone.handling.mode", "drop").apply(schemaless(mapEnvelope("d", mapRow(1, "A"), null))));
        assertNull(unwrap().apply(schemaless(mapEnvelope("t", null, null))));
        assertNotNull(unwrap("truncate.handling.mode", "keep").apply(schemaless(mapEnvelope("t", null, null))));

        SinkRecord headers = unwrap("add.headers", "op,table").apply(schemaless(mapEnvelope("u", mapRow(1, "A"), mapRow(1, "B"))));
        assertEquals("u", headers.headers().lastWithName("__op").value());
        assertEquals("customers", headers.headers().lastWithName("__table").value());

        SinkRecord routed = unwrap("route.by.field", "region").apply(schemaless(mapEnvelope("c", null, mapRow(1, "A"))));
        assertEquals("eu", routed.topic());
    }

    @Test
    void schemalessNonEnvelopesPassThrough() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("op", "c");
        row.put("before", null);
        row.put("after", "x");
        row.put("amount", 3);
        SinkRecord in = schemaless(row);
        assertSame(in, unwrap().apply(in));
        SinkRecord list = schemaless(List.of(1, 2));
        assertSame(list, unwrap().apply(list));
    }

    @Test
    void schemalessDropFields() {
        ConnectHeaders h = new ConnectHeaders();
        h.add("dropme", List.of("name"), null);
        SinkRecord in = new SinkRecord("t", 0, null, null, null, mapEnvelope("c", null, mapRow(1, "A")), 1, 1L,
                null, h);
        SinkRecord out = unwrap("drop.fields.header.name", "dropme").apply(in);
        assertEquals(List.of("id", "region"), List.copyOf(((Map<?, ?>) out.value()).keySet()));
        // a header list naming a field twice, or the kernel's "$envelope", is not a conflict
        ConnectHeaders odd = new ConnectHeaders();
        odd.add("dropme", List.of("name", "name", "$envelope"), null);
        SinkRecord twice = new SinkRecord("t", 0, null, null, null, mapEnvelope("c", null, mapRow(1, "A")), 1, 1L,
                null, odd);
        assertEquals(List.of("id", "region"),
                List.copyOf(((Map<?, ?>) unwrap("drop.fields.header.name", "dropme").apply(twice).value()).keySet()));
    }

    // ------------------------------------------------------------------ Maxwell

    @Test
    void maxwellEventsAreUnwrapped() {
        Map<String, Object> data = mapRow(1, "Ada");
        SinkRecord ins = schemaless(Events.maxwell("insert", data, null));
        SinkRecord out = unwrap("add.fields", "op,ts_ms,table,db,xid").apply(ins);
        Map<?, ?> v = (Map<?, ?>) out.value();
        assertEquals("Ada", v.get("name"));
        assertEquals("c", v.get("__op"));
        assertEquals(1_714_000_000_000L, v.get("__ts_ms"));
        assertEquals("customers", v.get("__table"));
        assertEquals("shop", v.get("__db"));
        assertEquals(940_752L, v.get("__xid"));

        Map<String, Object> old = new LinkedHashMap<>();
        old.put("name", "Ad");
        SinkRecord upd = unwrap("add.headers", "op").apply(schemaless(Events.maxwell("update", data, old)));
        assertSame(data, upd.value());
        assertEquals("u", upd.headers().lastWithName("__op").value());

        assertNull(unwrap().apply(schemaless(Events.maxwell("delete", data, null))).value());
        assertNull(unwrap("delete.tombstone.handling.mode", "drop").apply(schemaless(Events.maxwell("delete", data, null))));
        Map<?, ?> rw = (Map<?, ?>) unwrap("delete.tombstone.handling.mode", "rewrite")
                .apply(schemaless(Events.maxwell("delete", data, null))).value();
        assertEquals("true", rw.get("__deleted"));
        SinkRecord boot = unwrap("add.fields", "op").apply(schemaless(Events.maxwell("bootstrap-insert", data, null)));
        assertEquals("r", ((Map<?, ?>) boot.value()).get("__op"));
    }

    @Test
    void maxwellControlAndDdlRecordsAndDialectSelection() {
        Map<String, Object> start = Events.maxwell("bootstrap-start", Map.of(), null);
        SinkRecord in = schemaless(start);
        assertSame(in, unwrap().apply(in));
        SinkRecord ins = schemaless(Events.maxwell("insert", mapRow(1, "A"), null));
        assertSame(ins, unwrap("envelope.dialect", "debezium").apply(ins), "debezium dialect ignores Maxwell");
        SinkRecord dbz = schemaless(mapEnvelope("c", null, mapRow(1, "A")));
        assertSame(dbz, unwrap("envelope.dialect", "maxwell").apply(dbz), "maxwell dialect ignores Debezium maps");
        SinkRecord struct = create();
        assertSame(struct, unwrap("envelope.dialect", "maxwell").apply(struct));
        Map<String, Object> odd = Events.maxwell("insert", mapRow(1, "A"), null);
        odd.put("unexpected", 1);
        SinkRecord oddIn = schemaless(odd);
        assertSame(oddIn, unwrap().apply(oddIn), "unknown keys: not Maxwell's shape");
    }

    // ------------------------------------------------------------------ GoldenGate and Canal

    private static final String ADA = FlatEnvelopes.rowJson(1, "Ada", "ada@example.org", "eu");
    private static final String ADA_OLD = FlatEnvelopes.rowJson(1, "Ada", "old@example.org", "eu");

    /** A GoldenGate event as JsonConverter gives it: a Map, or (schemad) an unnamed Struct. */
    private static SinkRecord goldenGate(boolean schemad, String opType) {
        boolean before = !opType.startsWith("I") && !opType.startsWith("T");
        boolean after = !opType.startsWith("D") && !opType.startsWith("T");
        if (!schemad) {
            return FlatEnvelopes.schemaless(FlatEnvelopes.goldenGateJson(opType, before ? ADA_OLD : null,
                    after ? ADA : null));
        }
        return FlatEnvelopes.schemad(FlatEnvelopes.goldenGate(opType,
                before ? FlatEnvelopes.row(1, "Ada", "old@example.org", "eu") : null,
                after ? FlatEnvelopes.row(1, "Ada", "ada@example.org", "eu") : null));
    }

    /** A one-row Canal message (an update's old holds the changed email only). */
    private static SinkRecord canal(boolean schemad, String type) {
        boolean rows = !"TRUNCATE".equals(type);
        boolean old = "UPDATE".equals(type);
        if (!schemad) {
            return FlatEnvelopes.schemaless(FlatEnvelopes.canalJson(type, rows ? "[" + ADA + "]" : "null",
                    old ? "[{\"email\":\"old@example.org\"}]" : "null"));
        }
        return FlatEnvelopes.schemad(FlatEnvelopes.canal(type,
                rows ? List.of(FlatEnvelopes.row(1, "Ada", "ada@example.org", "eu")) : null,
                old ? List.of(FlatEnvelopes.row(1, null, "old@example.org", null)) : null));
    }

    /** A field of the output row, Struct or Map. */
    private static Object col(SinkRecord r, String name) {
        return r.value() instanceof Struct ? ((Struct) r.value()).get(name) : ((Map<?, ?>) r.value()).get(name);
    }

    @Test
    void goldenGateEventsAreUnwrappedSchemalessAndSchemad() {
        for (boolean schemad : new boolean[] {false, true}) {
            String form = schemad ? "schema'd" : "schemaless";
            Unwrap<SinkRecord> u = unwrap("add.fields", "op,table,db,schema,ts_ms,pos,op_ts,primary_keys",
                    "add.headers", "op,table");
            for (String op : new String[] {"I", "INSERT", "U"}) {
                SinkRecord out = u.apply(goldenGate(schemad, op));
                assertEquals("ada@example.org", col(out, "email"), form + " " + op);
                assertEquals(op.startsWith("I") ? "c" : "u", col(out, "__op"), form);
                assertEquals("CUSTOMERS", col(out, "__table"), form);
                assertEquals("SHOP", col(out, "__db"), form);
                assertEquals("SHOP", col(out, "__schema"), form);
                assertEquals(FlatEnvelopes.OP_TS_MS, col(out, "__ts_ms"), form);
                assertEquals("00000000000000001234", col(out, "__pos"), form);
                assertEquals(FlatEnvelopes.OP_TS, col(out, "__op_ts"), form);
                assertEquals(List.of("ID"), col(out, "__primary_keys"), form);
                assertEquals("CUSTOMERS", out.headers().lastWithName("__table").value(), form);
                assertEquals(FlatEnvelopes.TOPIC, out.topic());
                if (schemad) {
                    assertFalse(out.valueSchema().isOptional(), "a non-optional copy of the row schema");
                    assertEquals(Schema.Type.INT64, out.valueSchema().field("__ts_ms").schema().type());
                }
            }
        }
    }

    @Test
    void goldenGateDeletesAndTruncatesFollowEveryMode() {
        for (boolean schemad : new boolean[] {false, true}) {
            String form = schemad ? "schema'd" : "schemaless";
            SinkRecord tomb = unwrap().apply(goldenGate(schemad, "D"));
            assertNull(tomb.value(), form);
            assertEquals(schemad, tomb.valueSchema() != null, form + ": the tombstone keeps the row schema");
            assertNull(unwrap("delete.tombstone.handling.mode", "drop").apply(goldenGate(schemad, "DELETE")), form);
            SinkRecord dtt = unwrap("delete.tombstone.handling.mode", "delete-to-tombstone")
                    .apply(goldenGate(schemad, "D"));
            assertNull(dtt.value());
            assertNull(dtt.valueSchema());
            SinkRecord rw = unwrap("delete.tombstone.handling.mode", "rewrite", "add.fields", "op")
                    .apply(goldenGate(schemad, "D"));
            assertEquals("old@example.org", col(rw, "email"), form + ": the delete's row is before");
            assertEquals("true", col(rw, "__deleted"));
            assertEquals("d", col(rw, "__op"));
            SinkRecord upd = unwrap("delete.tombstone.handling.mode", "rewrite").apply(goldenGate(schemad, "U"));
            assertEquals("false", col(upd, "__deleted"));
            SinkRecord routed = unwrap("route.by.field", "region", "delete.tombstone.handling.mode", "rewrite")
                    .apply(goldenGate(schemad, "D"));
            assertEquals("eu", routed.topic(), form);
            SinkRecord truncate = goldenGate(schemad, "T");
            assertNull(unwrap().apply(truncate), form);
            SinkRecord kept = unwrap("truncate.handling.mode", "keep", "add.headers", "op").apply(truncate);
            assertSame(truncate.value(), kept.value(), form);
            assertEquals("t", kept.headers().lastWithName("__op").value());
        }
    }

    @Test
    void canalMessagesAreUnwrappedSchemalessAndSchemad() {
        for (boolean schemad : new boolean[] {false, true}) {
            String form = schemad ? "schema'd" : "schemaless";
            Unwrap<SinkRecord> u = unwrap("add.fields", "op,db,table,ts_ms,ts,pkNames,isDdl", "add.headers", "op,db");
            for (String type : new String[] {"INSERT", "UPDATE"}) {
                SinkRecord out = u.apply(canal(schemad, type));
                assertEquals("ada@example.org", col(out, "email"), form + " " + type);
                assertEquals("INSERT".equals(type) ? "c" : "u", col(out, "__op"), form);
                assertEquals("shop", col(out, "__db"), form);
                assertEquals("customers", col(out, "__table"), form);
                assertEquals(FlatEnvelopes.ES, col(out, "__ts_ms"), form);
                assertEquals(FlatEnvelopes.TS, col(out, "__ts"), form);
                assertEquals(List.of("id"), col(out, "__pkNames"), form);
                assertEquals(false, col(out, "__isDdl"), form);
                assertEquals("shop", out.headers().lastWithName("__db").value());
            }
            SinkRecord rw = unwrap("delete.tombstone.handling.mode", "rewrite", "route.by.field", "region")
                    .apply(canal(schemad, "DELETE"));
            assertEquals("ada@example.org", col(rw, "email"), form + ": a delete's row is data");
            assertEquals("true", col(rw, "__deleted"));
            assertEquals("eu", rw.topic());
            assertNull(unwrap().apply(canal(schemad, "DELETE")).value(), form);
            assertNull(unwrap("delete.tombstone.handling.mode", "drop").apply(canal(schemad, "DELETE")));
            assertNull(unwrap().apply(canal(schemad, "TRUNCATE")), form);
            SinkRecord truncate = canal(schemad, "TRUNCATE");
            assertSame(truncate.value(), unwrap("truncate.handling.mode", "keep").apply(truncate).value());
        }
        String ddl = FlatEnvelopes.canalJson("ALTER", "null", "null");
        SinkRecord alter = FlatEnvelopes.schemaless(ddl);
        assertSame(alter, unwrap().apply(alter), "DDL records pass through");
    }

    @Test
    void aCanalMessageOfSeveralRowsFailsSayingHowToAvoidItOrKeepsTheFirst() {
        String two = "[" + ADA + "," + FlatEnvelopes.rowJson(2, "Bob", "secret@example.org", "us") + "]";
        SinkRecord json = FlatEnvelopes.schemaless(FlatEnvelopes.canalJson("INSERT", two, "null"));
        SinkRecord struct = FlatEnvelopes.schemad(FlatEnvelopes.canal("INSERT", List.of(
                FlatEnvelopes.row(1, "Ada", "ada@example.org", "eu"),
                FlatEnvelopes.row(2, "Bob", "secret@example.org", "us")), null));
        for (SinkRecord in : List.of(json, struct)) {
            DataException e = assertThrows(DataException.class, () -> unwrap().apply(in));
            String m = e.getMessage();
            assertTrue(m.contains("Unwrap") && m.contains(FlatEnvelopes.TOPIC) && m.contains("data")
                    && m.contains("2 rows") && m.contains("canal.multi.row=first") && m.contains("one row per message")
                    && m.contains("canal.mq.partitionHash"),
                    m);
            assertFalse(m.contains("secret") || m.contains("Bob"), m);
            SinkRecord first = unwrap("canal.multi.row", "first").apply(in);
            assertEquals("Ada", col(first, "name"));
        }
        assertThrows(ConfigException.class, () -> unwrap("canal.multi.row", "all"));
    }

    @Test
    void aMultiRowCanalDeleteTheDeleteModeDropsIsDroppedNotFailed() {
        String two = "[" + ADA + "," + FlatEnvelopes.rowJson(2, "Bob", "b@example.org", "us") + "]";
        SinkRecord in = FlatEnvelopes.schemaless(FlatEnvelopes.canalJson("DELETE", two, "null"));
        assertNull(unwrap("delete.tombstone.handling.mode", "drop").apply(in), "every row would be dropped");
        assertNull(unwrap("delete.tombstone.handling.mode", "tombstone-only").apply(in));
        assertThrows(DataException.class, () -> unwrap("delete.tombstone.handling.mode", "rewrite").apply(in),
                "an emitted delete still carries one row of two");
        assertThrows(DataException.class, () -> unwrap().apply(in), "a tombstone for one of two deletes");
    }

    /** A DDL-history table (id, database, table, type, sql, ts), and a row {table, op, op_ts}: plain rows. */
    @Test
    void plainRowsWithSomeOfCanalsOrGoldenGatesKeysPassThrough() {
        Schema ddlLog = SchemaBuilder.struct()
                .field("id", Schema.INT64_SCHEMA).field("database", Schema.STRING_SCHEMA)
                .field("table", Schema.STRING_SCHEMA).field("type", Schema.STRING_SCHEMA)
                .field("sql", Schema.OPTIONAL_STRING_SCHEMA).field("ts", Schema.INT64_SCHEMA).build();
        SinkRecord struct = new SinkRecord("audit", 0, null, null, ddlLog, new Struct(ddlLog).put("id", 1L)
                .put("database", "shop").put("table", "orders").put("type", "INSERT").put("sql", "insert ...")
                .put("ts", 5L), 1L);
        assertSame(struct, unwrap().apply(struct), "no data, isDdl, es: not a Canal message");
        Map<String, Object> truncateRow = new LinkedHashMap<>();
        truncateRow.put("id", 1L);
        truncateRow.put("database", "shop");
        truncateRow.put("table", "orders");
        truncateRow.put("type", "TRUNCATE");
        truncateRow.put("sql", "truncate table orders");
        truncateRow.put("ts", 5L);
        SinkRecord map = schemaless(truncateRow);
        assertSame(map, unwrap().apply(map), "not a Canal truncate");

        Map<String, Object> ggRow = new LinkedHashMap<>();
        ggRow.put("table", "ORDERS");
        ggRow.put("op", "I");
        ggRow.put("op_ts", FlatEnvelopes.OP_TS);
        SinkRecord ggMap = schemaless(ggRow);
        assertSame(ggMap, unwrap().apply(ggMap), "no before/after: not a GoldenGate insert");
        Schema gg = SchemaBuilder.struct().field("table", Schema.STRING_SCHEMA).field("op_type", Schema.STRING_SCHEMA)
                .field("op_ts", Schema.STRING_SCHEMA).build();
        SinkRecord ggStruct = new SinkRecord("audit", 0, null, null, gg, new Struct(gg).put("table", "ORDERS")
                .put("op_type", "I").put("op_ts", FlatEnvelopes.OP_TS), 1L);
        assertSame(ggStruct, unwrap().apply(ggStruct), "schema'd");
    }

    @Test
    void aGoldenGateOperationWithoutTheImageItNeedsFailsNamingIt() {
        for (String mode : new String[] {"rewrite", "tombstone", "drop"}) {
            SinkRecord deleteWithAfter = FlatEnvelopes.schemaless(FlatEnvelopes.goldenGateJson("D", null, ADA));
            DataException e = assertThrows(DataException.class,
                    () -> unwrap("delete.tombstone.handling.mode", mode).apply(deleteWithAfter),
                    "a D is never its after image as a live row");
            assertTrue(e.getMessage().contains("'before'") && !e.getMessage().contains("ada@"), e.getMessage());
        }
        for (String op : new String[] {"U", "I"}) {
            SinkRecord beforeOnly = FlatEnvelopes.schemaless(FlatEnvelopes.goldenGateJson(op, ADA, null));
            DataException e = assertThrows(DataException.class, () -> unwrap().apply(beforeOnly),
                    op + " is never a tombstone");
            assertTrue(e.getMessage().contains("'after'") && !e.getMessage().contains("ada@"), e.getMessage());
            SinkRecord struct = FlatEnvelopes.schemad(FlatEnvelopes.goldenGate(op,
                    FlatEnvelopes.row(1, "Ada", "ada@example.org", "eu"), null));
            assertThrows(DataException.class, () -> unwrap().apply(struct), op + " schema'd");
        }
    }

    @Test
    void aCanalRowMessageWithoutItsFirstRowFailsNamingData0AsMapAndAsStruct() {
        List<Struct> nullRow = new ArrayList<>();
        nullRow.add(null);
        for (String type : new String[] {"INSERT", "UPDATE", "DELETE"}) {
            List<SinkRecord> broken = new ArrayList<>();
            for (String data : new String[] {"[]", "null", "[null]"}) {
                broken.add(FlatEnvelopes.schemaless(FlatEnvelopes.canalJson(type, data,
                        "[{\"email\":\"old@example.org\"}]")));
            }
            broken.add(FlatEnvelopes.schemad(FlatEnvelopes.canal(type, List.of(), null)));
            broken.add(FlatEnvelopes.schemad(FlatEnvelopes.canal(type, null, null)));
            broken.add(FlatEnvelopes.schemad(FlatEnvelopes.canal(type, nullRow,
                    List.of(FlatEnvelopes.row(1, null, "old@example.org", null)))));
            for (SinkRecord in : broken) {
                DataException e = assertThrows(DataException.class,
                        () -> unwrap("delete.tombstone.handling.mode", "rewrite").apply(in),
                        type + ": never dropped, nor an update read as a delete");
                assertTrue(e.getMessage().contains("'data[0]'") && !e.getMessage().contains("old@"),
                        e.getMessage());
            }
        }
    }

    @Test
    void goldenGateTsUsAndTsNsAreAddedAsTheViewComputesThem() {
        for (boolean schemad : new boolean[] {false, true}) {
            SinkRecord out = unwrap("add.fields", "ts_ms,ts_us,ts_ns").apply(goldenGate(schemad, "I"));
            assertEquals(FlatEnvelopes.OP_TS_MS, col(out, "__ts_ms"));
            assertEquals(FlatEnvelopes.OP_TS_MS * 1000 + 456, col(out, "__ts_us"), "op_ts in microseconds");
            assertEquals((FlatEnvelopes.OP_TS_MS * 1000 + 456) * 1000, col(out, "__ts_ns"));
        }
    }

    @Test
    void goldenGateWithBothOpTypeAndOpPassesThroughAsMapAndAsStruct() {
        String json = FlatEnvelopes.goldenGateJson("I", null, ADA).replace("\"op_type\":\"I\"",
                "\"op_type\":null,\"op\":\"I\"");
        SinkRecord map = FlatEnvelopes.schemaless(json);
        assertSame(map, unwrap().apply(map), "op_type null beside op: not GoldenGate's shape");
        Schema s = SchemaBuilder.struct().field("table", Schema.STRING_SCHEMA)
                .field("op_type", Schema.OPTIONAL_STRING_SCHEMA).field("op", Schema.OPTIONAL_STRING_SCHEMA)
                .field("op_ts", Schema.STRING_SCHEMA).field("after", FlatEnvelopes.ROW).build();
        SinkRecord struct = FlatEnvelopes.schemad(new Struct(s).put("table", "SHOP.CUSTOMERS").put("op", "I")
                .put("op_ts", FlatEnvelopes.OP_TS).put("after", FlatEnvelopes.row(1, "Ada", null, null)));
        assertSame(struct, unwrap().apply(struct));
    }

    @Test
    void aCanalTruncateAsCanalWritesItIsDroppedOrKept() {
        String json = "{\"data\":null,\"database\":\"shop\",\"es\":1,\"id\":3,\"isDdl\":true,\"mysqlType\":null,"
                + "\"old\":null,\"pkNames\":null,\"sql\":\"TRUNCATE TABLE customers\",\"sqlType\":null,"
                + "\"table\":\"customers\",\"ts\":2,\"type\":\"TRUNCATE\"}";
        SinkRecord in = FlatEnvelopes.schemaless(json);
        assertNull(unwrap().apply(in));
        assertSame(in.value(), unwrap("truncate.handling.mode", "keep").apply(in).value());
        SinkRecord dmlTruncate = FlatEnvelopes.schemaless(json.replace("\"isDdl\":true", "\"isDdl\":false"));
        assertSame(dmlTruncate, unwrap().apply(dmlTruncate), "isDdl false with TRUNCATE: not Canal's");
    }

    @Test
    void envelopeDialectPinsOneSeveralOrAll() {
        SinkRecord gg = goldenGate(false, "I");
        SinkRecord ggStruct = goldenGate(true, "I");
        SinkRecord cn = canal(false, "INSERT");
        SinkRecord cnStruct = canal(true, "INSERT");
        SinkRecord dbz = create();
        Unwrap<SinkRecord> ggOnly = unwrap("envelope.dialect", "goldengate");
        assertNotNull(col(ggOnly.apply(gg), "email"));
        assertNotNull(col(ggOnly.apply(ggStruct), "email"));
        assertSame(cn, ggOnly.apply(cn));
        assertSame(cnStruct, ggOnly.apply(cnStruct));
        assertSame(dbz, ggOnly.apply(dbz));
        Unwrap<SinkRecord> two = unwrap("envelope.dialect", "canal, goldengate");
        for (SinkRecord r : List.of(gg, ggStruct, cn, cnStruct)) {
            assertEquals("Ada", col(two.apply(r), "name"));
        }
        assertSame(dbz, two.apply(dbz));
        Unwrap<SinkRecord> auto = unwrap("envelope.dialect", "auto");
        for (SinkRecord r : List.of(gg, ggStruct, cn, cnStruct)) {
            assertEquals("Ada", col(auto.apply(r), "name"));
        }
        assertEquals("Bob", ((Struct) auto.apply(dbz).value()).get("name"));
        assertEquals("Bob", ((Struct) unwrap("envelope.dialect", "debezium,maxwell").apply(dbz).value()).get("name"));
    }

    @Test
    void hostileGoldenGateAndCanalEventsPassOrFailNamingTheFieldNeverTheValue() {
        String badTs = FlatEnvelopes.goldenGateJson("I", null, ADA).replace(FlatEnvelopes.OP_TS, "secret-2024");
        DataException e = assertThrows(DataException.class,
                () -> unwrap("add.fields", "ts_ms").apply(FlatEnvelopes.schemaless(badTs)));
        assertTrue(e.getMessage().contains("Unwrap") && e.getMessage().contains(FlatEnvelopes.TOPIC)
                && e.getMessage().contains("op_ts") && !e.getMessage().contains("secret"), e.getMessage());
        Struct badStruct = FlatEnvelopes.goldenGate("I", null, FlatEnvelopes.row(1, "Ada", null, null))
                .put("op_ts", "secret-2024");
        DataException es = assertThrows(DataException.class,
                () -> unwrap("add.headers", "ts_ms").apply(FlatEnvelopes.schemad(badStruct)));
        assertTrue(es.getMessage().contains("op_ts") && !es.getMessage().contains("secret"), es.getMessage());
        assertEquals("Ada", col(unwrap().apply(FlatEnvelopes.schemad(badStruct)), "name"),
                "op_ts is only read when asked for");
        for (String json : new String[] {
            FlatEnvelopes.goldenGateJson("I", null, ADA).replace("\"op_type\":\"I\"", "\"op_type\":1"),
            FlatEnvelopes.goldenGateJson("I", null, "[1]"),
            FlatEnvelopes.canalJson("INSERT", ADA, "null"),
            FlatEnvelopes.canalJson("INSERT", "[1,2]", "null"),
            FlatEnvelopes.canalJson("INSERT", "[" + ADA + "]", "null").replace("\"es\":", "\"es\":\"x\",\"e2\":"),
        }) {
            SinkRecord in = FlatEnvelopes.schemaless(json);
            assertSame(in, unwrap().apply(in), "not an envelope: passes through");
        }
        SinkRecord unknownOp = FlatEnvelopes.schemad(FlatEnvelopes.goldenGate("X", null,
                FlatEnvelopes.row(1, "Ada", null, null)));
        assertSame(unknownOp, unwrap().apply(unknownOp), "an unknown op_type passes, as an unknown op does");
    }

    // ------------------------------------------------------------------ configuration

    @Test
    void configurationMistakesNameTheKey() {
        String[][] bad = {
            {"delete.tombstone.handling.mode", "explode"},
            {"delete.handling.mode", "keep"},
            {"drop.tombstones", "maybe"},
            {"truncate.handling.mode", "ignore"},
            {"envelope.dialect", "oracle"},
            {"add.fields", "a.b.c"},
            {"add.headers", "op:x:y"},
            {"schema.cache.size", "0"},
        };
        for (String[] kv : bad) {
            ConfigException e = assertThrows(ConfigException.class, () -> unwrap(kv[0], kv[1]), kv[0]);
            assertTrue(e.getMessage().contains(kv[0]), e.getMessage());
        }
    }

    @Test
    void versionAndConfigDef() {
        Unwrap<SinkRecord> u = new Unwrap<>();
        assertEquals(io.cdckit.core.CdckitVersion.VERSION, u.version());
        assertTrue(u.config().names().containsAll(List.of("delete.tombstone.handling.mode", "add.fields",
                "add.headers", "route.by.field", "drop.fields.header.name", "truncate.handling.mode", "envelope.dialect")));
    }

    @Test
    void headersOfOutputAreAFreshObject() {
        SinkRecord in = create();
        SinkRecord out = unwrap().apply(in);
        out.headers().addString("later", "x");
        for (Header h : in.headers()) {
            assertFalse(h.key().equals("later"));
        }
    }

    // ------------------------------------------------------------------ a row of another schema

    /**
     * A row struct of another schema than its envelope declares (one column fewer, planted past
     * Connect's validation) would be passed on under the declared schema, or read by its positions
     * for route.by.field; it is refused, with or without add.fields. A row of an equal schema built
     * apart is unwrapped.
     */
    @Test
    void aRowOfAnotherSchemaIsRefused() {
        PlantedStructs.assumeAvailable();
        Schema fewer = PlantedStructs.rebuilt(Events.ROW, "email");
        Schema equal = PlantedStructs.rebuilt(Events.ROW, null);
        for (String[] config : List.of(new String[0], new String[] {"route.by.field", "region"},
                new String[] {"add.fields", "op"})) {
            SinkRecord in = create();
            PlantedStructs.plant((Struct) in.value(), "after", fewer);
            DataException e = assertThrows(DataException.class, () -> unwrap(config).apply(in), List.of(config)
                    .toString());
            assertTrue(e.getMessage().startsWith("Unwrap: ") && e.getMessage().contains("another schema"),
                    e.getMessage());
            assertFalse(e.getMessage().contains("Bob"), e.getMessage());

            SinkRecord same = create();
            PlantedStructs.plant((Struct) same.value(), "after", equal);
            assertEquals("Bob", ((Struct) unwrap(config).apply(same).value()).get("name"));
        }
        SinkRecord delete = delete();
        PlantedStructs.plant((Struct) delete.value(), "before", fewer);
        DataException d = assertThrows(DataException.class,
                () -> unwrap("delete.tombstone.handling.mode", "rewrite").apply(delete));
        assertTrue(d.getMessage().contains("another schema"), d.getMessage());
        assertFalse(d.getMessage().contains("Cy"), d.getMessage());
    }
}
