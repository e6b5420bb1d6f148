package io.cdckit.smt.mapping;

import io.cdckit.testkit.Envelopes;
import io.cdckit.testkit.JsonRecords;
import io.cdckit.testkit.TransformContract;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.cdckit.smt.mapping.FieldMapperTest.ADDRESS;
import static io.cdckit.smt.mapping.FieldMapperTest.IMAGE;
import static io.cdckit.smt.mapping.FieldMapperTest.ROW;
import static io.cdckit.smt.mapping.FieldMapperTest.props;
import static io.cdckit.smt.mapping.FieldMapperTest.record;
import static io.cdckit.smt.mapping.FieldMapperTest.row;
import static io.cdckit.smt.mapping.FieldMapperTest.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** keep, move, copy, insert and flatten, on Struct and Map rows, plain and in row scope. */
class FieldMapperStepsTest {

    private static List<String> names(Schema s) {
        return s.fields().stream().map(Field::name).toList();
    }

    /** The schemaless twin of {@link FieldMapperTest#row}. */
    static Map<String, Object> map(long id) {
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("city", "Lyon");
        address.put("zip", "69001");
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("sku", "a-1");
        item.put("qty", 2);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("email", "ada@example.com");
        m.put("amount", new BigDecimal("12.50"));
        m.put("created_at", 1L);
        m.put("updated_at", 2L);
        m.put("address", address);
        m.put("items", List.of(item));
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapOut(SinkRecord r) {
        return (Map<String, Object>) r.value();
    }

    /** README's example configuration, as written there, on a change event (row scope). */
    @Test
    void readmeExampleRunsEveryStepInOrder() {
        FieldMapper.Value<SinkRecord> t = value("keep", "id,email,amount,items,address.city,created_at",
                "drop", "created_at", "rename", "email:mail,items[*].sku:code",
                "move", "address.city:city,mail:contact.mail", "copy", "id:order_id",
                "cast", "amount:float64,order_id:string,items[*].qty:string",
                "insert", "source_topic:$topic,source_ts:$envelope.source.ts_ms,pipeline:v2", "flatten", "true");
        Schema envelope = Envelopes.envelopeSchema("shop.public.orders", IMAGE);
        Struct event = Envelopes.event(envelope, "u", row(IMAGE, 1), row(IMAGE, 1), 9, true);
        Struct after = ((Struct) t.apply(record(envelope, event)).value()).getStruct("after");
        Struct in = event.getStruct("after");
        assertEquals(List.of("id", "amount", "items", "city", "contact_mail", "order_id", "source_topic", "source_ts",
                "pipeline"), names(after.schema()));
        assertEquals(in.get("id"), after.get("id"));
        assertEquals(in.getStruct("address").get("city"), after.get("city"));
        assertEquals(in.get("email"), after.get("contact_mail"));
        assertEquals(String.valueOf(in.get("id")), after.get("order_id"));
        assertEquals(((BigDecimal) in.get("amount")).doubleValue(), after.get("amount"));
        Struct item = (Struct) after.getArray("items").get(0);
        Struct inItem = (Struct) in.getArray("items").get(0);
        assertEquals(inItem.get("sku"), item.get("code"));
        assertEquals(String.valueOf(inItem.get("qty")), item.get("qty"));
        assertEquals("orders", after.get("source_topic"));
        assertEquals(event.getStruct("source").get("ts_ms"), after.get("source_ts"));
        assertEquals("v2", after.get("pipeline"));
    }

    // ------------------------------------------------------------------ keep

    @Test
    void keepRemovesEveryOtherFieldAndANestedPathKeepsItsParents() {
        FieldMapper.Value<SinkRecord> t = value("keep", "id,*_at,address.city,items[*].sku");
        Struct v = (Struct) t.apply(record(ROW, row(1))).value();
        assertEquals(List.of("id", "created_at", "updated_at", "address", "items"), names(v.schema()));
        assertEquals(List.of("city"), names(v.schema().field("address").schema()));
        assertEquals(List.of("sku"), names(v.schema().field("items").schema().valueSchema()));
        assertEquals("Lyon", v.getStruct("address").get("city"));

        Map<String, Object> m = mapOut(t.apply(record(null, map(1))));
        assertEquals(List.of("id", "created_at", "updated_at", "address", "items"), List.copyOf(m.keySet()));
        assertEquals(Map.of("city", "Lyon"), m.get("address"));
        assertEquals(List.of(Map.of("sku", "a-1")), m.get("items"));
    }

    @Test
    void keepRunsBeforeDropAndRenameAndIncludeIsItsAlias() {
        Struct v = (Struct) value("include", "id,email,amount", "drop", "amount", "rename", "email:mail")
                .apply(record(ROW, row(1))).value();
        assertEquals(List.of("id", "mail"), names(v.schema()));
        ConfigException e = assertThrows(ConfigException.class, () -> value("keep", "id", "rename", "email:mail"));
        assertTrue(e.getMessage().contains("entry 'email:mail' names 'email', which keep 'id' leaves out before "
                + "rename runs"), e.getMessage());
        assertTrue(assertThrows(ConfigException.class, () -> value("keep", "id", "include", "id")).getMessage()
                .contains("is an alias of keep"));
    }

    // ------------------------------------------------------------------ move and copy

    @Test
    void moveTakesAFieldOutOfAStructOrIntoOneCreatedForIt() {
        FieldMapper.Value<SinkRecord> t = value("move", "address.city:city, email:contact.email");
        SinkRecord out = t.apply(record(ROW, row(1)));
        Struct v = (Struct) out.value();
        assertEquals(List.of("id", "amount", "created_at", "updated_at", "address", "items", "city", "contact"),
                names(v.schema()));
        assertEquals(List.of("zip"), names(v.schema().field("address").schema()));
        assertEquals("Lyon", v.get("city"));
        assertTrue(v.schema().field("city").schema().isOptional(), "moved out of an optional struct: optional");
        assertTrue(v.schema().field("contact").schema().isOptional(), "a created struct is optional");
        assertEquals("ada@example.com", v.getStruct("contact").get("email"));

        Map<String, Object> m = mapOut(t.apply(record(null, map(1))));
        assertEquals(List.of("id", "amount", "created_at", "updated_at", "address", "items", "city", "contact"),
                List.copyOf(m.keySet()));
        assertEquals("Lyon", m.get("city"));
        assertEquals(Map.of("email", "ada@example.com"), m.get("contact"));
    }

    @Test
    void aRequiredFieldMovedOutOfAnOptionalStructBecomesOptional() {
        Schema inner = SchemaBuilder.struct().name("inner").field("n", Schema.INT32_SCHEMA).build();
        Schema outer = SchemaBuilder.struct().optional().name("outer").field("inner", inner).build();
        Schema row = SchemaBuilder.struct().name("r").field("id", Schema.INT32_SCHEMA).field("o", outer).build();
        Struct in = new Struct(row).put("id", 1).put("o", new Struct(outer).put("inner", new Struct(inner).put("n", 5)));
        assertTrue(assertThrows(ConfigException.class, () -> value("move", "o.inner:inner, o:gone.o")).getMessage()
                .contains("entry 'o.inner:inner' names a field inside 'o', which entry 'o:gone.o' relocates"));
        FieldMapper.Value<SinkRecord> t = value("move", "o.inner:inner");
        Struct v = (Struct) t.apply(record(row, in)).value();
        v.validate();
        assertTrue(v.schema().field("inner").schema().isOptional());
        assertEquals(5, v.getStruct("inner").get("n"));
        Struct empty = (Struct) t.apply(record(row, new Struct(row).put("id", 2))).value();
        assertNull(empty.get("inner"), "the struct above was null");
    }

    @Test
    void moveNamesFieldsAsRenameLeftThemAndCastNamesThemAsMoveLeftThem() {
        Struct v = (Struct) value("rename", "address.zip:postcode", "move", "address.postcode:zip",
                "cast", "zip:int32").apply(record(ROW, row(1))).value();
        assertEquals(69001, v.get("zip"));
        assertEquals(Schema.Type.INT32, v.schema().field("zip").schema().type());
        Map<String, Object> m = mapOut(value("rename", "address.zip:postcode", "move", "address.postcode:zip",
                "cast", "zip:int32").apply(record(null, map(1))));
        assertEquals(69001, m.get("zip"));
        assertEquals(Map.of("city", "Lyon"), m.get("address"));
    }

    @Test
    void moveOntoAFieldTheRowHasIsAnErrorNamingBothButOntoADroppedOneIsNot() {
        FieldMapper.Value<SinkRecord> t = value("move", "address.city:email");
        DataException s = assertThrows(DataException.class, () -> t.apply(record(ROW, row(1))));
        assertTrue(s.getMessage().contains("'address.city:email'") && s.getMessage().contains("'email'"),
                s.getMessage());
        DataException m = assertThrows(DataException.class, () -> t.apply(record(null, map(1))));
        assertTrue(m.getMessage().contains("'email' (moved from 'address.city')"), m.getMessage());

        Struct v = (Struct) value("drop", "email", "move", "address.city:email").apply(record(ROW, row(1))).value();
        assertEquals("Lyon", v.get("email"));
        Struct r = (Struct) value("rename", "email:mail", "move", "address.city:email").apply(record(ROW, row(1)))
                .value();
        assertEquals("Lyon", r.get("email"));
        assertEquals("ada@example.com", r.get("mail"));
    }

    @Test
    void copyKeepsTheSourceAndCanReadAMovedField() {
        FieldMapper.Value<SinkRecord> t = value("move", "email:mail", "copy", "mail:backup.mail, id:order_id",
                "cast", "order_id:string");
        Struct v = (Struct) t.apply(record(ROW, row(3))).value();
        assertEquals("ada@example.com", v.get("mail"));
        assertEquals("ada@example.com", v.getStruct("backup").get("mail"));
        assertEquals(3L, v.get("id"));
        assertEquals("3", v.get("order_id"));
        Map<String, Object> m = mapOut(t.apply(record(null, map(3))));
        assertEquals("ada@example.com", m.get("mail"));
        assertEquals(Map.of("mail", "ada@example.com"), m.get("backup"));
        assertEquals("3", m.get("order_id"));
        assertEquals(3L, m.get("id"));
    }

    @Test
    void aCopyReadsAFieldInsideAStructAMovePutInPlace() {
        FieldMapper.Value<SinkRecord> t = value("move", "address:addr", "copy", "addr.city:city, addr.zip:zip",
                "cast", "zip:int32");
        Struct v = (Struct) t.apply(record(ROW, row(1))).value();
        v.validate();
        assertEquals(List.of("id", "email", "amount", "created_at", "updated_at", "items", "addr", "city", "zip"),
                names(v.schema()));
        assertEquals("Lyon", v.getStruct("addr").get("city"));
        assertEquals("Lyon", v.get("city"));
        assertEquals(69001, v.get("zip"));
        assertTrue(v.schema().field("city").schema().isOptional());
        Map<String, Object> m = mapOut(t.apply(record(null, map(1))));
        assertEquals(List.of("id", "email", "amount", "created_at", "updated_at", "items", "addr", "city", "zip"),
                List.copyOf(m.keySet()));
        assertEquals(Map.of("city", "Lyon", "zip", "69001"), m.get("addr"));
        assertEquals("Lyon", m.get("city"));
        assertEquals(69001, m.get("zip"));

        // a required field inside a required struct of an optional moved one is copied optional
        Schema inner = SchemaBuilder.struct().name("inner").field("n", Schema.INT32_SCHEMA).build();
        Schema outer = SchemaBuilder.struct().optional().name("outer").field("inner", inner).build();
        Schema row = SchemaBuilder.struct().name("r").field("id", Schema.INT32_SCHEMA).field("o", outer).build();
        FieldMapper.Value<SinkRecord> deep = value("move", "o:moved", "copy", "moved.inner.n:n");
        Struct in = new Struct(row).put("id", 1).put("o", new Struct(outer).put("inner", new Struct(inner).put("n", 5)));
        Struct out = (Struct) deep.apply(record(row, in)).value();
        out.validate();
        assertEquals(Schema.OPTIONAL_INT32_SCHEMA, out.schema().field("n").schema());
        assertEquals(5, out.get("n"));
        assertEquals(5, out.getStruct("moved").getStruct("inner").get("n"));
        assertNull(((Struct) deep.apply(record(row, new Struct(row).put("id", 2))).value()).get("n"),
                "the moved struct was null");
        Map<String, Object> mapped = mapOut(deep.apply(record(null, new LinkedHashMap<>(Map.of("id", 1,
                "o", Map.of("inner", Map.of("n", 5)))))));
        assertEquals(5, mapped.get("n"));
        assertEquals(Map.of("inner", Map.of("n", 5)), mapped.get("moved"));

        // a field the moved struct lacks is missing, on Struct and Map rows alike
        FieldMapper.Value<SinkRecord> nope = value("move", "address:addr", "copy", "addr.nope:x",
                "missing.fields", "fail");
        DataException s = assertThrows(DataException.class, () -> nope.apply(record(ROW, row(1))));
        assertTrue(s.getMessage().contains("copy entry 'addr.nope:x' names no field"), s.getMessage());
        DataException e = assertThrows(DataException.class, () -> nope.apply(record(null, map(1))));
        assertTrue(e.getMessage().contains("copy entry 'addr.nope:x' names no key of the row"), e.getMessage());
    }

    @Test
    void keepAndDropRunBeforeAMoveOrCopyOfAStructAndApplyInsideIt() {
        for (String[] kv : new String[][] {
                {"move", "address:home", "drop", "address.zip"},
                {"move", "address:home", "drop", "*.zip"},
                {"copy", "address:home", "drop", "*.zip"},
                {"move", "address:home", "keep", "id,address.city"}}) {
            FieldMapper.Value<SinkRecord> t = value(kv);
            Struct v = (Struct) t.apply(record(ROW, row(1))).value();
            v.validate();
            assertEquals(List.of("city"), names(v.schema().field("home").schema()), String.join(" ", kv));
            assertEquals("Lyon", v.getStruct("home").get("city"));
            Map<String, Object> m = mapOut(t.apply(record(null, map(1))));
            assertEquals(Map.of("city", "Lyon"), m.get("home"), String.join(" ", kv));
            if (kv[0].equals("copy")) {
                assertEquals(List.of("city"), names(v.schema().field("address").schema()), "the original too");
                assertEquals(Map.of("city", "Lyon"), m.get("address"));
            }
        }
        DataException arrays = assertThrows(DataException.class, () -> value("move", "items:products",
                "drop", "items[*].qty").apply(record(ROW, row(1))));
        assertTrue(arrays.getMessage().contains("only the fields of a struct can be kept or dropped"),
                arrays.getMessage());
        DataException lists = assertThrows(DataException.class, () -> value("move", "items:products",
                "drop", "items[*].qty").apply(record(null, map(1))));
        assertTrue(lists.getMessage().contains("only the fields of a map can be kept or dropped"), lists.getMessage());
    }

    @Test
    void aStructCanBeMovedWhole() {
        Struct v = (Struct) value("move", "address:shipping.address").apply(record(ROW, row(1))).value();
        assertSame(ADDRESS, v.getStruct("shipping").schema().field("address").schema());
        assertEquals("69001", v.getStruct("shipping").getStruct("address").get("zip"));
    }

    @Test
    void relocationMistakesFailAtConfigure() {
        assertTrue(assertThrows(ConfigException.class, () -> value("move", "items[*].sku:sku")).getMessage()
                .contains("a move names one field outside arrays"));
        assertTrue(assertThrows(ConfigException.class, () -> value("move", "a:b.*")).getMessage()
                .contains("the target must be a literal path"));
        assertTrue(assertThrows(ConfigException.class, () -> value("move", "a:a.b")).getMessage()
                .contains("the target must lie outside its source"));
        assertTrue(assertThrows(ConfigException.class, () -> value("move", "a:x", "copy", "b:x")).getMessage()
                .contains("entries 'a:x' and 'b:x' both add 'x'"));
        assertTrue(assertThrows(ConfigException.class, () -> value("copy", "address:home", "cast", "home.zip:int32"))
                .getMessage().contains("cast entry 'home.zip:int32' names a field inside the struct it relocates"));
        assertTrue(assertThrows(ConfigException.class, () -> value("copy", "a:b, a:c")).getMessage()
                .contains("'a' is copied twice"));
    }

    @Test
    void aMoveOfAFieldTheRowLacksFollowsMissingFields() {
        SinkRecord r = record(ROW, row(1));
        Struct v = (Struct) value("move", "nope:x").apply(r).value();
        assertNull(v.schema().field("x"), "ignored");
        DataException e = assertThrows(DataException.class,
                () -> value("move", "nope:x", "missing.fields", "fail").apply(r));
        assertTrue(e.getMessage().contains("move entry 'nope:x' names no field"), e.getMessage());
        Map<String, Object> m = mapOut(value("copy", "nope:x").apply(record(null, map(1))));
        assertFalse(m.containsKey("x"));
        assertThrows(DataException.class, () -> value("copy", "nope:x", "missing.fields", "fail")
                .apply(record(null, map(1))));
    }

    // ------------------------------------------------------------------ insert

    @Test
    void insertAddsRecordMetadataHeadersLiteralsAndKeyFields() {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("tenant", "acme");
        headers.addInt("shard", 7);
        Schema keySchema = SchemaBuilder.struct().name("k").field("id", Schema.INT64_SCHEMA).build();
        SinkRecord in = new SinkRecord("orders", 2, keySchema, new Struct(keySchema).put("id", 1L), ROW, row(1), 42L,
                1_700_000_000_000L, org.apache.kafka.common.record.TimestampType.CREATE_TIME, headers);
        FieldMapper.Value<SinkRecord> t = value("insert", "meta.topic:$topic, meta.partition:$partition, "
                + "meta.offset:$offset, meta.ts:$timestamp, tenant:$header.tenant, shard:$header.shard:int64, "
                + "version:3:int32, flag:true:boolean, label:12:30, key_id:$key.id:int64, price:9.5:decimal(4,1)");
        Struct v = (Struct) t.apply(in).value();
        v.validate();
        Struct meta = v.getStruct("meta");
        assertEquals("orders", meta.get("topic"));
        assertEquals(2, meta.get("partition"));
        assertEquals(42L, meta.get("offset"));
        assertEquals(new Date(1_700_000_000_000L), meta.get("ts"));
        assertEquals(Timestamp.LOGICAL_NAME, meta.schema().field("ts").schema().name());
        assertEquals("acme", v.get("tenant"));
        assertEquals(7L, v.get("shard"));
        assertEquals(3, v.get("version"));
        assertEquals(true, v.get("flag"));
        assertEquals("12:30", v.get("label"), "12:30 is a string: 30 is no type");
        assertEquals(1L, v.get("key_id"));
        assertEquals(new BigDecimal("9.5"), v.get("price"));
        assertTrue(v.schema().fields().stream().skip(ROW.fields().size()).allMatch(f -> f.schema().isOptional()));

        Map<String, Object> m = mapOut(t.apply(new SinkRecord("orders", 2, null, Map.of("id", 1L), null, map(1), 42L,
                1_700_000_000_000L, org.apache.kafka.common.record.TimestampType.CREATE_TIME, headers)));
        assertEquals("orders", ((Map<?, ?>) m.get("meta")).get("topic"));
        assertEquals(7L, m.get("shard"));
        assertEquals(1L, m.get("key_id"));
        assertEquals("acme", m.get("tenant"));
    }

    /**
     * In a schemaless row $timestamp is the record's epoch milliseconds, a Long, as Kafka's
     * InsertField writes it: a java.util.Date has no schemaless form (JsonConverter with
     * schemas.enable=false rejects it). A Struct row gets a Connect Timestamp.
     */
    @Test
    void insertTimestampIntoASchemalessRowIsEpochMillis() {
        FieldMapper.Value<SinkRecord> t = value("insert", "ts:$timestamp");
        SinkRecord in = new SinkRecord("orders", 0, null, null, null, map(1), 42L, 1_700_000_000_000L,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME);
        Map<String, Object> m = mapOut(t.apply(in));
        assertEquals(1_700_000_000_000L, m.get("ts"));
        assertEquals(1_700_000_000_000L, JsonRecords.tree(JsonRecords.encodeSchemaless("orders", null,
                Map.of("ts", m.get("ts")))).get("ts").asLong(), "JSON without schemas carries it");
        assertThrows(DataException.class, () -> JsonRecords.encodeSchemaless("orders", null,
                Map.of("ts", new Date(1_700_000_000_000L))), "and no Date");
        SinkRecord untimed = new SinkRecord("orders", 0, null, null, null, map(1), 42L);
        assertTrue(mapOut(t.apply(untimed)).containsKey("ts"));
        assertNull(mapOut(t.apply(untimed)).get("ts"), "no timestamp: null");
        assertEquals(new Date(1_700_000_000_000L), ((Struct) t.apply(new SinkRecord("orders", 0, null, null, ROW,
                row(1), 42L, 1_700_000_000_000L, org.apache.kafka.common.record.TimestampType.CREATE_TIME))
                .value()).get("ts"));
    }

    @Test
    void aSourceRecordHasNoOffsetAndAMissingHeaderIsNull() {
        FieldMapper.Value<SourceRecord> t = new FieldMapper.Value<>();
        t.configure(props("insert", "off:$offset, tenant:$header.tenant"));
        SourceRecord in = new SourceRecord(Map.of(), Map.of(), "orders", ROW, row(1));
        Struct v = (Struct) t.apply(in).value();
        assertNull(v.get("off"));
        assertNull(v.get("tenant"));
        assertEquals(Schema.Type.INT64, v.schema().field("off").schema().type());
    }

    @Test
    void aPathTheRecordLacksGivesNoKeyInAMapRowAndNullInAStructRow() {
        FieldMapper.Value<SinkRecord> t = value("insert", "k:$key.nope, e:$envelope.source.ts_ms");
        Map<String, Object> m = mapOut(t.apply(new SinkRecord("orders", 0, null, Map.of("id", 1), null, map(1), 7)));
        assertFalse(m.containsKey("k"));
        assertFalse(m.containsKey("e"), "a plain row has no envelope");
        Struct v = (Struct) t.apply(new SinkRecord("orders", 0, null, Map.of("id", 1), ROW, row(1), 7)).value();
        assertNull(v.get("k"));
        assertNull(v.schema().field("e"), "a plain row has no envelope: the entry names nothing there");
    }

    @Test
    void aStructOfTheEnvelopeIsInsertedOptional() {
        Schema envelope = Envelopes.envelopeSchema("shop.public.orders", IMAGE);
        Struct event = Envelopes.event(envelope, "c", null, row(IMAGE, 1), 9, true);
        Struct after = ((Struct) value("insert", "meta.source:$envelope.source").apply(record(envelope, event)).value())
                .getStruct("after");
        after.validate();
        Struct source = after.getStruct("meta").getStruct("source");
        assertTrue(source.schema().isOptional());
        assertEquals(envelope.field("source").schema().name(), source.schema().name());
        for (Field f : envelope.field("source").schema().fields()) {
            assertEquals(event.getStruct("source").get(f.name()), source.get(f.name()), f.name());
        }
    }

    @Test
    void insertFromTheEnvelopeInRowScope() {
        Schema envelope = Envelopes.envelopeSchema("shop.public.orders", IMAGE);
        Struct event = Envelopes.event(envelope, "u", row(IMAGE, 1), row(IMAGE, 1), 9, true);
        FieldMapper.Value<SinkRecord> t = value("insert", "src_ts:$envelope.source.ts_ms, tbl:$envelope.source.table,"
                + " op:$envelope.op");
        Struct v = (Struct) t.apply(record(envelope, event)).value();
        Struct after = v.getStruct("after");
        assertEquals(event.getStruct("source").get("ts_ms"), after.get("src_ts"));
        assertEquals(event.getStruct("source").get("table"), after.get("tbl"));
        assertEquals("u", v.getStruct("before").get("op"));
        assertEquals(Schema.Type.INT64, after.schema().field("src_ts").schema().type());
        assertSame(v.schema().field("before").schema(), v.schema().field("after").schema());

        Map<String, Object> schemaless = Envelopes.schemaless(event);
        @SuppressWarnings("unchecked")
        Map<String, Object> a = (Map<String, Object>) mapOut(t.apply(record(null, schemaless))).get("after");
        assertEquals("u", a.get("op"));
        assertEquals(event.getStruct("source").get("ts_ms"), a.get("src_ts"));

        // a plain row has no envelope: the entry names nothing there
        Struct plain = (Struct) t.apply(record(ROW, row(1))).value();
        assertNull(plain.schema().field("op"));
    }

    @Test
    void anEnvelopeFieldTheEnvelopeLacksIsReportedOnTheEnvelopeSchema() {
        Schema envelope = Envelopes.envelopeSchema("shop.public.orders", IMAGE);
        Struct event = Envelopes.event(envelope, "c", null, row(IMAGE, 1), 9, true);
        DataException e = assertThrows(DataException.class, () -> value("insert", "x:$envelope.source.nope",
                "cast", "nope:string", "missing.fields", "fail").apply(record(envelope, event)));
        assertTrue(e.getMessage().contains("cast entry 'nope:string' names no field of schema "
                + "'shop.public.orders.Value'"), e.getMessage());
        assertTrue(e.getMessage().contains("insert entry 'x:$envelope.source.nope' names no field of the envelope "
                + "schema 'shop.public.orders.Envelope'"), e.getMessage());
        // ignored: the field is not added, the rest of the row is mapped
        Struct v = (Struct) value("insert", "x:$envelope.source.nope, tbl:$envelope.source.table")
                .apply(record(envelope, event)).value();
        assertNull(v.getStruct("after").schema().field("x"));
        assertEquals("orders", v.getStruct("after").get("tbl"));
    }

    @Test
    void aTypedEnvelopeInsertTheEnvelopeLacksIsMissingOnStructAndMapRows() {
        Schema envelope = Envelopes.envelopeSchema("shop.public.orders", IMAGE);
        Struct event = Envelopes.event(envelope, "c", null, row(IMAGE, 1), 9, true);
        Map<String, Object> schemaless = Envelopes.schemaless(event);
        FieldMapper.Value<SinkRecord> fail = value("insert", "x:$envelope.nope:int32", "missing.fields", "fail");
        DataException s = assertThrows(DataException.class, () -> fail.apply(record(envelope, event)));
        assertTrue(s.getMessage().contains("insert entry 'x:$envelope.nope:int32' names no field of the envelope "
                + "schema 'shop.public.orders.Envelope'"), s.getMessage());
        DataException m = assertThrows(DataException.class, () -> fail.apply(record(null, schemaless)));
        assertTrue(m.getMessage().contains("insert entry 'x:$envelope.nope:int32' names no key of the envelope; "
                + "missing.fields=fail"), m.getMessage());
        DataException plainMap = assertThrows(DataException.class, () -> fail.apply(record(null, map(1))));
        assertTrue(plainMap.getMessage().contains("insert entry 'x:$envelope.nope:int32' reads the envelope, and a "
                + "plain row has none; missing.fields=fail"), plainMap.getMessage());
        DataException plainStruct = assertThrows(DataException.class, () -> fail.apply(record(ROW, row(1))));
        assertTrue(plainStruct.getMessage().contains("insert entry 'x:$envelope.nope:int32' (a plain row has no "
                + "envelope)"), plainStruct.getMessage());

        // the envelope has it: inserted, cast, on both
        FieldMapper.Value<SinkRecord> found = value("insert", "ts:$envelope.ts_ms:string", "missing.fields", "fail");
        String ts = String.valueOf(event.get("ts_ms"));
        Struct after = ((Struct) found.apply(record(envelope, event)).value()).getStruct("after");
        assertEquals(ts, after.get("ts"));
        assertEquals(Schema.OPTIONAL_STRING_SCHEMA, after.schema().field("ts").schema());
        assertEquals(ts, ((Map<?, ?>) mapOut(found.apply(record(null, schemaless))).get("after")).get("ts"));

        // ignore: skipped on both, the rest inserted
        FieldMapper.Value<SinkRecord> ignore = value("insert", "x:$envelope.nope:int32, ts:$envelope.ts_ms:string");
        Struct skipped = ((Struct) ignore.apply(record(envelope, event)).value()).getStruct("after");
        assertNull(skipped.schema().field("x"));
        assertEquals(ts, skipped.get("ts"));
        Map<?, ?> a = (Map<?, ?>) mapOut(ignore.apply(record(null, schemaless))).get("after");
        assertFalse(a.containsKey("x"));
        assertEquals(ts, a.get("ts"));
        assertFalse(mapOut(ignore.apply(record(null, map(1)))).containsKey("x"), "a plain row: nothing added");
    }

    @Test
    void keyAndEnvelopeReadsFollowEachRecordsSchemaWhenSchemasInterleave() {
        Schema k1 = SchemaBuilder.struct().name("k1").field("id", Schema.INT64_SCHEMA).build();
        Schema k2 = SchemaBuilder.struct().name("k2").field("region", Schema.STRING_SCHEMA)
                .field("id", Schema.INT64_SCHEMA).build();
        Schema e1 = Envelopes.envelopeSchema("shop.public.orders", IMAGE);
        Schema e2 = Envelopes.envelopeSchema("shop.public.invoices", IMAGE);
        FieldMapper.Value<SinkRecord> t = value("insert", "key_id:$key.id:int64, region:$key.region, "
                + "tbl:$envelope.source.table");
        for (int i = 0; i < 6; i++) {
            boolean first = i % 2 == 0;
            Struct key = first ? new Struct(k1).put("id", (long) i) : new Struct(k2).put("region", "eu").put("id", (long) i);
            Schema envelope = first ? e1 : e2;
            Struct event = Envelopes.event(envelope, "c", null, row(IMAGE, i), i, false);
            Struct after = ((Struct) t.apply(new SinkRecord("orders", 0, key.schema(), key, envelope, event, i)).value())
                    .getStruct("after");
            assertEquals((long) i, after.get("key_id"));
            assertEquals(first ? null : "eu", after.get("region"));
            assertEquals(first ? "orders" : "invoices", after.get("tbl"));
            Map<String, Object> m = mapOut(t.apply(new SinkRecord("orders", 0, key.schema(), key, null, map(i), i)));
            assertEquals((long) i, m.get("key_id"));
            assertEquals(first ? null : "eu", m.get("region"));
        }
    }

    @Test
    void insertMistakesFailAtConfigureAndOntoAnExistingFieldAtPlanTime() {
        assertTrue(assertThrows(ConfigException.class, () -> value("insert", "x:$nope")).getMessage()
                .contains("unknown source '$nope'"));
        assertTrue(assertThrows(ConfigException.class, () -> value("insert", "x:abc:int32")).getMessage()
                .contains("the literal is not a int32 value"));
        assertTrue(assertThrows(ConfigException.class, () -> value("insert", "x.*:$topic")).getMessage()
                .contains("an inserted field needs a literal path"));
        assertTrue(assertThrows(ConfigException.class, () -> value("insert", "x:$topic, x:$partition")).getMessage()
                .contains("both add 'x'"));
        DataException e = assertThrows(DataException.class, () -> value("insert", "email:$topic")
                .apply(record(ROW, row(1))));
        assertTrue(e.getMessage().contains("the row already has a field 'email'"), e.getMessage());
    }

    // ------------------------------------------------------------------ map values

    @Test
    void stepsEnterTheValuesOfAMapOnStructAndMapRows() {
        Schema point = SchemaBuilder.struct().name("shop.Point").field("x", Schema.INT32_SCHEMA)
                .field("y", Schema.OPTIONAL_STRING_SCHEMA).field("w", Schema.OPTIONAL_STRING_SCHEMA).build();
        Schema row = SchemaBuilder.struct().name("r").field("id", Schema.INT64_SCHEMA)
                .field("m", SchemaBuilder.map(Schema.STRING_SCHEMA, point).optional().build()).build();
        Map<String, Struct> points = new LinkedHashMap<>();
        points.put("a", new Struct(point).put("x", 1).put("y", "p").put("w", "u"));
        points.put("b", new Struct(point).put("x", 2).put("y", "q").put("w", "v"));
        Struct in = new Struct(row).put("id", 1L).put("m", points);
        Map<String, Object> a = new LinkedHashMap<>(Map.of("x", 1, "y", "p", "w", "u"));
        Map<String, Object> b = new LinkedHashMap<>(Map.of("x", 2, "y", "q", "w", "v"));
        Map<String, Object> schemaless = new LinkedHashMap<>();
        schemaless.put("id", 1L);
        schemaless.put("m", new LinkedHashMap<>(Map.of("a", a, "b", b)));

        FieldMapper.Value<SinkRecord> t = value("keep", "id,m[*].x,m[*].y", "rename", "m[*].y:label",
                "cast", "m[*].x:string");
        Struct v = (Struct) t.apply(record(row, in)).value();
        v.validate();
        Schema out = v.schema().field("m").schema().valueSchema();
        assertEquals(List.of("x", "label"), names(out));
        assertEquals(Schema.Type.STRING, out.field("x").schema().type());
        Map<?, ?> values = v.getMap("m");
        assertEquals("1", ((Struct) values.get("a")).get("x"));
        assertEquals("q", ((Struct) values.get("b")).get("label"));
        assertEquals(Map.of("a", Map.of("x", "1", "label", "p"), "b", Map.of("x", "2", "label", "q")),
                mapOut(t.apply(record(null, schemaless))).get("m"));

        FieldMapper.Value<SinkRecord> drop = value("drop", "m[*].w");
        Struct d = (Struct) drop.apply(record(row, in)).value();
        assertEquals(List.of("x", "y"), names(d.schema().field("m").schema().valueSchema()));
        assertEquals("p", ((Struct) d.getMap("m").get("a")).get("y"));
        assertEquals(Map.of("a", Map.of("x", 1, "y", "p"), "b", Map.of("x", 2, "y", "q")),
                mapOut(drop.apply(record(null, schemaless))).get("m"));
    }

    // ------------------------------------------------------------------ flatten

    @Test
    void flattenIsTheLastStepOnStructAndMapRows() {
        FieldMapper.Value<SinkRecord> t = value("move", "email:contact.email", "flatten", "true");
        Struct v = (Struct) t.apply(record(ROW, row(1))).value();
        assertEquals(List.of("id", "amount", "created_at", "updated_at", "address_city", "address_zip", "items",
                "contact_email"), names(v.schema()));
        assertEquals("Lyon", v.get("address_city"));
        assertEquals("ada@example.com", v.get("contact_email"));
        Map<String, Object> m = mapOut(t.apply(record(null, map(1))));
        assertEquals(List.of("id", "amount", "created_at", "updated_at", "address_city", "address_zip", "items",
                "contact_email"), List.copyOf(m.keySet()));

        Struct dots = (Struct) value("flatten", "true", "flatten.delimiter", ".").apply(record(ROW, row(1))).value();
        assertEquals("69001", dots.get("address.zip"));
        assertTrue(assertThrows(ConfigException.class, () -> value("flatten", "true", "flatten.delimiter", " "))
                .getMessage().contains("flatten.delimiter"));
    }

    @Test
    void flattenInRowScopeFlattensBothImagesAndKeepsTheEnvelope() {
        Schema envelope = Envelopes.envelopeSchema("shop.public.orders", IMAGE);
        Struct event = Envelopes.event(envelope, "u", row(IMAGE, 1), row(IMAGE, 1), 9, true);
        SinkRecord out = value("flatten", "true").apply(record(envelope, event));
        Struct v = (Struct) out.value();
        assertEquals("Lyon", v.getStruct("after").get("address_city"));
        assertEquals("Lyon", v.getStruct("before").get("address_city"));
        assertEquals(event.getStruct("source"), v.getStruct("source"), "the envelope is not flattened");
        assertEquals(envelope.name(), out.valueSchema().name());
    }

    /** Every step at once keeps the transform contract of the test kit (tombstones, control records, secrets...). */
    @Nested
    class ContractWithEveryStep extends TransformContract {

        @Override
        protected Transformation<SinkRecord> newTransform() {
            return new FieldMapper.Value<>();
        }

        @Override
        protected Map<String, String> config() {
            return props("keep", "id,email,amount,address,items", "drop", "items", "rename", "email:mail",
                    "move", "address.city:city", "copy", "id:order_id", "cast", "order_id:string",
                    "insert", "topic:$topic,ts:$envelope.ts_ms", "flatten", "true");
        }

        @Override
        protected List<SinkRecord> records() {
            Schema envelope = Envelopes.envelopeSchema("shop.public.orders", IMAGE);
            return List.of(
                    Envelopes.record("orders", null, null, ROW, row(1), 1),
                    Envelopes.record("orders", null, null, envelope,
                            Envelopes.event(envelope, "u", row(IMAGE, 1), row(IMAGE, 2), 2, true), 2),
                    Envelopes.record("orders", null, null, envelope,
                            Envelopes.event(envelope, "d", row(IMAGE, 3), null, 3, true), 3),
                    Envelopes.record("orders", null, null, null, map(4), 4));
        }

        @Override
        protected Map<String, String> badConfigs() {
            return Map.of("keep", "a..b", "move", "a", "copy", "a:b*", "insert", "x:$nope",
                    "flatten", "sometimes", "flatten.delimiter", "");
        }
    }
}
