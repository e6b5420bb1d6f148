package io.cdckit.smt.enrich;

import io.cdckit.smt.unwrap.Unwrap;
import io.cdckit.testkit.Envelopes;
import io.cdckit.testkit.TransformContract;
import io.cdckit.testkit.fixtures.Fixtures;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lookup's plans and policies, on the file source (a local table the test writes): struct and merge
 * output, Struct and Map rows, both images of a change event before Unwrap and the row after it,
 * keys of several fields and their canonical text, misses, several rows, retries, passed errors,
 * the file's mistakes at configure time and its reload while running.
 */
class LookupTest {

    static final String TIERS = "customer_id,tier,discount,since\n"
            + "1,gold,0.15,2020-01-31\n"
            + "2,silver,0.05,2021-06-01\n"
            + "3,\"bronze, plain\",0.00,\n";

    static final Schema ORDER = SchemaBuilder.struct().name("shop.orders.Value")
            .field("id", Schema.INT32_SCHEMA)
            .field("customer_id", Schema.OPTIONAL_INT32_SCHEMA)
            .field("amount", Decimal.builder(2).optional().build())
            .build();

    @TempDir
    static Path dir;

    private final List<Lookup<SinkRecord>> made = new ArrayList<>();

    @AfterEach
    void closeAll() {
        made.forEach(Lookup::close);
    }

    static Path file(String name, String content) {
        try {
            Path p = dir.resolve(name);
            Files.writeString(p, content);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> props(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static Map<String, String> tiersConfig(String... more) {
        Map<String, String> m = props("source", "file", "key.fields", "customer_id",
                "file.path", file("tiers.csv", TIERS).toString(), "file.key.columns", "customer_id",
                "file.columns", "discount:decimal(2),since:date", "stats.interval.ms", "0");
        m.putAll(props(more));
        return m;
    }

    Lookup<SinkRecord> lookup(Map<String, String> config) {
        Lookup<SinkRecord> t = new Lookup.Value<>();
        made.add(t);
        t.configure(config);
        return t;
    }

    static Struct order(int id, Integer customer) {
        return new Struct(ORDER).put("id", id).put("customer_id", customer).put("amount", new BigDecimal("9.99"));
    }

    static SinkRecord plain(Struct row) {
        return new SinkRecord("orders", 0, null, null, row.schema(), row, 1L);
    }

    static SinkRecord schemaless(Map<String, Object> row) {
        return new SinkRecord("orders", 0, null, null, null, row, 1L);
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static java.util.Date day(String iso) {
        return new java.util.Date(java.time.LocalDate.parse(iso).toEpochDay() * 86_400_000L);
    }

    // ------------------------------------------------------------------ output

    @Test
    void aHitAddsTheLookedUpColumnsAsAStructWithTheirDeclaredTypes() {
        Struct out = (Struct) lookup(tiersConfig()).apply(plain(order(10, 1))).value();
        Struct tier = out.getStruct("lookup");
        assertEquals("gold", tier.get("tier"));
        assertEquals(new BigDecimal("0.15"), tier.get("discount"));
        assertEquals(day("2020-01-31"), tier.get("since"));
        assertEquals(List.of("tier", "discount", "since"), names(tier.schema()), "the key column is not looked up");
        assertEquals(List.of("id", "customer_id", "amount", "lookup"), names(out.schema()));
        assertEquals(Decimal.LOGICAL_NAME, tier.schema().field("discount").schema().name());
        assertTrue(out.schema().field("lookup").schema().isOptional());
        assertEquals(9.99, ((BigDecimal) out.get("amount")).doubleValue());
    }

    @Test
    void quotedCellsAndEmptyCellsReadAsTheirText() {
        Struct tier = ((Struct) lookup(tiersConfig()).apply(plain(order(10, 3))).value()).getStruct("lookup");
        assertEquals("bronze, plain", tier.get("tier"));
        assertEquals(new BigDecimal("0.00"), tier.get("discount"));
        assertNull(tier.get("since"), "an empty cell of a declared type is null");
    }

    @Test
    void aMissGivesANullTargetAndTheSameSchemaAsAHit() {
        Lookup<SinkRecord> t = lookup(tiersConfig());
        Struct hit = (Struct) t.apply(plain(order(10, 1))).value();
        Struct miss = (Struct) t.apply(plain(order(11, 99))).value();
        Struct nullKey = (Struct) t.apply(plain(order(12, null))).value();
        assertNull(miss.get("lookup"));
        assertNull(nullKey.get("lookup"));
        assertSame(hit.schema(), miss.schema());
        assertSame(hit.schema(), nullKey.schema());
        assertEquals(3L, t.pluginStats().value("lookups-total"));
        assertEquals(2L, t.pluginStats().value("lookup-rows-missing-total"));
    }

    @Test
    void mergeModeAddsEachColumnWithThePrefix() {
        Lookup<SinkRecord> t = lookup(tiersConfig("target.mode", "merge", "target.prefix", "customer_"));
        Struct hit = (Struct) t.apply(plain(order(10, 2))).value();
        assertEquals(List.of("id", "customer_id", "amount", "customer_tier", "customer_discount", "customer_since"),
                names(hit.schema()));
        assertEquals("silver", hit.get("customer_tier"));
        assertEquals(new BigDecimal("0.05"), hit.get("customer_discount"));
        Struct miss = (Struct) t.apply(plain(order(11, 42))).value();
        assertSame(hit.schema(), miss.schema());
        assertNull(miss.get("customer_tier"));
        assertNull(miss.get("customer_since"));
        assertEquals(2L, t.pluginStats().value("lookups-total"), "one lookup per row, not per merged column");
    }

    @Test
    void aFieldNamedLikeTheTargetIsReplaced() {
        Schema withLookup = SchemaBuilder.struct().field("customer_id", Schema.INT32_SCHEMA)
                .field("lookup", Schema.STRING_SCHEMA).build();
        Struct row = new Struct(withLookup).put("customer_id", 1).put("lookup", "old");
        Struct out = (Struct) lookup(tiersConfig()).apply(plain(row)).value();
        assertEquals("gold", out.getStruct("lookup").get("tier"));
        assertEquals(List.of("customer_id", "lookup"), names(out.schema()));
    }

    @Test
    void schemalessRowsGetAMap() {
        Lookup<SinkRecord> t = lookup(tiersConfig());
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) t.apply(schemaless(map("id", 10, "customer_id", 2L))).value();
        assertEquals(Map.of("tier", "silver", "discount", new BigDecimal("0.05"), "since", day("2021-06-01")),
                out.get("lookup"));
        @SuppressWarnings("unchecked")
        Map<String, Object> miss = (Map<String, Object>) t.apply(schemaless(map("id", 11, "customer_id", "77")))
                .value();
        assertTrue(miss.containsKey("lookup"));
        assertNull(miss.get("lookup"));
    }

    @Test
    void schemalessMergeAddsTheColumnsAsKeys() {
        Lookup<SinkRecord> t = lookup(tiersConfig("target.mode", "merge"));
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) t.apply(schemaless(map("customer_id", "1"))).value();
        assertEquals(List.of("customer_id", "tier", "discount", "since"), new ArrayList<>(out.keySet()));
        assertEquals("gold", out.get("tier"));
    }

    @Test
    void aSchemalessRowWithoutTheKeyFieldIsADataErrorNamingIt() {
        DataException e = assertThrows(DataException.class,
                () -> lookup(tiersConfig()).apply(schemaless(map("id", 10, "customer", 2))));
        assertTrue(e.getMessage().contains("customer_id"), e.getMessage());
        assertTrue(e.getMessage().startsWith("Lookup.Value: "), e.getMessage());
    }

    @Test
    void aStructKeyFieldOfTheWrongShapeIsADataError() {
        Schema nested = SchemaBuilder.struct().field("customer_id", SchemaBuilder.struct()
                .field("a", Schema.INT32_SCHEMA).build()).build();
        Struct row = new Struct(nested).put("customer_id",
                new Struct(nested.field("customer_id").schema()).put("a", 1));
        DataException e = assertThrows(DataException.class, () -> lookup(tiersConfig()).apply(plain(row)));
        assertTrue(e.getMessage().contains("single value"), e.getMessage());
    }

    @Test
    void theKeysOnlyCanonicalTextMatters() {
        Lookup<SinkRecord> t = lookup(tiersConfig());
        Schema decimalKey = SchemaBuilder.struct().field("customer_id", Decimal.schema(3)).build();
        Schema stringKey = SchemaBuilder.struct().field("customer_id", Schema.STRING_SCHEMA).build();
        Schema longKey = SchemaBuilder.struct().field("customer_id", Schema.INT64_SCHEMA).build();
        Schema doubleKey = SchemaBuilder.struct().field("customer_id", Schema.FLOAT64_SCHEMA).build();
        assertEquals("gold", tier(t, new Struct(decimalKey).put("customer_id", new BigDecimal("1.000"))));
        assertEquals("gold", tier(t, new Struct(stringKey).put("customer_id", "1")));
        assertEquals("silver", tier(t, new Struct(longKey).put("customer_id", 2L)));
        assertEquals("silver", tier(t, new Struct(doubleKey).put("customer_id", 2.0)));
        assertNull(((Struct) t.apply(plain(new Struct(stringKey).put("customer_id", "01"))).value()).get("lookup"));
    }

    @Test
    void aDateKeyFindsADeclaredDateColumn() {
        Path days = file("days.csv", "day,label\n2024-05-30,before\n2024-05-31,right\n");
        Lookup<SinkRecord> t = lookup(props("source", "file", "key.fields", "day", "file.path", days.toString(),
                "file.key.columns", "day", "file.columns", "day:date", "stats.interval.ms", "0"));
        Schema row = SchemaBuilder.struct().field("day", org.apache.kafka.connect.data.Date.SCHEMA).build();
        Struct found = ((Struct) t.apply(plain(new Struct(row).put("day", day("2024-05-31")))).value())
                .getStruct("lookup");
        assertEquals("right", found.get("label"));
    }

    static String tier(Lookup<SinkRecord> t, Struct row) {
        Struct found = ((Struct) t.apply(plain(row)).value()).getStruct("lookup");
        return found == null ? null : found.getString("tier");
    }

    @Test
    void aKeyOfSeveralFieldsMatchesTheColumnsInOrder() {
        Path regions = file("regions.csv", "country,city,zone\nDE,Berlin,eu-central\nUS,Berlin,us-east\n");
        Lookup<SinkRecord> t = lookup(props("source", "file", "key.fields", "address.country,address.city",
                "file.path", regions.toString(), "file.key.columns", "country,city", "target.field", "region",
                "stats.interval.ms", "0"));
        Schema address = SchemaBuilder.struct().field("country", Schema.STRING_SCHEMA)
                .field("city", Schema.OPTIONAL_STRING_SCHEMA).build();
        Schema row = SchemaBuilder.struct().field("address", address).build();
        Struct us = new Struct(row).put("address", new Struct(address).put("country", "US").put("city", "Berlin"));
        Struct noCity = new Struct(row).put("address", new Struct(address).put("country", "US"));
        assertEquals("us-east", ((Struct) t.apply(plain(us)).value()).getStruct("region").get("zone"));
        assertNull(((Struct) t.apply(plain(noCity)).value()).get("region"), "a null part: a miss");
        assertEquals(List.of("zone"), names(((Struct) t.apply(plain(us)).value()).getStruct("region").schema()));
    }

    // ------------------------------------------------------------------ row scope

    static final Schema CUSTOMER = SchemaBuilder.struct().name("pg.shop.orders.Value").optional()
            .field("id", Schema.INT32_SCHEMA)
            .field("customer_id", Schema.OPTIONAL_INT32_SCHEMA)
            .build();
    static final Schema ENVELOPE = Envelopes.envelopeSchema("pg.shop.orders", CUSTOMER);

    static Struct row(int id, Integer customer) {
        return new Struct(CUSTOMER).put("id", id).put("customer_id", customer);
    }

    static SinkRecord event(String op, Struct before, Struct after) {
        return Envelopes.record("pg.shop.orders", null, null, ENVELOPE, Envelopes.event(ENVELOPE, op, before, after, 5,
                false), 5);
    }

    @Test
    void beforeUnwrapBothImagesAreLookedUpEachByItsOwnKey() {
        Lookup<SinkRecord> t = lookup(tiersConfig());
        Struct out = (Struct) t.apply(event("u", row(1, 1), row(1, 2))).value();
        assertEquals(ENVELOPE.name(), out.schema().name());
        assertEquals("gold", out.getStruct("before").getStruct("lookup").get("tier"));
        assertEquals("silver", out.getStruct("after").getStruct("lookup").get("tier"));
        assertSame(out.schema().field("before").schema(), out.schema().field("after").schema(), "one row schema");
        assertEquals("u", out.get("op"));
    }

    @Test
    void aDeleteIsLookedUpByItsBeforeImageAndUnwrapStillRecognisesTheEnvelope() {
        Lookup<SinkRecord> t = lookup(tiersConfig());
        SinkRecord out = t.apply(event("d", row(4, 2), null));
        Struct value = (Struct) out.value();
        assertEquals("silver", value.getStruct("before").getStruct("lookup").get("tier"));
        assertNull(value.get("after"));
        try (Unwrap<SinkRecord> unwrap = new Unwrap<>()) {
            unwrap.configure(Map.of("delete.handling.mode", "rewrite"));
            Struct row = (Struct) unwrap.apply(out).value();
            assertEquals("silver", row.getStruct("lookup").get("tier"));
            assertEquals("true", row.get("__deleted"));
        }
    }

    @Test
    void afterUnwrapTheRowIsLookedUpAndRowModeLeavesOtherRecordsAlone() {
        try (Unwrap<SinkRecord> unwrap = new Unwrap<>()) {
            unwrap.configure(Map.of());
            SinkRecord row = unwrap.apply(event("c", null, row(7, 3)));
            Struct out = (Struct) lookup(tiersConfig()).apply(row).value();
            assertEquals("bronze, plain", out.getStruct("lookup").get("tier"));
        }
        SinkRecord plainRow = plain(order(1, 1));
        assertSame(plainRow, lookup(tiersConfig("envelope.mode", "row")).apply(plainRow));
    }

    @Test
    void theRecordedCorpusIsEnrichedOnEveryImage() {
        Path tiers = file("corpus-tiers.csv", "level,label\n1,basic\n2,plus\n3,premium\n");
        Lookup<SinkRecord> t = lookup(props("source", "file", "key.fields", "tier", "file.path", tiers.toString(),
                "file.key.columns", "level", "stats.interval.ms", "0"));
        int images = 0;
        for (SinkRecord r : Fixtures.records("shop.customers")) {
            SinkRecord out = t.apply(r);
            if (!(out.value() instanceof Struct v)) {
                assertSame(r, out);
                continue;
            }
            for (String image : List.of("before", "after")) {
                Struct in = ((Struct) r.value()).getStruct(image);
                Struct enriched = v.getStruct(image);
                if (in == null) {
                    assertNull(enriched);
                    continue;
                }
                images++;
                String expected = Map.of((short) 1, "basic", (short) 2, "plus", (short) 3, "premium")
                        .get(in.getInt16("tier"));
                Struct found = enriched.getStruct("lookup");
                assertEquals(expected, found == null ? null : found.get("label"));
            }
        }
        assertTrue(images > 5, "images checked: " + images);
    }

    // ------------------------------------------------------------------ policies

    @Test
    void onMissingFailIsADataErrorWithoutTheKey() {
        Lookup<SinkRecord> t = lookup(tiersConfig("on.missing", "fail"));
        DataException e = assertThrows(DataException.class, () -> t.apply(plain(order(10, 987654))));
        assertFalse(e.getMessage().contains("987654"), e.getMessage());
        assertTrue(e.getMessage().contains("no row for the key"), e.getMessage());
        assertThrows(DataException.class, () -> t.apply(plain(order(11, null))));
        assertEquals(2L, t.pluginStats().value("records-failed-total"));
    }

    @Test
    void severalRowsForAKeyGiveTheFirstOrADataError() {
        Path dup = file("dup.csv", "customer_id,tier\n1,first\n1,second\n2,only\n");
        Map<String, String> config = props("source", "file", "key.fields", "customer_id", "file.path", dup.toString(),
                "file.key.columns", "customer_id", "stats.interval.ms", "0");
        assertEquals("first", tier(lookup(config), order(1, 1)));
        config.put("on.multiple", "fail");
        Lookup<SinkRecord> strict = lookup(config);
        DataException e = assertThrows(DataException.class, () -> strict.apply(plain(order(1, 1))));
        assertTrue(e.getMessage().contains("more than one row"), e.getMessage());
        assertEquals("only", tier(strict, order(2, 2)));
    }

    @Test
    void onErrorPassLetsTheRecordGoOnWithAHeaderNamingTheProblemClass() {
        Path dup = file("dup2.csv", "customer_id,tier\n1,first\n1,second\n");
        Lookup<SinkRecord> t = lookup(props("source", "file", "key.fields", "customer_id", "file.path", dup.toString(),
                "file.key.columns", "customer_id", "on.multiple", "fail", "on.error", "pass",
                "stats.interval.ms", "0"));
        SinkRecord in = plain(order(1, 1));
        SinkRecord out = t.apply(in);
        assertNull(((Struct) out.value()).get("lookup"));
        assertEquals(DataException.class.getName(), out.headers().lastWithName("__lookup.error").value());
        assertEquals(0, in.headers().size(), "the input's headers are not changed");
        assertEquals(1L, t.pluginStats().value("lookup-errors-passed-total"));
        SinkRecord fine = t.apply(plain(order(2, 5)));
        assertNull(fine.headers().lastWithName("__lookup.error"));
    }

    @Test
    void onMissingRetryFindsARowThatArrivesWhileItWaits() throws Exception {
        Path late = file("late.csv", "customer_id,tier\n1,gold\n");
        Lookup<SinkRecord> t = lookup(props("source", "file", "key.fields", "customer_id", "file.path", late.toString(),
                "file.key.columns", "customer_id", "on.missing", "retry", "retry.attempts", "100", "retry.backoff.ms",
                "20", "file.reload.interval.ms", "10", "stats.interval.ms", "0"));
        AtomicReference<String> found = new AtomicReference<>();
        Thread worker = new Thread(() -> found.set(tier(t, order(1, 8))));
        worker.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (worker.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // the lookup missed and waits to ask again
        }
        Files.writeString(late, "customer_id,tier\n1,gold\n8,late\n");
        worker.join(30_000);
        assertEquals("late", found.get());
        assertEquals(0L, t.pluginStats().value("lookup-rows-missing-total"));
    }

    @Test
    void onMissingRetryGivesUpAfterItsAttempts() {
        Lookup<SinkRecord> t = lookup(tiersConfig("on.missing", "retry", "retry.attempts", "2", "retry.backoff.ms",
                "0"));
        assertNull(((Struct) t.apply(plain(order(1, 99))).value()).get("lookup"));
        assertEquals(1L, t.pluginStats().value("lookup-rows-missing-total"));
    }

    // ------------------------------------------------------------------ the file

    @Test
    void aChangedFileIsLoadedAgainWhileRunning() throws Exception {
        Path live = file("live.csv", "customer_id,tier\n1,gold\n");
        Lookup<SinkRecord> t = lookup(props("source", "file", "key.fields", "customer_id", "file.path", live.toString(),
                "file.key.columns", "customer_id", "file.reload.interval.ms", "20", "stats.interval.ms", "0"));
        assertEquals("gold", tier(t, order(1, 1)));
        Files.writeString(live, "customer_id,tier\n1,platinum\n2,new\n");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!"platinum".equals(tier(t, order(1, 1))) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals("platinum", tier(t, order(1, 1)));
        assertEquals("new", tier(t, order(2, 2)));
        Files.writeString(live, "customer_id,tier\n1,\"broken\n");
        Files.writeString(dir.resolve("marker.csv"), "x"); // the broken file stays: the last table is kept
        assertEquals("platinum", tier(t, order(1, 1)));
    }

    @Test
    void jsonLinesWithDeclaredAndUndeclaredColumns() {
        Path lines = file("tiers.jsonl", "{\"customer_id\": 1, \"tier\": \"gold\", \"limit\": 5000, \"vip\": true}\n"
                + "\n{\"customer_id\": 2, \"tier\": \"silver\", \"notes\": {\"a\": 1}}\n");
        Lookup<SinkRecord> t = lookup(props("source", "file", "file.format", "jsonl", "key.fields", "customer_id",
                "file.path", lines.toString(), "file.key.columns", "customer_id", "file.columns",
                "limit:int64,vip:boolean", "stats.interval.ms", "0"));
        Struct gold = ((Struct) t.apply(plain(order(1, 1))).value()).getStruct("lookup");
        assertEquals(List.of("limit", "vip", "tier", "notes"), names(gold.schema()));
        assertEquals(5000L, gold.get("limit"));
        assertEquals(true, gold.get("vip"));
        assertNull(gold.get("notes"));
        Struct silver = ((Struct) t.apply(plain(order(2, 2))).value()).getStruct("lookup");
        assertEquals("{\"a\":1}", silver.get("notes"), "an undeclared object column is its JSON text");
        assertNull(silver.get("limit"));
    }

    @Test
    void aMalformedFileAtConfigureNamesTheLineButNotItsContent() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("customer_id,tier\n1,gold\n2,\"open-secret\n", "line 3: has a quote that is never closed");
        cases.put("customer_id,tier\n1,gold,extra-secret\n", "line 2: has 3 cells, the header 2");
        cases.put("customer_id,discount\n1,0.15\n2,cheap-secret\n", "line 3, column 'discount': is not a decimal(2)");
        cases.put("id,tier\n1,gold\n", "has no key column 'customer_id'");
        cases.put("", "line 1: has no header line");
        cases.put("customer_id,tier,\n1,gold,\n", "line 1: column 3 of the header has no name");
        int i = 0;
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path bad = file("bad" + i++ + ".csv", c.getKey());
            ConfigException e = assertThrows(ConfigException.class, () -> lookup(props("source", "file",
                    "key.fields", "customer_id", "file.path", bad.toString(), "file.key.columns", "customer_id",
                    "file.columns", "discount:decimal(2)")));
            assertTrue(e.getMessage().contains("file.path"), e.getMessage());
            assertTrue(e.getMessage().contains(c.getValue()), e.getMessage());
            assertFalse(e.getMessage().contains("secret"), e.getMessage());
        }
        Path json = file("bad.jsonl", "{\"customer_id\": 1}\n[1, 2]\n");
        ConfigException e = assertThrows(ConfigException.class, () -> lookup(props("source", "file", "file.format",
                "jsonl", "key.fields", "customer_id", "file.path", json.toString(),
                "file.key.columns", "customer_id")));
        assertTrue(e.getMessage().contains("line 2: is not a JSON object"), e.getMessage());
        ConfigException missing = assertThrows(ConfigException.class, () -> lookup(props("source", "file",
                "key.fields", "customer_id", "file.path", dir.resolve("nope.csv").toString(), "file.key.columns",
                "customer_id")));
        assertTrue(missing.getMessage().contains("cannot be read"), missing.getMessage());
    }

    @Test
    void configurationMistakesNameTheirKey() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("source", "ftp");
        cases.put("target.mode", "sideways");
        cases.put("on.missing", "ignore");
        cases.put("file.columns", "discount:money");
        cases.put("file.key.columns", "a,b");
        cases.put("cache.refresh.after.write.ms", "700000");
        cases.put("key.fields", "items[*].id");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Map<String, String> config = tiersConfig(c.getKey(), c.getValue());
            ConfigException e = assertThrows(ConfigException.class, () -> lookup(config), c.getKey());
            assertTrue(e.getMessage().contains(c.getKey()), e.getMessage());
        }
        ConfigException noPath = assertThrows(ConfigException.class, () -> lookup(props("source", "file",
                "key.fields", "customer_id", "file.key.columns", "customer_id")));
        assertTrue(noPath.getMessage().contains("file.path"), noPath.getMessage());
        ConfigException noTarget = assertThrows(ConfigException.class, () -> lookup(tiersConfig("target.field", "")));
        assertTrue(noTarget.getMessage().contains("target.field"), noTarget.getMessage());
        ConfigException undeclared = assertThrows(ConfigException.class, () -> lookup(tiersConfig("file.columns",
                "bonus:int32")));
        assertTrue(undeclared.getMessage().contains("'bonus'"), undeclared.getMessage());
    }

    @Test
    void theKeySideLooksUpTheKey() {
        Lookup<SinkRecord> t = new Lookup.Key<>();
        made.add(t);
        t.configure(tiersConfig());
        Schema key = SchemaBuilder.struct().field("customer_id", Schema.INT32_SCHEMA).build();
        SinkRecord r = new SinkRecord("orders", 0, key, new Struct(key).put("customer_id", 2), null, "v", 1L);
        assertEquals("silver", ((Struct) t.apply(r).key()).getStruct("lookup").get("tier"));
        assertEquals("v", t.apply(r).value());
    }

    static List<String> names(Schema s) {
        return s.fields().stream().map(Field::name).toList();
    }

    @Nested
    class Contract extends TransformContract {
        @Override
        protected Transformation<SinkRecord> newTransform() {
            return new Lookup.Value<>();
        }

        @Override
        protected Map<String, String> config() {
            return props("source", "file", "key.fields", "tier", "file.path",
                    file("contract.csv", "level,label\n1,basic\n2,plus\n").toString(), "file.key.columns", "level",
                    "stats.interval.ms", "0");
        }

        @Override
        protected List<SinkRecord> records() {
            List<SinkRecord> records = new ArrayList<>(Fixtures.records("shop.customers"));
            Map<String, Object> row = new HashMap<>(Map.of("tier", 2, "id", 1));
            records.add(schemaless(row));
            return records;
        }

        @Override
        protected List<SinkRecord> badRecords() {
            Schema nested = SchemaBuilder.struct().field("tier", SchemaBuilder.struct().field("level",
                    Schema.INT32_SCHEMA).build()).build();
            Struct wrongShape = new Struct(nested).put("tier", new Struct(nested.field("tier").schema())
                    .put("level", 424242));
            return List.of(plain(wrongShape), schemaless(new HashMap<>(Map.of("id", 4, "name", "Ada Secret"))),
                    schemaless(new HashMap<>(Map.of("tier", List.of(31337)))));
        }

        @Override
        protected Map<String, String> badConfigs() {
            return Map.of("source", "ftp", "file.columns", "label:money", "envelope.mode", "sideways",
                    "on.error", "ignore");
        }
    }

    @Test
    void theCacheIsNotUsedForALocalTable() {
        Lookup<SinkRecord> t = lookup(tiersConfig());
        t.apply(plain(order(1, 1)));
        assertEquals(0, t.cacheSize());
        assertNotNull(t.pluginStats().value("lookup-cache-hits-total"));
        assertEquals(0L, t.pluginStats().value("lookup-cache-hits-total"));
    }
}
