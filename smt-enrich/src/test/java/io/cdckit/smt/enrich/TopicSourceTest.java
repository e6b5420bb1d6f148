/*
 * Over 400 lines because every test here shares one real broker (started once: it takes seconds)
 * and the same helpers; the topic source's behaviours are sections below: the initial load and
 * typed columns, keys, following the topic, bad records, converters, the initial load's timeout,
 * configuration mistakes, secrets and closing.
 */
package io.cdckit.smt.enrich;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code Lookup} with {@code source=topic} against a real broker: compacted topics written before
 * and while the transform runs, looked up through the real transform on Struct and schemaless rows.
 */
class TopicSourceTest {

    private static final String COLUMNS = "tier:string,credit:int64,rate:decimal(2),vip:boolean,since:date,"
            + "seen:timestamp";
    private static final String GOLD = "{\"tier\":\"gold\",\"credit\":1500,\"rate\":0.15,\"vip\":true,"
            + "\"since\":\"2020-01-31\",\"seen\":\"2024-05-31T10:00:00Z\",\"other\":\"not a column\"}";
    private static final String SILVER = "{\"tier\":\"silver\",\"credit\":20}";
    private static final Schema ORDER = SchemaBuilder.struct().name("shop.orders.Value")
            .field("order_id", Schema.INT64_SCHEMA)
            .field("customer_id", Schema.INT32_SCHEMA)
            .build();
    private static final long WAIT_MS = 30_000;

    private static ReferenceTopics kafka;

    private final List<Lookup<SinkRecord>> opened = new ArrayList<>();

    @BeforeAll
    static void startKafka() {
        kafka = ReferenceTopics.start();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @AfterEach
    void closeTransforms() {
        opened.forEach(Lookup::close);
    }

    /** A configured transform on {@code topic}; {@code more} are key, value pairs (a null value removes the key). */
    private Lookup<SinkRecord> lookup(String topic, String... more) {
        Lookup<SinkRecord> t = new Lookup.Value<>();
        opened.add(t);
        t.configure(config(topic, more));
        return t;
    }

    private static Map<String, String> config(String topic, String... more) {
        Map<String, String> c = new HashMap<>();
        c.put("source", "topic");
        c.put("key.fields", "customer_id");
        c.put("target.field", "customer");
        c.put("stats.interval.ms", "0");
        c.put(TopicSource.NAME, topic);
        c.put(TopicSource.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        c.put(TopicSource.COLUMNS, COLUMNS);
        for (int i = 0; i < more.length; i += 2) {
            if (more[i + 1] == null) {
                c.remove(more[i]);
            } else {
                c.put(more[i], more[i + 1]);
            }
        }
        return c;
    }

    private static SinkRecord order(int customer) {
        Struct value = new Struct(ORDER).put("order_id", 100L + customer).put("customer_id", customer);
        return new SinkRecord("shop.orders", 0, null, null, ORDER, value, customer);
    }

    private static SinkRecord mapOrder(Object customer) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("order_id", 100L);
        value.put("customer_id", customer);
        return new SinkRecord("shop.orders", 0, null, null, null, value, 1);
    }

    /** The looked-up struct of a Struct row, null on a miss. */
    private static Struct customer(SinkRecord out) {
        return ((Struct) out.value()).getStruct("customer");
    }

    /** The tier a Struct row gets, null on a miss. */
    private static String tier(Lookup<SinkRecord> t, int customer) {
        Struct c = customer(t.apply(order(customer)));
        return c == null ? null : c.getString("tier");
    }

    /** Waits (polling, with a deadline) until {@code actual} gives {@code expected}. */
    private static void await(String what, Object expected, Supplier<Object> actual) throws InterruptedException {
        TestUtils.waitForCondition(() -> java.util.Objects.equals(expected, actual.get()), WAIT_MS, what);
    }

    private static Date day(String iso) {
        return new Date(LocalDate.parse(iso).toEpochDay() * 86_400_000L);
    }

    private static List<Thread> consumerThreads(String topic) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(TopicSource.THREAD_PREFIX + topic) && t.isAlive()).toList();
    }

    // ------------------------------------------------------------------ initial load, typed columns

    @Test
    void initialLoadGivesStructRowsTheDeclaredColumnsTyped() {
        String topic = kafka.compacted("customers", 3);
        kafka.send(topic, "7", GOLD);
        kafka.send(topic, "8", SILVER);
        Lookup<SinkRecord> t = lookup(topic);

        SinkRecord out = t.apply(order(7));
        Struct value = (Struct) out.value();
        assertEquals(107L, value.getInt64("order_id"));
        Struct gold = value.getStruct("customer");
        assertEquals("gold", gold.getString("tier"));
        assertEquals(1500L, gold.getInt64("credit"));
        assertEquals(new BigDecimal("0.15"), gold.get("rate"));
        assertEquals(true, gold.getBoolean("vip"));
        assertEquals(day("2020-01-31"), gold.get("since"));
        assertEquals(Date.from(Instant.parse("2024-05-31T10:00:00Z")), gold.get("seen"));

        Schema columns = gold.schema();
        assertEquals(List.of("tier", "credit", "rate", "vip", "since", "seen"),
                columns.fields().stream().map(f -> f.name()).toList(), "declared columns only, in order");
        assertEquals(Decimal.LOGICAL_NAME, columns.field("rate").schema().name());
        assertEquals("2", columns.field("rate").schema().parameters().get(Decimal.SCALE_FIELD));
        assertTrue(columns.isOptional());

        Struct silver = customer(t.apply(order(8)));
        assertEquals("silver", silver.getString("tier"));
        assertEquals(20L, silver.getInt64("credit"));
        assertNull(silver.get("rate"), "a missing field is null");
        assertNull(silver.get("since"));

        SinkRecord miss = t.apply(order(9));
        assertNull(customer(miss), "a miss: null target");
        assertEquals(columns, ((Struct) miss.value()).schema().field("customer").schema(), "one schema for hits "
                + "and misses");
    }

    @Test
    void schemalessRowsGetTheColumnsAsAMap() {
        String topic = kafka.compacted("customers", 1);
        kafka.send(topic, "7", GOLD);
        Lookup<SinkRecord> t = lookup(topic);

        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) t.apply(mapOrder(7L)).value();
        @SuppressWarnings("unchecked")
        Map<String, Object> gold = (Map<String, Object>) out.get("customer");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("tier", "gold");
        expected.put("credit", 1500L);
        expected.put("rate", new BigDecimal("0.15"));
        expected.put("vip", true);
        expected.put("since", day("2020-01-31"));
        expected.put("seen", Date.from(Instant.parse("2024-05-31T10:00:00Z")));
        assertEquals(expected, gold);
        assertEquals(100L, out.get("order_id"));

        @SuppressWarnings("unchecked")
        Map<String, Object> miss = (Map<String, Object>) t.apply(mapOrder(9L)).value();
        assertTrue(miss.containsKey("customer"));
        assertNull(miss.get("customer"));
    }

    // ------------------------------------------------------------------ keys

    @Test
    void keyFieldsOfAnyTypeMatchTheTopicsStringKeyByItsText() {
        String topic = kafka.compacted("customers", 1);
        kafka.send(topic, "7", GOLD);
        Lookup<SinkRecord> t = lookup(topic);

        assertEquals("gold", tier(t, 7), "int32");
        for (Object key : List.of(7L, "7", (short) 7)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> out = (Map<String, Object>) t.apply(mapOrder(key)).value();
            assertNotNull(out.get("customer"), key.getClass().getSimpleName());
        }
        Schema decimalOrder = SchemaBuilder.struct().field("customer_id", Decimal.schema(2)).build();
        Struct row = new Struct(decimalOrder).put("customer_id", new BigDecimal("7.00"));
        SinkRecord out = t.apply(new SinkRecord("shop.orders", 0, null, null, decimalOrder, row, 3));
        assertEquals("gold", customer(out).getString("tier"), "decimal 7.00");
    }

    @Test
    void severalKeyFieldsAreJoinedByTheSeparator() {
        String pipes = kafka.compacted("regional", 2);
        kafka.send(pipes, "eu|7", GOLD);
        kafka.send(pipes, "us|7", SILVER);
        String commas = kafka.compacted("regional", 1);
        kafka.send(commas, "eu,7", GOLD);
        Schema regional = SchemaBuilder.struct().field("region", Schema.STRING_SCHEMA)
                .field("customer_id", Schema.INT32_SCHEMA).build();

        Lookup<SinkRecord> t = lookup(pipes, "key.fields", "region,customer_id", TopicSource.KEY_SEPARATOR, "|");
        Lookup<SinkRecord> byDefault = lookup(commas, "key.fields", "region,customer_id");
        Struct eu = new Struct(regional).put("region", "eu").put("customer_id", 7);
        Struct us = new Struct(regional).put("region", "us").put("customer_id", 7);
        Struct asia = new Struct(regional).put("region", "asia").put("customer_id", 7);
        assertEquals("gold", tierOf(t.apply(row(regional, eu))));
        assertEquals("silver", tierOf(t.apply(row(regional, us))));
        assertNull(tierOf(t.apply(row(regional, asia))));
        assertEquals("gold", tierOf(byDefault.apply(row(regional, eu))), "the default separator is a comma");
        assertNull(tierOf(byDefault.apply(row(regional, us))));
    }

    private static SinkRecord row(Schema schema, Struct value) {
        return new SinkRecord("shop.orders", 0, null, null, schema, value, 1);
    }

    private static String tierOf(SinkRecord out) {
        Struct c = customer(out);
        return c == null ? null : c.getString("tier");
    }

    @Test
    void structAndMapTopicKeysGiveTheirFieldsInOrder() {
        String structKeys = kafka.compacted("keyed", 1);
        kafka.send(structKeys, "{\"schema\":{\"type\":\"struct\",\"fields\":["
                + "{\"field\":\"region\",\"type\":\"string\"},{\"field\":\"id\",\"type\":\"int32\"}]},"
                + "\"payload\":{\"region\":\"eu\",\"id\":7}}", GOLD);
        String mapKeys = kafka.compacted("keyed", 1);
        kafka.send(mapKeys, "{\"id\":7,\"region\":\"eu\"}", GOLD);
        kafka.send(mapKeys, "{\"id\":8,\"region\":\"us\"}", SILVER);
        String oneEntry = kafka.compacted("keyed", 1);
        kafka.send(oneEntry, "{\"id\":7}", GOLD);
        Schema regional = SchemaBuilder.struct().field("region", Schema.STRING_SCHEMA)
                .field("customer_id", Schema.INT32_SCHEMA).build();
        Struct eu = new Struct(regional).put("region", "eu").put("customer_id", 7);
        Struct us = new Struct(regional).put("region", "us").put("customer_id", 8);

        Lookup<SinkRecord> byStruct = lookup(structKeys, "key.fields", "region,customer_id",
                TopicSource.KEY_CONVERTER, TopicSource.JSON_CONVERTER,
                TopicSource.KEY_CONVERTER + ".schemas.enable", "true");
        assertEquals("gold", tierOf(byStruct.apply(row(regional, eu))), "a struct key: its fields in schema order");

        Lookup<SinkRecord> byMap = lookup(mapKeys, "key.fields", "region,customer_id",
                TopicSource.KEY_CONVERTER, TopicSource.JSON_CONVERTER, TopicSource.KEY_FIELDS, "region,id");
        assertEquals("gold", tierOf(byMap.apply(row(regional, eu))), "a map key: the fields of topic.key.fields");
        assertEquals("silver", tierOf(byMap.apply(row(regional, us))));

        Lookup<SinkRecord> single = lookup(oneEntry, TopicSource.KEY_CONVERTER, TopicSource.JSON_CONVERTER);
        assertEquals("gold", tier(single, 7), "a map key of one entry: its value");

        try (LogCapture logs = LogCapture.start()) {
            Lookup<SinkRecord> unordered = lookup(mapKeys, "key.fields", "region,customer_id",
                    TopicSource.KEY_CONVERTER, TopicSource.JSON_CONVERTER);
            assertNull(tierOf(unordered.apply(row(regional, eu))), "a map key of several entries has no order");
            List<String> warnings = logs.warnings().stream().filter(w -> w.contains("skipped the record")).toList();
            assertEquals(2, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("offset 0 of topic '" + mapKeys + "'"), warnings.get(0));
            assertTrue(warnings.get(0).contains(TopicSource.KEY_FIELDS), warnings.get(0));
        }
    }

    // ------------------------------------------------------------------ following the topic

    @Test
    void recordsWrittenWhileTheTransformRunsBecomeVisible() throws InterruptedException {
        String topic = kafka.compacted("customers", 2);
        kafka.send(topic, "7", GOLD);
        Lookup<SinkRecord> t = lookup(topic);
        assertEquals("gold", tier(t, 7));
        assertNull(tier(t, 10));

        kafka.send(topic, "7", "{\"tier\":\"platinum\",\"credit\":9000}");
        kafka.send(topic, "10", SILVER);
        await("the update of key 7", "platinum", () -> tier(t, 7));
        await("the new key 10", "silver", () -> tier(t, 10));
        Struct platinum = customer(t.apply(order(7)));
        assertEquals(9000L, platinum.getInt64("credit"));
        assertNull(platinum.get("rate"), "a new row replaces the old one whole");
    }

    @Test
    void partitionsAddedWhileTheTransformRunsAreReadFromTheBeginning() throws InterruptedException {
        String topic = kafka.compacted("customers", 1);
        kafka.send(topic, 0, "7", GOLD);
        Lookup<SinkRecord> t = lookup(topic, TopicSource.CHECK_INTERVAL_MS, "200",
                TopicSource.CONSUMER_PREFIX + "metadata.max.age.ms", "500");
        assertEquals("gold", tier(t, 7));

        kafka.addPartitions(topic, 2);
        kafka.send(topic, 1, "8", SILVER);
        await("a key of the new partition", "silver", () -> tier(t, 8));
        kafka.send(topic, 0, "7", "{\"tier\":\"platinum\"}");
        await("the old partition, still followed", "platinum", () -> tier(t, 7));
    }

    @Test
    void aTombstoneDeletesItsKey() throws InterruptedException {
        String topic = kafka.compacted("customers", 1);
        kafka.send(topic, "7", GOLD);
        kafka.send(topic, "8", SILVER);
        Lookup<SinkRecord> t = lookup(topic);
        assertEquals("silver", tier(t, 8));

        kafka.send(topic, "8", null);
        await("the tombstone of key 8", null, () -> tier(t, 8));
        assertEquals("gold", tier(t, 7));

        Lookup<SinkRecord> failing = lookup(topic, "on.missing", "fail");
        assertEquals("gold", tier(failing, 7));
        DataException e = assertThrows(DataException.class, () -> failing.apply(order(8)));
        assertTrue(e.getMessage().contains("no row for the key"), e.getMessage());
    }

    // ------------------------------------------------------------------ bad records

    @Test
    void aRecordThatDoesNotFitIsSkippedWithAWarningNamingTheColumnAndOffset() throws InterruptedException {
        String topic = kafka.compacted("customers", 1);
        kafka.send(topic, "7", GOLD); // offset 0
        try (LogCapture logs = LogCapture.start()) {
            Lookup<SinkRecord> t = lookup(topic);
            assertEquals("gold", tier(t, 7));

            kafka.send(topic, "7", "{\"tier\":\"tin-grade\",\"credit\":\"lots-of-credit\"}"); // 1: credit is not int64
            kafka.send(topic, "12", "{\"tier\":\"tin-grade\",\"vip\":\"perhaps-so\"}"); // 2: vip is not boolean
            kafka.send(topic, "13", "\"just-some-text\""); // 3: not an object
            kafka.send(topic, "14", "{not json at all"); // 4: the converter fails
            kafka.send(topic, "15", "{\"tier\":\"bronze\",\"rate\":0.125}"); // 5: more digits than decimal(2)
            kafka.send(topic, "16", SILVER); // 6: the marker
            await("the marker after the skipped records", "silver", () -> tier(t, 16));

            assertEquals("gold", tier(t, 7), "a skipped record leaves the key's last row");
            for (int key : List.of(12, 13, 14, 15)) {
                assertNull(tier(t, key), "skipped: " + key);
            }
            List<String> warnings = logs.warnings().stream().filter(w -> w.contains("skipped the record")).toList();
            assertEquals(5, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("offset 1 of topic '" + topic + "' partition 0: column 'credit' is "
                    + "not a int64 value"), warnings.get(0));
            assertTrue(warnings.get(1).contains("offset 2 ") && warnings.get(1).contains("column 'vip'"),
                    warnings.get(1));
            assertTrue(warnings.get(2).contains("offset 3 ") && warnings.get(2).contains("not a struct or a map"),
                    warnings.get(2));
            assertTrue(warnings.get(3).contains("offset 4 ") && warnings.get(3).contains("converter cannot read"),
                    warnings.get(3));
            assertTrue(warnings.get(4).contains("offset 5 ") && warnings.get(4).contains("column 'rate'"),
                    warnings.get(4));
            for (String line : logs.lines()) {
                for (String value : List.of("tin-grade", "lots-of-credit", "perhaps-so", "just-some-text", "not json",
                        "0.125")) {
                    assertFalse(line.contains(value), "no value in the logs: " + line);
                }
            }
        }
    }

    // ------------------------------------------------------------------ converters

    @Test
    void aValueConverterWithSchemasGivesStructValues() {
        String topic = kafka.compacted("customers", 1);
        String schema = "{\"type\":\"struct\",\"fields\":["
                + "{\"field\":\"tier\",\"type\":\"string\",\"optional\":true},"
                + "{\"field\":\"credit\",\"type\":\"int32\"},"
                + "{\"field\":\"rate\",\"type\":\"bytes\",\"name\":\"org.apache.kafka.connect.data.Decimal\","
                + "\"parameters\":{\"scale\":\"2\"},\"optional\":true},"
                + "{\"field\":\"since\",\"type\":\"int32\",\"name\":\"org.apache.kafka.connect.data.Date\"}]}";
        kafka.send(topic, "7", "{\"schema\":" + schema + ",\"payload\":{\"tier\":\"gold\",\"credit\":1500,"
                + "\"rate\":0.15,\"since\":18292}}");
        kafka.send(topic, "8", "{\"schema\":" + schema + ",\"payload\":{\"credit\":20,\"since\":0}}");
        Lookup<SinkRecord> t = lookup(topic, TopicSource.VALUE_CONVERTER + ".schemas.enable", "true");

        Struct gold = customer(t.apply(order(7)));
        assertEquals("gold", gold.getString("tier"));
        assertEquals(1500L, gold.getInt64("credit"), "an int32 field into an int64 column");
        assertEquals(new BigDecimal("0.15"), gold.get("rate"));
        assertEquals(day("2020-01-31"), gold.get("since"), "a Connect date as itself");
        assertNull(gold.get("vip"), "a column the value's schema lacks is null");
        Struct other = customer(t.apply(order(8)));
        assertNull(other.getString("tier"));
        assertEquals(day("1970-01-01"), other.get("since"));
    }

    // ------------------------------------------------------------------ the initial load's timeout

    @Test
    void theFirstLookupFailsRetriablyWhenTheInitialLoadDoesNotFinishInTime() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String topic = "nobody-listens";
        Lookup<SinkRecord> t = lookup(topic, TopicSource.BOOTSTRAP_SERVERS, "127.0.0.1:" + port,
                TopicSource.INITIAL_LOAD_TIMEOUT_MS, "300");
        RetriableException e = assertThrows(RetriableException.class, () -> t.apply(order(7)));
        assertTrue(e.getMessage().contains("the table of topic '" + topic + "' is not loaded yet"), e.getMessage());
        assertTrue(e.getMessage().contains(TopicSource.INITIAL_LOAD_TIMEOUT_MS), e.getMessage());
        assertThrows(RetriableException.class, () -> t.apply(order(7)), "again, while nobody listens");

        assertEquals(1, consumerThreads(topic).size());
        t.close();
        assertEquals(List.of(), consumerThreads(topic), "close() stops the consumer even while it cannot connect");
    }

    // ------------------------------------------------------------------ configuration mistakes

    @Test
    void configurationMistakesAreConfigExceptionsNamingTheKey() {
        String topic = kafka.compacted("customers", 1);
        Object[][] wrong = {
            {TopicSource.NAME, new String[] {TopicSource.NAME, null}, "must be set with source=topic"},
            {TopicSource.NAME, new String[] {TopicSource.NAME, "no spaces please"}, "must be a topic name"},
            {TopicSource.BOOTSTRAP_SERVERS, new String[] {TopicSource.BOOTSTRAP_SERVERS, null},
                "must be set with source=topic"},
            {TopicSource.BOOTSTRAP_SERVERS, new String[] {TopicSource.BOOTSTRAP_SERVERS, "localhost"},
                "must be a list of host:port"},
            {TopicSource.COLUMNS, new String[] {TopicSource.COLUMNS, null}, "must be set with source=topic"},
            {TopicSource.COLUMNS, new String[] {TopicSource.COLUMNS, "tier:money"}, "'money' is not a type"},
            {TopicSource.COLUMNS, new String[] {TopicSource.COLUMNS, "tier"}, "not name:type"},
            {TopicSource.VALUE_CONVERTER, new String[] {TopicSource.VALUE_CONVERTER, "com.example.NoSuchConverter"},
                "not found"},
            {TopicSource.KEY_CONVERTER, new String[] {TopicSource.KEY_CONVERTER, "java.lang.String"},
                "must name a class that implements org.apache.kafka.connect.storage.Converter"},
            {TopicSource.VALUE_CONVERTER, new String[] {TopicSource.VALUE_CONVERTER + ".schemas.enable", "maybe"},
                "does not take the " + TopicSource.VALUE_CONVERTER + ".* settings"},
            {TopicSource.KEY_SEPARATOR, new String[] {TopicSource.KEY_SEPARATOR, " "}, "must not be empty"},
            {TopicSource.CONSUMER_PREFIX + "group.id", new String[] {TopicSource.CONSUMER_PREFIX + "group.id", "g1"},
                "is set by the topic source itself"},
            {TopicSource.CONSUMER_PREFIX + "bootstrap.servers", new String[] {TopicSource.CONSUMER_PREFIX
                + "bootstrap.servers", "localhost:9092"}, "is taken from " + TopicSource.BOOTSTRAP_SERVERS},
            {TopicSource.CONSUMER_PREFIX + "*", new String[] {TopicSource.CONSUMER_PREFIX + "fetch.min.bytes", "lots"},
                "fetch.min.bytes"},
            {TopicSource.INITIAL_LOAD_TIMEOUT_MS, new String[] {TopicSource.INITIAL_LOAD_TIMEOUT_MS, "-1"},
                "Value must be at least 0"},
        };
        for (Object[] c : wrong) {
            String key = (String) c[0];
            String[] settings = (String[]) c[1];
            String fragment = (String) c[2];
            Lookup<SinkRecord> t = new Lookup.Value<>();
            opened.add(t);
            ConfigException e = assertThrows(ConfigException.class, () -> t.configure(config(topic, settings)),
                    String.join("=", settings));
            assertTrue(e.getMessage().contains(key), key + ": " + e.getMessage());
            assertTrue(e.getMessage().contains(fragment), key + ": " + e.getMessage());
        }
        assertEquals(List.of(), consumerThreads(topic), "a configuration that fails leaves no consumer behind");
    }

    @Test
    void theTopicKeysAreCheckedOnlyForTheTopicSource() {
        Map<String, String> jdbc = new HashMap<>();
        jdbc.put("source", "jdbc");
        jdbc.put("key.fields", "customer_id");
        jdbc.put("jdbc.url", "jdbc:postgresql://localhost:1/none");
        jdbc.put("jdbc.query", "SELECT tier FROM customers WHERE id = ?");
        jdbc.put(TopicSource.KEY_CONVERTER, "java.lang.String"); // not a converter, but not the topic source
        jdbc.put(TopicSource.COLUMNS, "tier:money");
        Lookup<SinkRecord> t = new Lookup.Value<>();
        opened.add(t);
        t.configure(jdbc);
    }

    // ------------------------------------------------------------------ secrets

    @Test
    void aSecretConsumerSettingIsNeverLoggedNorShown() {
        String topic = kafka.compacted("customers", 1);
        kafka.send(topic, "7", GOLD);
        String secret = "s3cr3t-Jaas-Pa55";
        String jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\""
                + secret + "\";";
        try (LogCapture logs = LogCapture.start()) {
            Lookup<SinkRecord> t = lookup(topic, TopicSource.CONSUMER_PREFIX + "sasl.jaas.config", jaas,
                    TopicSource.CONSUMER_PREFIX + "ssl.truststore.password", secret + "-trust");
            assertEquals("gold", tier(t, 7), "a PLAINTEXT consumer ignores the SASL settings");
            t.close();

            Lookup<SinkRecord> broken = new Lookup.Value<>();
            opened.add(broken);
            ConfigException e = assertThrows(ConfigException.class, () -> broken.configure(config(topic,
                    TopicSource.CONSUMER_PREFIX + "security.protocol", "SASL_PLAINTEXT",
                    TopicSource.CONSUMER_PREFIX + "sasl.mechanism", "PLAIN",
                    TopicSource.CONSUMER_PREFIX + "sasl.jaas.config", "org.example.Login " + secret + " x;")));
            assertTrue(e.getMessage().contains(TopicSource.CONSUMER_PREFIX), e.getMessage());
            assertFalse(e.getMessage().contains(secret), e.getMessage());

            ConfigException forced = assertThrows(ConfigException.class, () -> broken.configure(config(topic,
                    TopicSource.CONSUMER_PREFIX + "group.id", "g", TopicSource.CONSUMER_PREFIX + "sasl.jaas.config",
                    jaas)));
            assertFalse(forced.getMessage().contains(secret), forced.getMessage());
            assertFalse(logs.lines().isEmpty(), "the consumer's settings were logged, at INFO");
            for (String line : logs.lines()) {
                assertFalse(line.contains(secret), "never logged: " + line);
            }
        }
    }

    // ------------------------------------------------------------------ closing

    @Test
    void closeEndsTheConsumerThread() {
        String topic = kafka.compacted("customers", 2);
        kafka.send(topic, "7", GOLD);
        Lookup<SinkRecord> t = lookup(topic);
        assertEquals("gold", tier(t, 7));
        List<Thread> running = consumerThreads(topic);
        assertEquals(1, running.size());
        assertTrue(running.get(0).isDaemon());

        t.close();
        assertEquals(List.of(), consumerThreads(topic));
        t.close(); // twice is harmless

        t.configure(config(topic)); // configured again: a new consumer, which loads the table again
        assertEquals("gold", tier(t, 7));
        assertEquals(1, consumerThreads(topic).size());
    }
}
