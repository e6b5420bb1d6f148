/*
 * Over 400 lines because it is one comparison with Debezium's router, option by option, each
 * difference asserted beside the parity it departs from; the generated documents have a class of
 * their own (OutboxRouterRandomDifferentialTest).
 */
package io.cdckit.smt.routing;

import io.cdckit.testkit.Differential;
import io.cdckit.testkit.Envelopes;

import io.debezium.transforms.outbox.EventRouter;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.cdckit.smt.routing.OutboxEvents.NULLABLE;
import static io.cdckit.smt.routing.OutboxEvents.STRICT;
import static io.cdckit.smt.routing.OutboxEvents.props;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code OutboxRouter} against Debezium 3.7's {@code io.debezium.transforms.outbox.EventRouter}, run
 * here on the same outbox events (Debezium PostgreSQL envelopes of an outbox table, as source
 * records: Debezium's router is a source-side transform), option by option: same topic, partition,
 * key and key schema, value and value schema, headers and timestamp, every expected output computed
 * by Debezium's router in the test.
 *
 * <p>Debezium's router caches value schemas by what it saw first, so its output for a record depends
 * on the records before it; ours depends on the record alone. Where that matters (values with
 * envelope fields) each record is compared with a fresh Debezium router's output for it, and
 * {@link #debeziumsOutputDependsOnHistoryOursDoesNot} shows the difference. The other documented
 * differences (where Debezium fails, crashes, loses values or writes a value that does not match its
 * schema) are asserted explicitly at the end, each with what Debezium does.
 */
class OutboxRouterDifferentialTest {

    /** Payload documents both expand the same way, in every null and empty-array behavior. */
    static final List<String> SHAPES = List.of(
            "{\"id\":1,\"customerId\":123,\"orderDate\":\"2019-01-31T12:13:01\",\"lineItems\":[{\"id\":1,"
                    + "\"item\":\"Debezium in Action\",\"status\":\"ENTERED\",\"quantity\":2,\"totalPrice\":39.98},"
                    + "{\"id\":2,\"item\":\"Debezium for Dummies\",\"status\":\"ENTERED\",\"quantity\":1,"
                    + "\"totalPrice\":29.99}]}",
            "{\"a\":\"x\",\"b\":true,\"c\":1,\"d\":3000000000,\"e\":1.5,\"f\":null,\"g\":[],\"h\":{}}",
            "{\"nested\":{\"deeper\":{\"deepest\":{\"v\":[1,2,3]}}},\"tags\":[\"a\",\"b\"],\"flags\":[true,false]}",
            "{\"items\":[{\"sku\":\"a\",\"discount\":null},{\"sku\":\"b\",\"discount\":5}]}",
            "{\"items\":[{\"sku\":\"a\"},{\"sku\":\"b\",\"note\":\"n\"},{\"qty\":3,\"sku\":\"c\"},{\"sku\":\"d\"}]}",
            "{\"matrix\":[[1,2],[3]],\"words\":[[\"a\"],[]],\"longs\":[3000000000,-3000000000]}",
            "{\"groups\":[[{\"n\":1}],[{\"n\":2}]],\"deep\":[{\"in\":[{\"x\":\"y\"}]}]}",
            "{\"sparse\":[1,null,2],\"objs\":[{\"a\":1},null],\"nulls\":[null,null]}",
            "{\"u\":\"\\u00fcn\\u00efc\\u00f6d\\u00e9 \\\"quoted\\\" \\n\",\"empty\":{},\"zero\":0}",
            "{\"a\":1} trailing text after the document",
            "{\"n\":-2147483648,\"m\":2147483648,\"x\":-9223372036854775808,\"z\":1e3,\"w\":-0.0}",
            "{\"dup\":1,\"dup\":2}",
            "{\"first_name\":\"kept\",\"ok9\":true}",
            // not expanded by either: not JSON, leading space, invalid, mixed arrays
            "not json at all", " {\"a\":1}", "", "{\"a\":", "{\"a\":[1,\"x\"]}", "{\"a\":[1,2.5]}",
            "{\"a\":[1,3000000000]}", "{\"a\":[[],[1]]}", "null", "42", "\"text\"");

    static OutboxRouter<SourceRecord> ours(Map<String, String> config) {
        OutboxRouter<SourceRecord> t = new OutboxRouter<>();
        t.configure(config);
        return t;
    }

    static EventRouter<SourceRecord> debeziums(Map<String, String> config) {
        EventRouter<SourceRecord> t = new EventRouter<>();
        t.configure(config);
        return t;
    }

    /**
     * Every record through one of our routers and through Debezium's: one router for all records,
     * and, when {@code freshPeer}, a new Debezium router for each record (its schema caches then
     * see that record alone).
     */
    static <R extends org.apache.kafka.connect.connector.ConnectRecord<R>> int compare(Map<String, String> config,
            List<R> records, boolean freshPeer, String label) {
        OutboxRouter<R> mine = new OutboxRouter<>();
        mine.configure(config);
        EventRouter<R> shared = new EventRouter<>();
        shared.configure(config);
        int compared = 0;
        for (R r : records) {
            EventRouter<R> peer = shared;
            if (freshPeer) {
                peer = new EventRouter<>();
                peer.configure(config);
            }
            Differential.Outcome o = Differential.compare(mine, peer, List.of(r), label + " " + config);
            assertEquals(0, o.peerCrashes, label + ": Debezium crashed on a record the comparison expects it to route");
            compared += o.compared;
        }
        return compared;
    }

    /** The expanded documents of {@link #SHAPES}, as inserts of two aggregate types. */
    static List<SourceRecord> shapes() {
        List<SourceRecord> out = new ArrayList<>();
        for (int i = 0; i < SHAPES.size(); i++) {
            out.add(STRICT.insert(i, i % 2 == 0 ? "Order" : "Customer", "agg-" + i, SHAPES.get(i)));
        }
        return out;
    }

    /** Every operation and kind of record an outbox connector writes, and records that are not events. */
    static List<SourceRecord> mixed() {
        List<SourceRecord> out = new ArrayList<>();
        out.add(STRICT.insert(1, "Order", "1", SHAPES.get(0)));
        out.add(STRICT.source(STRICT.event("r", STRICT.row(2, "Customer", "2", "{\"name\":\"c\"}"), 2), 2));
        out.add(STRICT.insert(3, "Order", "3", null));
        out.add(STRICT.insert(4, "Order", "4", ""));
        out.add(STRICT.insert(5, "Order", "5", "   "));
        out.add(STRICT.source(STRICT.event("u", STRICT.row(6, "Order", "6", "{}"), 6), 6));
        out.add(STRICT.source(STRICT.event("d", STRICT.row(7, "Order", "7", "{}"), 7), 7));
        out.add(STRICT.tombstone(7));
        out.add(STRICT.source(STRICT.event("x", STRICT.row(8, "Shipment", "8", "{}"), 8), 8));
        out.add(new SourceRecord(Map.of(), Map.of(), "__debezium-heartbeat.pg", null, null, null, Envelopes.HEARTBEAT,
                Envelopes.heartbeat(1L)));
        out.add(new SourceRecord(Map.of(), Map.of(), "pg", null, null, null, Envelopes.SCHEMA_CHANGE,
                Envelopes.schemaChange("ALTER TABLE outboxevent ADD COLUMN x int")));
        out.add(new SourceRecord(Map.of(), Map.of(), "pg.other", null, null, null, Schema.STRING_SCHEMA, "plain"));
        Struct nullCreated = STRICT.row(9, "Order", "9", "{\"a\":1}").put("created", null).put("created_ms", null)
                .put("created_ns", null).put("created_tz", null).put("tenant", null).put("part", null);
        out.add(STRICT.source(STRICT.event("c", nullCreated, 9), 9));
        return out;
    }

    // ------------------------------------------------------------------ the same output

    @Test
    void defaultsOnEveryKindOfRecord() {
        assertEquals(mixed().size(), compare(props(), mixed(), false, "defaults"));
        assertEquals(mixed().size(), compare(props("table.op.invalid.behavior", "error"), mixed(), false, "error"));
    }

    @Test
    void eachColumnOption() {
        List<SourceRecord> in = mixed();
        List<Map<String, String>> configs = List.of(
                props("table.field.event.id", "tenant"),
                props("table.field.event.key", "tenant"),
                props("table.field.event.key", "part"),
                props("table.field.event.type", "tenant"),
                props("table.field.event.payload", "payload_bin"),
                props("table.field.event.payload", "tenant"),
                props("table.field.event.timestamp", "created"),
                props("table.field.event.timestamp", "created_ms"),
                props("table.field.event.timestamp", "created_ns"),
                props("table.field.event.schema.version", "version"),
                props("route.by.field", "type"),
                props("route.by.field", "tenant", "table.field.event.key", "aggregatetype"),
                props("route.tombstone.on.empty.payload", "true"),
                props("route.tombstone.on.empty.payload", "true", "table.field.event.payload", "payload_bin"),
                props("tracing.span.context.field", "tenant", "tracing.operation.name", "x",
                        "tracing.with.context.field.only", "true"));
        for (Map<String, String> c : configs) {
            // a record whose tenant (the routing column here) is null would crash Debezium: left out
            List<SourceRecord> records = "tenant".equals(c.get("route.by.field")) ? in.subList(0, in.size() - 1) : in;
            assertEquals(records.size(), compare(c, records, false, "option"));
        }
    }

    @Test
    void routing() {
        List<SourceRecord> in = new ArrayList<>();
        String[] types = {"Order", "Customer", "Shipment", "order_line", "Ünïcode", ""};
        for (int i = 0; i < types.length; i++) {
            in.add(STRICT.insert(i, types[i], "k" + i, "{}"));
        }
        for (Map<String, String> c : List.of(
                props("route.topic.regex", "(?<routedByValue>Order|Customer)",
                        "route.topic.replacement", "events.${routedByValue}.v1"),
                props("route.topic.regex", "(.)(.*)", "route.topic.replacement", "$2-$1"),
                props("route.topic.regex", "(?i)(?<routedByValue>ORDER)", "route.topic.replacement", "o.\\$x.${routedByValue}"),
                props("route.topic.regex", ".*", "route.topic.replacement", "all-events"),
                props("route.topic.regex", "(?<t>.*?)(_line)?", "route.topic.replacement", "lazy.${t}"),
                props("route.topic.replacement", "${routedByValue}"))) {
            assertEquals(in.size(), compare(c, in, false, "routing"));
        }
    }

    @Test
    void additionalPlacements() {
        List<SourceRecord> in = mixed();
        for (Map<String, String> c : List.of(
                props("table.fields.additional.placement", "type:header:eventType"),
                props("table.fields.additional.placement", "type:header:eventType,created:header,tenant:HEADER:t"),
                props("table.fields.additional.placement", "part:partition"),
                props("table.fields.additional.placement", "type:envelope"),
                props("table.fields.additional.placement",
                        "type:envelope:eventType,tenant:envelope,part:partition,aggregateid:header:agg,created:envelope"),
                props("table.fields.additional.placement", "type:envelope", "table.field.event.schema.version", "version"),
                props("table.fields.additional.placement", "nosuch:header,type:envelope,nosuch2:envelope,nosuch3:partition",
                        "table.field.additional.missing", "ignore"),
                props("table.fields.additional.placement", "type:envelope,tenant:header",
                        "route.tombstone.on.empty.payload", "true"))) {
            assertEquals(in.size(), compare(c, in, true, "placement"));
        }
        // a missing header column fails both (Debezium: Struct.get's DataException)
        assertEquals(1, compare(props("table.fields.additional.placement", "nosuch:header"),
                List.of(STRICT.insert(1, "Order", "1", "{}")), false, "missing header"));
    }

    @Test
    void expandedJsonPayloadsOfEveryShape() {
        List<SourceRecord> in = shapes();
        for (String nulls : List.of("ignore", "optional_bytes")) {
            for (String empty : List.of("ignore", "optional_string")) {
                Map<String, String> c = props("table.expand.json.payload", "true",
                        "table.json.payload.null.behavior", nulls, "table.json.payload.empty.array.behavior", empty);
                List<SourceRecord> records = new ArrayList<>(in);
                if (empty.equals("optional_string")) {
                    records.removeIf(r -> "{\"a\":[[],[1]]}".equals(payload(r))); // Debezium: schema and value disagree
                }
                assertEquals(records.size(), compare(c, records, false, "expand"));
                long expanded = records.stream().map(r -> ours(c).apply(r).value()).filter(Struct.class::isInstance).count();
                assertEquals(nulls.equals("ignore") ? 12 : 13, expanded, "the documents expanded (the rest: text)");
                Map<String, String> enveloped = new HashMap<>(c);
                enveloped.put("table.fields.additional.placement", "type:envelope,aggregateid:envelope:agg");
                assertEquals(records.size(), compare(enveloped, records, true, "expand, envelope"));
                enveloped.put("table.field.event.schema.version", "version");
                assertEquals(records.size(), compare(enveloped, records, true, "expand, envelope, version"));
            }
        }
        assertEquals(in.size(), compare(props("table.expand.json.payload", "true", "table.field.event.payload",
                "payload_bin"), in, false, "expand, bytes payload"));
        assertEquals(in.size(), compare(props("table.expand.json.payload", "true", "field.name.adjustment.mode",
                "avro"), in, false, "expand, avro names that need no change"));
    }

    /** Every combination of the null and empty-array behaviors, with JSON expansion on. */
    static List<Map<String, String>> expansions(String... more) {
        List<Map<String, String>> out = new ArrayList<>();
        for (String nulls : List.of("ignore", "optional_bytes")) {
            for (String empty : List.of("ignore", "optional_string")) {
                Map<String, String> c = props(more);
                c.put("table.expand.json.payload", "true");
                c.put("table.json.payload.null.behavior", nulls);
                c.put("table.json.payload.empty.array.behavior", empty);
                out.add(c);
            }
        }
        return out;
    }

    @Test
    void anEmptyJsonKeyLeavesThePayloadAsItIsAsInDebezium() {
        List<String> docs = List.of("{\"\":1}", "{\"a\":{\"\":1}}", "[{\"\":1}]", "{\"a\":[{\"b\":1},{\"\":{}}]}",
                "{\"\":null}", "{\"a\":1,\"\":[]}");
        List<SourceRecord> in = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            in.add(STRICT.insert(i, "Order", "agg-" + i, docs.get(i)));
        }
        for (Map<String, String> c : expansions()) {
            assertEquals(in.size(), compare(c, in, false, "an empty key"));
            OutboxRouter<SourceRecord> mine = ours(c);
            for (int pass = 0; pass < 2; pass++) { // the refusal is cached: the router goes on working
                assertEquals(docs.get(0), mine.apply(in.get(0)).value(), c.toString());
                SourceRecord schemaless = OutboxRouterTest.schemaless(in.get(1));
                assertEquals(docs.get(1), mine.apply(schemaless).value(), "schemaless: as it is");
            }
        }
    }

    @Test
    void arraysOfArraysHaveTheSchemaOfTheirFirstElementAsInDebezium() {
        // later elements that hold no value: Debezium reads them with the first element's schema
        List<String> expanded = List.of("{\"m\":[[1,2],[null]]}", "{\"m\":[[1],[null,null]]}",
                "{\"m\":[[{\"a\":1}],[null]]}", "{\"m\":[[[1]],[[null]]]}", "{\"m\":[[[1]],[[null],[2]]]}",
                "{\"m\":[[{\"a\":[1]}],[{\"a\":[null]}]]}", "{\"m\":[[[1]],[[]]]}",
                "{\"m\":[[{\"a\":1},{\"b\":2}],[{\"a\":3}]]}");
        // an empty array and an array of nulls: the first one's schema (or none, as in Debezium)
        List<String> either = List.of("{\"x\":[[],[null]]}", "{\"x\":[[null],[]]}",
                "{\"x\":[{\"a\":[]},{\"a\":[null]}]}", "{\"x\":[[[]],[[null]]]}");
        List<SourceRecord> in = new ArrayList<>();
        for (String doc : expanded) {
            in.add(STRICT.insert(in.size(), "Order", "agg", doc));
        }
        for (String doc : either) {
            in.add(STRICT.insert(in.size(), "Order", "agg", doc));
        }
        for (Map<String, String> c : expansions()) {
            assertEquals(in.size(), compare(c, in, false, "arrays of arrays"));
            for (SourceRecord r : in.subList(0, expanded.size())) {
                assertInstanceOf(Struct.class, ours(c).apply(r).value(), payload(r));
            }
        }
        Map<String, String> both = expansions().get(3);
        Struct x = (Struct) ours(both).apply(in.get(expanded.size())).value();
        assertEquals(Schema.Type.STRING, x.schema().field("x").schema().valueSchema().valueSchema().type(),
                "[[],[null]]: the empty array's strings, as Debezium's");
    }

    @Test
    void aKeyAdjustedToTheNameOfAnotherMakesOneFieldAsInDebezium() {
        List<String> docs = List.of("{\"a-b\":1,\"a_b\":2}", "{\"a_b\":2,\"a-b\":1}", "{\"a-b\":[1],\"a_b\":[]}",
                "{\"x\":{\"a-b\":\"s\",\"a_b\":null}}", "{\"a_b\":null,\"a-b\":1}",
                "{\"l\":[{\"a-b\":1,\"a_b\":2},{\"a_b\":3}]}", "{\"a-b\":{\"c\":1},\"a_b\":{\"c\":2}}");
        List<SourceRecord> in = new ArrayList<>();
        for (String doc : docs) {
            in.add(STRICT.insert(in.size(), "Order", "agg", doc));
        }
        for (Map<String, String> c : expansions("field.name.adjustment.mode", "avro")) {
            assertEquals(in.size(), compare(c, in, false, "adjusted names"));
        }
        Map<String, String> avro = props("table.expand.json.payload", "true", "field.name.adjustment.mode", "avro");
        assertEquals(2, ((Struct) ours(avro).apply(in.get(0)).value()).get("a_b"), "the value of the key named so");
        Map<String, String> bytes = new HashMap<>(avro);
        bytes.put("table.json.payload.null.behavior", "optional_bytes");
        SourceRecord nulls = STRICT.insert(1, "Order", "agg", "{\"a-b\":[1],\"a_b\":[null]}");
        assertEquals(1, compare(bytes, List.of(nulls), false, "adjusted names, an array of nulls"));

        // a value the first key's schema does not take: Debezium's record has that schema and the text
        SourceRecord clash = STRICT.insert(1, "Order", "agg", "{\"a-b\":1,\"a_b\":\"x\"}");
        SourceRecord theirs = debeziums(avro).apply(Envelopes.copy(clash));
        assertInstanceOf(String.class, theirs.value());
        assertEquals(Schema.Type.STRUCT, theirs.valueSchema().type(), "Debezium: schema and value disagree");
        assertEquals(payload(clash), ours(avro).apply(clash).value(), "ours: the text, with its column's schema");
    }

    @Test
    void timestampsBefore1970AreTruncatedTowardTheEpochAsInDebezium() {
        List<SourceRecord> in = new ArrayList<>();
        long[] micros = {-1L, -999L, -1_000L, -1_500L, -1_999L, -86_400_000_001L};
        for (int i = 0; i < micros.length; i++) {
            Struct row = STRICT.row(i, "Order", "agg", "{}").put("created", micros[i]).put("created_ns",
                    micros[i] * 1_000 - 1).put("created_ms", micros[i]);
            in.add(STRICT.source(STRICT.event("c", row, i), i));
        }
        for (String column : List.of("created", "created_ns", "created_ms")) {
            assertEquals(in.size(), compare(props("table.field.event.timestamp", column), in, false, "before 1970"));
        }
        assertEquals(-1L, ours(props("table.field.event.timestamp", "created")).apply(in.get(3)).timestamp(),
                "-1500 us: -1 ms");
    }

    @Test
    void aTimestampColumnOfAnotherTypeGivesTsMsWhereItIsNullAsInDebezium() {
        Schema row = SchemaBuilder.struct().name("pg.public.outboxevent.Value").optional()
                .field("id", Schema.STRING_SCHEMA).field("aggregatetype", Schema.STRING_SCHEMA)
                .field("aggregateid", Schema.STRING_SCHEMA).field("payload", Schema.OPTIONAL_STRING_SCHEMA)
                .field("seq", Schema.OPTIONAL_INT64_SCHEMA)
                .field("at", SchemaBuilder.int64().optional().name("io.debezium.time.MicroTime").build()).build();
        Schema envelope = Envelopes.envelopeSchema("pg.public.outboxevent", row);
        java.util.function.BiFunction<Long, Long, SourceRecord> event = (seq, at) -> new SourceRecord(Map.of(), Map.of(),
                "pg.public.outboxevent", null, null, null, envelope, Envelopes.event(envelope, "c", null,
                new Struct(row).put("id", "1").put("aggregatetype", "Order").put("aggregateid", "1")
                        .put("seq", seq).put("at", at), 1, false));
        for (String column : List.of("seq", "at")) {
            Map<String, String> c = props("table.field.event.timestamp", column);
            assertEquals(1, compare(c, List.of(event.apply(null, null)), false, "a null " + column));
            ConnectException theirs = assertThrows(ConnectException.class,
                    () -> debeziums(c).apply(event.apply(5L, 5L)), "Debezium: no unit for a value");
            assertFalse(theirs instanceof DataException);
            DataException mine = assertThrows(DataException.class, () -> ours(c).apply(event.apply(5L, 5L)));
            assertTrue(mine.getMessage().contains("'after." + column + "'"), mine.getMessage());
        }
        // a column that is not INT64: Debezium fails even where it is null; ours gives ts_ms
        SourceRecord nullTenant = STRICT.source(STRICT.event("c", STRICT.row(1, "Order", "1", "{}").put("tenant", null),
                1), 1);
        Map<String, String> tenant = props("table.field.event.timestamp", "tenant");
        assertThrows(DataException.class, () -> debeziums(tenant).apply(Envelopes.copy(nullTenant)));
        assertEquals(OutboxEvents.TS_MS + 1, ours(tenant).apply(nullTenant).timestamp());
    }

    /**
     * An insert into an outbox table as Debezium's Oracle connector writes it: upper-case column
     * names (Oracle folds unquoted identifiers), a source block named
     * {@code io.debezium.connector.oracle.Source} with {@code connector: oracle}.
     */
    static SourceRecord oracleInsert(int n, String payload) {
        Schema source = SchemaBuilder.struct().name("io.debezium.connector.oracle.Source").field("version", Schema.STRING_SCHEMA)
                .field("connector", Schema.STRING_SCHEMA).field("name", Schema.STRING_SCHEMA)
                .field("ts_ms", Schema.INT64_SCHEMA).field("db", Schema.STRING_SCHEMA)
                .field("schema", Schema.STRING_SCHEMA).field("table", Schema.STRING_SCHEMA)
                .field("scn", Schema.OPTIONAL_STRING_SCHEMA).build();
        Schema row = SchemaBuilder.struct().name("ora.DEBEZIUM.OUTBOX.Value").optional()
                .field("ID", Schema.STRING_SCHEMA).field("AGGREGATETYPE", Schema.STRING_SCHEMA)
                .field("AGGREGATEID", Schema.STRING_SCHEMA).field("TYPE", Schema.STRING_SCHEMA)
                .field("PAYLOAD", Schema.OPTIONAL_STRING_SCHEMA).field("CREATED", OutboxEvents.MICRO).build();
        Schema envelope = SchemaBuilder.struct().name("ora.DEBEZIUM.OUTBOX.Envelope").version(2)
                .field("before", row).field("after", row).field("source", source)
                .field("transaction", Envelopes.TRANSACTION).field("op", Schema.STRING_SCHEMA)
                .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA).build();
        Struct after = new Struct(row).put("ID", "e-" + n).put("AGGREGATETYPE", "Order").put("AGGREGATEID", "agg-" + n)
                .put("TYPE", "OrderCreated").put("PAYLOAD", payload).put("CREATED", OutboxEvents.CREATED_US + n);
        Struct value = new Struct(envelope).put("after", after).put("op", "c").put("ts_ms", OutboxEvents.TS_MS + n)
                .put("source", new Struct(source).put("version", "3.7.0.Final").put("connector", "oracle")
                        .put("name", "ora").put("ts_ms", OutboxEvents.TS_MS).put("db", "ORCLPDB1")
                        .put("schema", "DEBEZIUM").put("table", "OUTBOX").put("scn", "2000" + n));
        return new SourceRecord(Map.of("server", "ora"), Map.of("scn", "2000" + n), "ora.DEBEZIUM.OUTBOX", null, null,
                null, envelope, value);
    }

    /**
     * Debezium's Oracle connector ships an {@code EventRouterConfigurationProvider} (its
     * {@code OracleEventRouterConfigurationProvider}, loaded by {@code ServiceLoader} where the
     * connector is installed) by which each column key that is not set defaults, for events whose
     * {@code source.connector} is {@code oracle}, to its default in upper case; it is not on Maven
     * Central, so Debezium's router runs here configured as that provider answers: with the upper
     * case names set.
     */
    @Test
    void anOracleSourcesColumnsDefaultToUpperCaseAsWithDebeziumsOracleConnector() {
        Map<String, String> upper = props("table.field.event.id", "ID", "table.field.event.key", "AGGREGATEID",
                "table.field.event.payload", "PAYLOAD", "route.by.field", "AGGREGATETYPE");
        List<SourceRecord> in = List.of(oracleInsert(1, "{\"a\":1}"), oracleInsert(2, null));
        for (Map<String, String> extra : List.of(props(), props("table.expand.json.payload", "true"),
                props("table.fields.additional.placement", "TYPE:header:eventType"),
                props("table.field.event.timestamp", "CREATED"))) {
            OutboxRouter<SourceRecord> mine = new OutboxRouter<>();
            Map<String, String> defaults = new HashMap<>(extra);
            mine.configure(defaults);
            EventRouter<SourceRecord> theirs = new EventRouter<>();
            Map<String, String> theirConfig = new HashMap<>(upper);
            theirConfig.putAll(extra);
            theirs.configure(theirConfig);
            assertEquals(in.size(), Differential.compare(mine, theirs, in, "oracle " + extra).compared);
        }
        SourceRecord expanded = ours(props("table.expand.json.payload", "true")).apply(in.get(0));
        assertEquals("PAYLOAD", expanded.valueSchema().name(), "the struct named by the payload column, as Debezium's");
        assertEquals("agg-1", expanded.key());

        // a key that is set is taken as it is (the provider's rule): here the row has no such column
        DataException lower = assertThrows(DataException.class, () -> ours(props("table.field.event.id", "id"))
                .apply(in.get(0)));
        assertTrue(lower.getMessage().contains("'after.id'") && lower.getMessage().contains("Oracle"), lower.getMessage());
        assertEquals("e-1", ours(props("route.by.field", "TYPE")).apply(in.get(0)).headers().lastWithName("id").value());
        // another connector's events keep the lower-case defaults
        assertThrows(DataException.class, () -> ours(props()).apply(oracleRowFromPostgres()));

        // schemaless: by the source block's connector
        SourceRecord schemaless = new SourceRecord(Map.of(), Map.of(), "ora.DEBEZIUM.OUTBOX", null, null, null, null,
                Envelopes.schemaless((Struct) in.get(0).value()));
        SourceRecord typed = ours(props()).apply(in.get(0));
        SourceRecord routed = ours(props()).apply(schemaless);
        assertEquals(typed.topic(), routed.topic());
        assertEquals(typed.key(), routed.key());
        assertEquals(typed.value(), routed.value());
        assertEquals(typed.timestamp(), routed.timestamp());
    }

    /** {@link #oracleInsert}'s upper-case row in a PostgreSQL envelope. */
    static SourceRecord oracleRowFromPostgres() {
        Struct after = ((Struct) oracleInsert(1, "{}").value()).getStruct("after");
        Schema envelope = Envelopes.envelopeSchema("pg.public.outbox", after.schema());
        return new SourceRecord(Map.of(), Map.of(), "pg.public.outbox", null, null, null, envelope,
                Envelopes.event(envelope, "c", null, after, 1, false));
    }

    @Test
    void sinkRecordsWithAPartitionPlacement() {
        List<SinkRecord> in = new ArrayList<>();
        int offset = 0;
        for (SourceRecord r : mixed()) {
            in.add(OutboxEvents.sink(r, offset++));
        }
        in.remove(in.size() - 1); // its part column is null: a null partition, which a SinkRecord cannot have
        assertEquals(in.size(), compare(props("table.fields.additional.placement", "part:partition"), in, false, "sink"));
    }

    // ------------------------------------------------------------------ differences: Debezium's history

    @Test
    void debeziumsOutputDependsOnHistoryOursDoesNot() {
        Map<String, String> envelope = props("table.fields.additional.placement", "type:envelope");
        SourceRecord order = STRICT.insert(1, "Order", "1", "{}");
        SourceRecord customer = STRICT.insert(2, "Customer", "2", "{}");
        EventRouter<SourceRecord> debezium = debeziums(envelope);
        debezium.apply(Envelopes.copy(order));
        SourceRecord theirs = debezium.apply(Envelopes.copy(customer));
        SourceRecord alone = debeziums(envelope).apply(Envelopes.copy(customer));
        OutboxRouter<SourceRecord> mine = ours(envelope);
        mine.apply(order);
        SourceRecord after = mine.apply(customer);
        assertEquals("pg.public.outboxevent.Order.Value", theirs.valueSchema().name(),
                "Debezium: the first aggregate type's name, for every later type");
        assertEquals("pg.public.outboxevent.Customer.Value", alone.valueSchema().name());
        assertTrue(Differential.same(alone, after), "ours: the record's own, whatever came before");

        Map<String, String> versioned = props("table.fields.additional.placement", "type:envelope",
                "table.field.event.schema.version", "version", "table.expand.json.payload", "true");
        SourceRecord first = STRICT.insert(2, "Order", "1", "{\"a\":1}");
        SourceRecord second = STRICT.insert(4, "Order", "2", "{\"b\":\"x\"}"); // the same version (n % 2)
        EventRouter<SourceRecord> debezium2 = debeziums(versioned);
        debezium2.apply(Envelopes.copy(first));
        assertThrows(DataException.class, () -> debezium2.apply(Envelopes.copy(second)),
                "Debezium: the first payload schema of a version, for every later payload shape");
        OutboxRouter<SourceRecord> mine2 = ours(versioned);
        mine2.apply(first);
        assertTrue(Differential.same(debeziums(versioned).apply(Envelopes.copy(second)), mine2.apply(second)));
    }

    // ------------------------------------------------------------------ differences: where Debezium fails

    @Test
    void whereDebeziumCrashesOursFailsNamingTheColumn() {
        SourceRecord nullType = NULLABLE.insert(1, null, "1", "{}");
        assertThrows(NullPointerException.class, () -> debeziums(props()).apply(Envelopes.copy(nullType)));
        DataException e = assertThrows(DataException.class, () -> ours(props()).apply(nullType));
        assertTrue(e.getMessage().contains("'after.aggregatetype'") && e.getMessage().contains("is null"), e.getMessage());

        SourceRecord update = STRICT.source(STRICT.event("u", STRICT.row(1, "Order", "1", "{}"), 1), 1);
        Map<String, String> fatal = props("table.op.invalid.behavior", "fatal");
        IllegalStateException theirs = assertThrows(IllegalStateException.class,
                () -> debeziums(fatal).apply(Envelopes.copy(update)));
        String key = ((Struct) update.key()).getString("id");
        assertTrue(theirs.getMessage().contains(key), "Debezium's message holds the record key");
        DataException mine = assertThrows(DataException.class, () -> ours(fatal).apply(update));
        assertFalse(mine.getMessage().contains(key), mine.getMessage());
        assertTrue(mine.getMessage().contains("table.op.invalid.behavior=fatal"), mine.getMessage());

        // a SinkRecord without a partition placement: Debezium's output has no partition
        SinkRecord sink = OutboxEvents.sink(STRICT.insert(1, "Order", "1", "{}"), 5);
        EventRouter<SinkRecord> onSink = new EventRouter<>();
        onSink.configure(props());
        assertThrows(NullPointerException.class, () -> onSink.apply(Envelopes.copy(sink)));
        OutboxRouter<SinkRecord> oursOnSink = new OutboxRouter<>();
        oursOnSink.configure(props());
        SinkRecord routed = oursOnSink.apply(sink);
        assertEquals("outbox.event.Order", routed.topic());
        assertEquals(0, routed.kafkaPartition(), "a sink record keeps its partition");
        assertEquals(5, routed.kafkaOffset());

        // an unknown placement: Debezium takes the configuration and crashes on every event
        Map<String, String> body = props("table.fields.additional.placement", "type:body");
        assertThrows(NullPointerException.class, () -> debeziums(body).apply(STRICT.insert(1, "Order", "1", "{}")));
        ConfigException placement = assertThrows(ConfigException.class, () -> ours(body));
        assertTrue(placement.getMessage().contains("table.fields.additional.placement"), placement.getMessage());

        // a replacement naming a group the regex does not have: Debezium fails on every event
        Map<String, String> group = props("route.topic.replacement", "x.${nope}");
        assertThrows(IllegalArgumentException.class, () -> debeziums(group).apply(STRICT.insert(1, "Order", "1", "{}")));
        ConfigException replacement = assertThrows(ConfigException.class, () -> ours(group));
        assertTrue(replacement.getMessage().contains("route.topic.replacement"), replacement.getMessage());
    }

    @Test
    void whereDebeziumThrowsAConnectExceptionOursADataException() {
        SourceRecord event = STRICT.insert(1, "Order", "1", "{}");
        for (Map<String, String> c : List.of(props("table.field.event.payload", "nosuch"),
                props("table.field.event.timestamp", "nosuch"),
                props("table.fields.additional.placement", "nosuch:envelope"))) {
            ConnectException theirs = assertThrows(ConnectException.class, () -> debeziums(c).apply(Envelopes.copy(event)));
            assertFalse(theirs instanceof DataException, c + ": " + theirs);
            DataException mine = assertThrows(DataException.class, () -> ours(c).apply(event));
            assertTrue(mine.getMessage().contains("'after."), c + ": the message names the column: " + mine.getMessage());
        }
    }

    @Test
    void truncatesAreDroppedWhereDebeziumFails() {
        SourceRecord truncate = STRICT.source(STRICT.event("t", STRICT.row(1, "Order", "1", "{}"), 1), 1);
        assertThrows(DataException.class, () -> debeziums(props()).apply(Envelopes.copy(truncate)));
        assertNull(ours(props()).apply(truncate));
    }

    @Test
    void debeziumAppendsToItsInputsHeadersOursNever() {
        SourceRecord event = STRICT.insert(1, "Order", "1", "{}");
        SourceRecord forDebezium = Envelopes.copy(event);
        int before = forDebezium.headers().size();
        debeziums(props()).apply(forDebezium);
        assertEquals(before + 1, forDebezium.headers().size(), "Debezium's input gained the id header");
        ours(props()).apply(event);
        assertEquals(before, event.headers().size());
    }

    @Test
    void zonedAndConnectTimestampsWhereDebeziumRefusesThem() {
        SourceRecord event = STRICT.insert(1, "Order", "1", "{}");
        Map<String, String> zoned = props("table.field.event.timestamp", "created_tz");
        assertThrows(DataException.class, () -> debeziums(zoned).apply(Envelopes.copy(event)));
        assertEquals(OutboxEvents.CREATED_US / 1_000 + 1_000, ours(zoned).apply(event).timestamp());
    }

    // ------------------------------------------------------------------ differences: expansion

    @Test
    void expansionsDebeziumGetsWrong() {
        Map<String, String> expand = props("table.expand.json.payload", "true");
        // a top-level array: Debezium's record has an array schema and the text as value
        SourceRecord array = STRICT.insert(1, "Order", "1", "[{\"a\":1},{\"a\":2}]");
        SourceRecord theirs = debeziums(expand).apply(Envelopes.copy(array));
        assertEquals(Schema.Type.ARRAY, theirs.valueSchema().type());
        assertInstanceOf(String.class, theirs.value(), "Debezium: schema and value disagree");
        SourceRecord mine = ours(expand).apply(array);
        assertEquals(theirs.valueSchema(), mine.valueSchema(), "ours: Debezium's schema, with the value it describes");
        assertEquals(List.of(1, 2), ((List<?>) mine.value()).stream().map(s -> ((Struct) s).get("a")).toList());

        // an integer beyond 64 bits: Debezium infers FLOAT64 and keeps the text
        SourceRecord big = STRICT.insert(1, "Order", "1", "{\"a\":123456789012345678901234567890}");
        theirs = debeziums(expand).apply(Envelopes.copy(big));
        assertInstanceOf(String.class, theirs.value());
        mine = ours(expand).apply(big);
        assertEquals(theirs.valueSchema(), mine.valueSchema());
        assertEquals(1.2345678901234568e29, ((Struct) mine.value()).getFloat64("a"));

        // elements of an array whose field has different types: no schema fits, ours leaves the text
        SourceRecord mixed = STRICT.insert(1, "Order", "1", "{\"a\":[{\"p\":10},{\"p\":10.5}]}");
        theirs = debeziums(expand).apply(Envelopes.copy(mixed));
        assertNotEquals(STRICT.row.field("payload").schema(), theirs.valueSchema(), "Debezium replaced the schema");
        assertInstanceOf(String.class, theirs.value(), "... and kept the text");
        mine = ours(expand).apply(mixed);
        assertEquals(STRICT.row.field("payload").schema(), mine.valueSchema());
        assertEquals(payload(mixed), mine.value());

        // nested objects of array elements: Debezium keeps one element's nested schema and drops the others' fields
        SourceRecord nested = STRICT.insert(1, "Order", "1", "{\"a\":[{\"c\":{\"x\":1}},{\"c\":{\"y\":2}}]}");
        Struct theirsC = ((Struct) ((List<?>) ((Struct) debeziums(expand).apply(Envelopes.copy(nested)).value())
                .get("a")).get(1)).getStruct("c");
        Struct mineC = ((Struct) ((List<?>) ((Struct) ours(expand).apply(nested).value()).get("a")).get(1)).getStruct("c");
        assertEquals(1, theirsC.schema().fields().size(), "Debezium: one of x and y");
        assertEquals(java.util.Set.of("x", "y"), mineC.schema().fields().stream().map(Field::name)
                .collect(java.util.stream.Collectors.toSet()), "ours: both (in Debezium's order of the elements)");
        assertEquals(2, mineC.get("y"));

        // an array of objects of two shapes with a null: Debezium's merged element is required
        SourceRecord withNull = STRICT.insert(1, "Order", "1", "{\"a\":[{\"x\":1},{\"x\":2,\"y\":3},null]}");
        assertInstanceOf(String.class, debeziums(expand).apply(Envelopes.copy(withNull)).value());
        Struct a = (Struct) ours(expand).apply(withNull).value();
        assertTrue(a.schema().field("a").schema().valueSchema().isOptional());
        assertNull(a.getArray("a").get(2));

        // an empty top-level array: Debezium's record has no schema; ours keeps the column's
        SourceRecord empty = STRICT.insert(1, "Order", "1", "[]");
        assertNull(debeziums(expand).apply(Envelopes.copy(empty)).valueSchema());
        assertEquals(STRICT.row.field("payload").schema(), ours(expand).apply(empty).valueSchema());
    }

    @Test
    void adjustedFieldNamesKeepTheirValues() {
        for (String mode : List.of("avro", "avro_unicode")) {
            Map<String, String> c = props("table.expand.json.payload", "true", "field.name.adjustment.mode", mode);
            SourceRecord event = STRICT.insert(1, "Order", "1", "{\"first-name\":\"Ann\",\"9lives\":9}");
            Struct theirs = (Struct) debeziums(c).apply(Envelopes.copy(event)).value();
            Struct mine = (Struct) ours(c).apply(event).value();
            assertEquals(theirs.schema(), mine.schema(), mode + ": Debezium's names");
            for (Field f : theirs.schema().fields()) {
                assertNull(theirs.get(f), mode + ": Debezium loses the value of a renamed field");
            }
            assertEquals(List.of("Ann", 9), mine.schema().fields().stream().map(mine::get).toList());
        }
    }

    @Test
    void schemalessEnvelopesAreRoutedWhereDebeziumPassesThem() {
        SourceRecord event = STRICT.insert(1, "Order", "1", "{\"a\":1}");
        SourceRecord schemaless = new SourceRecord(event.sourcePartition(), event.sourceOffset(), event.topic(), null,
                null, null, null, Envelopes.schemaless((Struct) event.value()), null, event.headers().duplicate());
        SourceRecord theirs = debeziums(props()).apply(Envelopes.copy(schemaless));
        assertSame(schemaless.value(), theirs.value(), "Debezium passes it on");
        SourceRecord typed = ours(props()).apply(event);
        SourceRecord mine = ours(props()).apply(schemaless);
        assertEquals(typed.topic(), mine.topic());
        assertEquals(typed.key(), mine.key());
        assertNull(mine.keySchema());
        assertEquals(typed.value(), mine.value());
        assertEquals(typed.timestamp(), mine.timestamp());
        List<Object> names = new ArrayList<>();
        for (Header h : mine.headers()) {
            names.add(h.key() + "=" + h.value());
        }
        assertTrue(names.contains("id=" + typed.headers().lastWithName("id").value()), names.toString());
    }

    private static String payload(SourceRecord r) {
        return ((Struct) r.value()).getStruct("after").getString("payload");
    }
}
