package io.cdckit.converters.avro;

import io.cdckit.testkit.fixtures.Fixtures;

import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AvroDataTest {

    private final AvroData avroData = new AvroData(100);

    // ------------------------------------------------------------------ helpers

    /** Avro binary round trip through a schema re-parsed from its JSON text. */
    private static Object viaBytes(org.apache.avro.Schema writer, org.apache.avro.Schema reader, Object datum) {
        try {
            return new GenericDatumReader<Object>(writer, reader)
                .read(null, DecoderFactory.get().binaryDecoder(genericBytes(writer, datum), null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Avro binary of a datum, by Avro's generic datum writer. */
    private static byte[] genericBytes(org.apache.avro.Schema writer, Object datum) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<Object>(writer).write(datum, enc);
            enc.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Avro binary of a Connect value, by the compiled direct writer. */
    private static byte[] directBytes(Schema schema, org.apache.avro.Schema avro, Object value) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
            AvroBinary.writer(schema, avro).write(value, enc);
            enc.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Connect value read from Avro binary by the compiled direct reader. */
    private static Object directRead(org.apache.avro.Schema avro, Schema connect, byte[] bytes) {
        try {
            org.apache.avro.io.BinaryDecoder dec = DecoderFactory.get().binaryDecoder(bytes, null);
            Object v = AvroBinary.reader(avro, connect).read(dec);
            assertTrue(dec.isEnd(), "the direct reader must consume every byte");
            return v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The converter's direct route agrees with the generic one: the compiled writer gives the bytes
     * Avro's generic writer gives for AvroData's datum, and the compiled reader gives the Connect value
     * AvroData makes of Avro's generic reading of them.
     */
    private void assertDirectRouteAgrees(Schema schema, Object value, AvroData back, org.apache.avro.Schema parsed, Object viaGeneric) {
        org.apache.avro.Schema avro = avroData.fromConnectSchema(schema);
        byte[] generic = genericBytes(avro, avroData.fromConnectData(schema, value));
        assertArrayEquals(generic, directBytes(schema, avro, value), "direct writer bytes");
        Object direct = directRead(parsed, back.toConnectSchema(parsed), generic);
        if (viaGeneric instanceof byte[]) {
            assertArrayEquals((byte[]) viaGeneric, (byte[]) direct, "direct reader value");
        } else {
            assertEquals(viaGeneric, direct, "direct reader value");
        }
    }

    /** Schema and value round trip, through Avro JSON text and Avro binary, with a fresh instance on the way back. */
    private Object roundTrip(Schema schema, Object value) {
        org.apache.avro.Schema avro = avroData.fromConnectSchema(schema);
        org.apache.avro.Schema parsed = new org.apache.avro.Schema.Parser().parse(avro.toString());
        assertEquals(avro, parsed, "Avro schema must survive its JSON text");
        AvroData back = new AvroData(10);
        assertEquals(schema, back.toConnectSchema(parsed), "schema round trip");
        Object datum = avroData.fromConnectData(schema, value);
        assertTrue(GenericData.get().validate(avro, datum), "datum must be valid for the Avro schema");
        Object read = viaBytes(avro, parsed, datum);
        Object result = back.toConnectData(parsed, read);
        assertDirectRouteAgrees(schema, value, back, parsed, result);
        if (value instanceof byte[]) {
            assertArrayEquals((byte[]) value, (byte[]) result);
        } else if (value instanceof ByteBuffer) {
            ByteBuffer bb = ((ByteBuffer) value).duplicate();
            byte[] expected = new byte[bb.remaining()];
            bb.get(expected);
            assertArrayEquals(expected, (byte[]) result);
        } else {
            assertEquals(value, result, "value round trip");
        }
        return result;
    }

    private void roundTripSchema(Schema schema) {
        org.apache.avro.Schema avro = avroData.fromConnectSchema(schema);
        org.apache.avro.Schema parsed = new org.apache.avro.Schema.Parser().parse(avro.toString());
        assertEquals(avro, parsed, "Avro schema must survive its JSON text");
        assertEquals(schema, new AvroData(10).toConnectSchema(parsed));
    }

    @Test
    void structDefault() {
        SchemaBuilder b = SchemaBuilder.struct().name("p.Point").optional()
            .field("x", Schema.INT32_SCHEMA).field("label", Schema.OPTIONAL_STRING_SCHEMA);
        Schema point = b.defaultValue(new Struct(b).put("x", 1).put("label", "origin")).build();
        Schema s = SchemaBuilder.struct().name("p.Shape").field("p", point).build();
        org.apache.avro.Schema avro = avroData.fromConnectSchema(s);
        Schema back = new AvroData(10).toConnectSchema(new org.apache.avro.Schema.Parser().parse(avro.toString()));
        Struct def = (Struct) back.field("p").schema().defaultValue();
        assertEquals(1, def.get("x"));
        assertEquals("origin", def.get("label"));
        // nested optional non-null values cannot be an Avro default (unions default to their first branch):
        // the field then has no Avro default, connect.default still carries it
        assertFalse(avro.getField("p").hasDefaultValue());
    }

    // ------------------------------------------------------------------ primitives

    @Test
    void primitivesRequiredOptionalAndNull() {
        Object[][] cases = {
            {Schema.INT8_SCHEMA, (byte) -7},
            {Schema.INT16_SCHEMA, (short) 300},
            {Schema.INT32_SCHEMA, 123456},
            {Schema.INT64_SCHEMA, Long.MAX_VALUE},
            {Schema.FLOAT32_SCHEMA, 1.25f},
            {Schema.FLOAT64_SCHEMA, Math.PI},
            {Schema.BOOLEAN_SCHEMA, true},
            {Schema.STRING_SCHEMA, "héllo"},
            {Schema.BYTES_SCHEMA, new byte[] {1, 2, 3}},
        };
        for (Object[] c : cases) {
            Schema required = (Schema) c[0];
            roundTrip(required, c[1]);
            Schema optional = SchemaBuilder.type(required.type()).optional().build();
            roundTrip(optional, c[1]);
            roundTrip(optional, null);
        }
        assertEquals(org.apache.avro.Schema.Type.INT, avroData.fromConnectSchema(Schema.INT8_SCHEMA).getType());
        assertEquals("int8", avroData.fromConnectSchema(Schema.INT8_SCHEMA).getProp(AvroData.TYPE_PROP));
        org.apache.avro.Schema opt = avroData.fromConnectSchema(Schema.OPTIONAL_STRING_SCHEMA);
        assertEquals(org.apache.avro.Schema.Type.UNION, opt.getType());
        assertEquals(org.apache.avro.Schema.Type.NULL, opt.getTypes().get(0).getType());
    }

    @Test
    void bytesAcceptByteBuffer() {
        ByteBuffer bb = ByteBuffer.wrap(new byte[] {9, 8, 7, 6}, 1, 2);
        roundTrip(Schema.BYTES_SCHEMA, bb);
        assertEquals(1, bb.position(), "input buffer not consumed");
    }

    @Test
    void defaultsOfEveryTypeRoundTripAndBecomeAvroDefaults() {
        Schema s = SchemaBuilder.struct().name("d.Defaults")
            .field("i8", SchemaBuilder.int8().defaultValue((byte) 1).build())
            .field("i16", SchemaBuilder.int16().defaultValue((short) 2).build())
            .field("i32", SchemaBuilder.int32().defaultValue(3).build())
            .field("i64", SchemaBuilder.int64().defaultValue(4L).build())
            .field("f32", SchemaBuilder.float32().defaultValue(1.1f).build())
            .field("f64", SchemaBuilder.float64().defaultValue(2.2).build())
            .field("b", SchemaBuilder.bool().defaultValue(true).build())
            .field("s", SchemaBuilder.string().defaultValue("x").build())
            .field("os", SchemaBuilder.string().optional().defaultValue("y").build())
            .field("by", SchemaBuilder.bytes().defaultValue(new byte[] {1, 2}).build())
            .field("dec", Decimal.builder(2).defaultValue(new BigDecimal("1.50")).build())
            .field("date", Date.builder().defaultValue(Date.toLogical(Date.SCHEMA, 19000)).build())
            .field("time", Time.builder().defaultValue(Time.toLogical(Time.SCHEMA, 1000)).build())
            .field("ts", Timestamp.builder().defaultValue(Timestamp.toLogical(Timestamp.SCHEMA, 1_700_000_000_000L)).build())
            .field("arr", SchemaBuilder.array(Schema.INT32_SCHEMA).defaultValue(List.of(1, 2)).build())
            .field("map", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).defaultValue(Map.of("a", 1)).build())
            .field("imap", SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA).defaultValue(Map.of(5, "five")).build())
            .build();
        Struct v = new Struct(s).put("i8", (byte) 9).put("os", null);
        // Struct.validate would fill nothing: required fields without values take their defaults on the way out
        Struct expected = new Struct(s);
        for (org.apache.kafka.connect.data.Field f : s.fields()) {
            expected.put(f, v.get(f));
        }
        expected.put("os", null);
        org.apache.avro.Schema avro = avroData.fromConnectSchema(s);
        assertEquals(3, ((Number) avro.getField("i32").defaultVal()).intValue());
        assertEquals("x", avro.getField("s").defaultVal());
        assertEquals("y", avro.getField("os").defaultVal());
        assertEquals(org.apache.avro.Schema.Type.STRING, avro.getField("os").schema().getTypes().get(0).getType());
        roundTripSchema(s);
        org.apache.avro.Schema parsed = new org.apache.avro.Schema.Parser().parse(avro.toString());
        Object read = viaBytes(avro, parsed, avroData.fromConnectData(s, v));
        Struct back = (Struct) avroData.toConnectData(parsed, read);
        assertEquals((byte) 9, back.get("i8"));
        assertEquals(4L, back.get("i64"));
        assertEquals(new BigDecimal("1.50"), back.get("dec"));
        assertArrayEquals(new byte[] {1, 2}, (byte[]) back.get("by"));
        assertEquals(Map.of(5, "five"), back.get("imap"));
        assertNull(back.getWithoutDefault("os"));
    }

    @Test
    void topLevelAndArrayItemDefaults() {
        roundTrip(SchemaBuilder.int64().defaultValue(42L).name("x.Y").version(3).doc("docs").build(), 7L);
        roundTrip(SchemaBuilder.array(SchemaBuilder.string().optional().defaultValue("d").build()).build(),
            Arrays.asList("a", null, "c"));
    }

    // ------------------------------------------------------------------ logical types

    @Test
    void logicalTypes() {
        roundTrip(Decimal.schema(3), new BigDecimal("-12345.678"));
        roundTrip(Decimal.builder(2).parameter(AvroData.DECIMAL_PRECISION_PARAM, "10").optional().build(), new BigDecimal("12.34"));
        roundTrip(Decimal.builder(2).optional().build(), null);
        roundTrip(Date.SCHEMA, Date.toLogical(Date.SCHEMA, 19723));
        roundTrip(Time.SCHEMA, Time.toLogical(Time.SCHEMA, 45_296_789));
        roundTrip(Timestamp.SCHEMA, Timestamp.toLogical(Timestamp.SCHEMA, 1_700_000_000_123L));
        roundTrip(Timestamp.builder().optional().build(), null);

        org.apache.avro.Schema dec = avroData.fromConnectSchema(Decimal.builder(2).parameter(AvroData.DECIMAL_PRECISION_PARAM, "10").build());
        assertEquals(org.apache.avro.LogicalTypes.decimal(10, 2), dec.getLogicalType());
        assertEquals(org.apache.avro.LogicalTypes.decimal(64, 3), avroData.fromConnectSchema(Decimal.schema(3)).getLogicalType());
        assertEquals("date", avroData.fromConnectSchema(Date.SCHEMA).getLogicalType().getName());
        assertEquals("time-millis", avroData.fromConnectSchema(Time.SCHEMA).getLogicalType().getName());
        assertEquals("timestamp-millis", avroData.fromConnectSchema(Timestamp.SCHEMA).getLogicalType().getName());
        assertEquals(Decimal.LOGICAL_NAME, dec.getProp(AvroData.NAME_PROP));
    }

    @Test
    void debeziumSemanticTypes() {
        Schema vsd = SchemaBuilder.struct().name("io.debezium.data.VariableScaleDecimal").version(1)
            .doc("Variable scaled decimal").optional()
            .field("scale", Schema.INT32_SCHEMA).field("value", Schema.BYTES_SCHEMA).build();
        Schema s = SchemaBuilder.struct().name("pg.shop.products.Value")
            .field("ts", SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").version(1).build())
            .field("zts", SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").version(1).optional().build())
            .field("json", SchemaBuilder.string().name("io.debezium.data.Json").version(1).optional().build())
            .field("status", SchemaBuilder.string().name("io.debezium.data.Enum").version(1)
                .parameter("allowed", "new,paid,shipped").build())
            .field("num", vsd)
            .field("price", Decimal.builder(2).parameter(AvroData.DECIMAL_PRECISION_PARAM, "10").optional().build())
            .build();
        Struct v = new Struct(s).put("ts", 1_700_000_000_123_456L).put("zts", "2024-01-01T00:00:00Z")
            .put("json", "{\"a\":1}").put("status", "paid")
            .put("num", new Struct(vsd).put("scale", 3).put("value", new byte[] {4, 0}))
            .put("price", new BigDecimal("9.99"));
        roundTrip(s, v);
        roundTrip(s, new Struct(s).put("ts", 0L).put("status", "new"));
    }

    // ------------------------------------------------------------------ containers

    @Test
    void arraysMapsAndNestedStructs() {
        Schema inner = SchemaBuilder.struct().optional()
            .field("a", Schema.OPTIONAL_INT32_SCHEMA).field("b", Schema.STRING_SCHEMA).build();
        Schema other = SchemaBuilder.struct()
            .field("x", Schema.FLOAT64_SCHEMA).build();
        Schema s = SchemaBuilder.struct()
            .field("list", SchemaBuilder.array(Schema.OPTIONAL_INT64_SCHEMA).build())
            .field("structs", SchemaBuilder.array(inner).optional().build())
            .field("smap", SchemaBuilder.map(Schema.STRING_SCHEMA, inner).build())
            .field("imap", SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA).build())
            .field("omap", SchemaBuilder.map(Schema.OPTIONAL_STRING_SCHEMA, Schema.INT8_SCHEMA).optional().build())
            .field("smapOfStruct", SchemaBuilder.map(other, SchemaBuilder.array(Schema.STRING_SCHEMA).build()).build())
            .field("nested", inner)
            .field("other", other)
            .build();
        Map<String, Object> smap = new LinkedHashMap<>();
        smap.put("k1", new Struct(inner).put("a", 1).put("b", "x"));
        smap.put("k2", null);
        Map<Object, Object> imap = new LinkedHashMap<>();
        imap.put(1, "one");
        imap.put(2, null);
        Map<Object, Object> omap = new LinkedHashMap<>();
        omap.put(null, (byte) 1);
        omap.put("k", (byte) 2);
        Map<Object, Object> structKeys = new LinkedHashMap<>();
        structKeys.put(new Struct(other).put("x", 1.0), List.of("p", "q"));
        Struct v = new Struct(s)
            .put("list", Arrays.asList(1L, null, 3L))
            .put("structs", Arrays.asList(new Struct(inner).put("b", "y"), null))
            .put("smap", smap).put("imap", imap).put("omap", omap).put("smapOfStruct", structKeys)
            .put("nested", new Struct(inner).put("a", 5).put("b", "z"))
            .put("other", new Struct(other).put("x", 2.0));
        roundTrip(s, v);
        roundTrip(s, new Struct(s).put("list", List.of()).put("smap", Map.of()).put("imap", Map.of())
            .put("smapOfStruct", Map.of()).put("other", new Struct(other).put("x", 0.5)));

        org.apache.avro.Schema avro = avroData.fromConnectSchema(s);
        assertEquals(org.apache.avro.Schema.Type.MAP, avro.getField("smap").schema().getType());
        assertEquals(org.apache.avro.Schema.Type.ARRAY, avro.getField("imap").schema().getType());
        assertEquals("map", avro.getField("imap").schema().getProp(AvroData.TYPE_PROP));
        // generated record names are unique and deterministic
        assertEquals(avro.toString(), new AvroData(5).fromConnectSchema(s).toString());
        Set<String> names = new HashSet<>();
        collectRecordNames(avro, names, new HashSet<>());
        assertTrue(names.size() >= 4, names.toString());
    }

    private static void collectRecordNames(org.apache.avro.Schema a, Set<String> names, Set<org.apache.avro.Schema> seen) {
        switch (a.getType()) {
            case RECORD:
                if (!seen.add(a)) {
                    return;
                }
                assertTrue(names.add(a.getFullName()), "duplicate record name " + a.getFullName());
                a.getFields().forEach(f -> collectRecordNames(f.schema(), names, seen));
                break;
            case UNION:
                a.getTypes().forEach(t -> collectRecordNames(t, names, seen));
                break;
            case ARRAY:
                collectRecordNames(a.getElementType(), names, seen);
                break;
            case MAP:
                collectRecordNames(a.getValueType(), names, seen);
                break;
            default:
                break;
        }
    }

    @Test
    void sameNamedStructIsReusedAndDifferentOnesGetUniqueNames() {
        Schema row = SchemaBuilder.struct().name("pg.shop.t.Value").optional().field("id", Schema.INT32_SCHEMA).build();
        Schema clash = SchemaBuilder.struct().name("pg.shop.t.Value").optional().field("other", Schema.STRING_SCHEMA).build();
        Schema env = SchemaBuilder.struct().name("pg.shop.t.Envelope")
            .field("before", row).field("after", row).field("weird", clash).build();
        org.apache.avro.Schema avro = avroData.fromConnectSchema(env);
        assertSame(avro.getField("before").schema().getTypes().get(1), avro.getField("after").schema().getTypes().get(1));
        String clashName = avro.getField("weird").schema().getTypes().get(1).getFullName();
        assertNotEquals("pg.shop.t.Value", clashName);
        assertEquals("pg.shop.t.Value", avro.getField("weird").schema().getTypes().get(1).getProp(AvroData.NAME_PROP));
        roundTrip(env, new Struct(env).put("after", new Struct(row).put("id", 1))
            .put("weird", new Struct(clash).put("other", "o")));
    }

    // ------------------------------------------------------------------ names

    @Test
    void invalidNamesAreSanitizedReversibly() {
        Schema nested = SchemaBuilder.struct().name("my-db.9schema.t-1").field("ok", Schema.INT32_SCHEMA).build();
        Schema s = SchemaBuilder.struct().name("my-db.9schema.Value")
            .field("__debezium.x", Schema.STRING_SCHEMA)
            .field("1col", Schema.INT32_SCHEMA)
            .field("a-b", Schema.INT32_SCHEMA)
            .field("a_u002db", Schema.INT32_SCHEMA)
            .field("ünï", Schema.OPTIONAL_STRING_SCHEMA)
            .field("order_id", Schema.INT64_SCHEMA)
            .field("in-ner", nested)
            .build();
        org.apache.avro.Schema avro = avroData.fromConnectSchema(s);
        assertEquals("my_u002ddb._9schema.Value", avro.getFullName());
        assertEquals("my-db.9schema.Value", avro.getProp(AvroData.NAME_PROP));
        assertEquals("order_id", avro.getFields().get(5).name(), "valid names are kept");
        assertNull(avro.getFields().get(5).getProp(AvroData.FIELD_NAME_PROP));
        assertEquals("__debezium_u002ex", avro.getFields().get(0).name());
        assertEquals("__debezium.x", avro.getFields().get(0).getProp(AvroData.FIELD_NAME_PROP));
        assertEquals("_1col", avro.getFields().get(1).name());
        Set<String> fieldNames = new HashSet<>();
        avro.getFields().forEach(f -> assertTrue(fieldNames.add(f.name())));
        Struct v = new Struct(s).put("__debezium.x", "x").put("1col", 1).put("a-b", 2).put("a_u002db", 3)
            .put("ünï", "u").put("order_id", 5L).put("in-ner", new Struct(nested).put("ok", 7));
        Struct back = (Struct) roundTrip(s, v);
        assertEquals("x", back.get("__debezium.x"));
        assertEquals(2, back.get("a-b"));
        assertEquals(3, back.get("a_u002db"));
        assertEquals("my-db.9schema.t-1", back.schema().field("in-ner").schema().name());
    }

    @Test
    void avroNamesEscaping() {
        assertEquals("ok_name", AvroNames.escapeComponent("ok_name"));
        assertEquals("_1col", AvroNames.escapeComponent("1col"));
        assertEquals("a_u002db", AvroNames.escapeComponent("a-b"));
        assertEquals("_", AvroNames.escapeComponent(""));
        assertEquals("pg.shop.products.Value", AvroNames.escapeFullName("pg.shop.products.Value"));
        assertTrue(AvroNames.isValidFullName(AvroNames.escapeFullName("a..b.-c.9")));
    }

    // ------------------------------------------------------------------ foreign Avro schemas

    private static final String FOREIGN = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"com.acme\",\"doc\":\"an order\","
        + "\"fields\":["
        + "{\"name\":\"id\",\"type\":{\"type\":\"string\",\"logicalType\":\"uuid\"}},"
        + "{\"name\":\"status\",\"type\":{\"type\":\"enum\",\"name\":\"Status\",\"symbols\":[\"NEW\",\"PAID\"]},\"default\":\"NEW\"},"
        + "{\"name\":\"hash\",\"type\":{\"type\":\"fixed\",\"name\":\"Md5\",\"size\":4}},"
        + "{\"name\":\"amount\",\"type\":{\"type\":\"fixed\",\"name\":\"Amt\",\"size\":8,\"logicalType\":\"decimal\",\"precision\":12,\"scale\":2}},"
        + "{\"name\":\"price\",\"type\":{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":8,\"scale\":3}},"
        + "{\"name\":\"at\",\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-micros\"}},"
        + "{\"name\":\"atMillis\",\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}},"
        + "{\"name\":\"day\",\"type\":{\"type\":\"int\",\"logicalType\":\"date\"}},"
        + "{\"name\":\"tm\",\"type\":{\"type\":\"long\",\"logicalType\":\"time-micros\"}},"
        + "{\"name\":\"any\",\"type\":[\"null\",\"int\",\"string\",{\"type\":\"record\",\"name\":\"Sub\",\"fields\":[{\"name\":\"q\",\"type\":\"int\"}]}]},"
        + "{\"name\":\"either\",\"type\":[\"long\",\"boolean\"]},"
        + "{\"name\":\"count\",\"type\":\"int\",\"default\":7},"
        + "{\"name\":\"tags\",\"type\":{\"type\":\"map\",\"values\":\"string\"}}"
        + "]}";

    @Test
    void foreignSchemasMapToSensibleConnectTypes() {
        org.apache.avro.Schema avro = new org.apache.avro.Schema.Parser().parse(FOREIGN);
        Schema s = avroData.toConnectSchema(avro);
        assertEquals("com.acme.Order", s.name());
        assertEquals("an order", s.doc());
        assertEquals("io.debezium.data.Uuid", s.field("id").schema().name());
        Schema status = s.field("status").schema();
        assertEquals(Schema.Type.STRING, status.type());
        assertEquals("com.acme.Status", status.name());
        assertEquals("NEW,PAID", status.parameters().get(AvroData.ENUM_SYMBOLS_PARAM));
        assertEquals("NEW", status.defaultValue());
        assertEquals(Schema.Type.BYTES, s.field("hash").schema().type());
        assertEquals("4", s.field("hash").schema().parameters().get(AvroData.FIXED_SIZE_PARAM));
        assertEquals(Decimal.LOGICAL_NAME, s.field("amount").schema().name());
        assertEquals("12", s.field("amount").schema().parameters().get(AvroData.DECIMAL_PRECISION_PARAM));
        assertEquals(Decimal.LOGICAL_NAME, s.field("price").schema().name());
        assertEquals("io.debezium.time.MicroTimestamp", s.field("at").schema().name());
        assertEquals(Schema.Type.INT64, s.field("at").schema().type());
        assertEquals(Timestamp.LOGICAL_NAME, s.field("atMillis").schema().name());
        assertEquals(Date.LOGICAL_NAME, s.field("day").schema().name());
        assertEquals("io.debezium.time.MicroTime", s.field("tm").schema().name());
        Schema any = s.field("any").schema();
        assertEquals(AvroData.UNION_NAME, any.name());
        assertTrue(any.isOptional());
        assertEquals(List.of("int", "string", "com.acme.Sub"), any.fields().stream().map(f -> f.name()).toList());
        assertFalse(s.field("either").schema().isOptional());
        assertEquals(7, s.field("count").schema().defaultValue());
        assertEquals(Schema.Type.MAP, s.field("tags").schema().type());

        GenericRecord r = new GenericData.Record(avro);
        r.put("id", "6f1c2c9e-0b7e-4c8e-9a57-1f6d0f0e7a11");
        r.put("status", new GenericData.EnumSymbol(avro.getField("status").schema(), "PAID"));
        r.put("hash", new GenericData.Fixed(avro.getField("hash").schema(), new byte[] {1, 2, 3, 4}));
        r.put("amount", new GenericData.Fixed(avro.getField("amount").schema(),
            ByteBuffer.allocate(8).putLong(12345L).array()));
        r.put("price", ByteBuffer.wrap(new BigDecimal("1.250").unscaledValue().toByteArray()));
        r.put("at", 1_700_000_000_000_001L);
        r.put("atMillis", 1_700_000_000_000L);
        r.put("day", 10);
        r.put("tm", 5L);
        GenericRecord sub = new GenericData.Record(avro.getField("any").schema().getTypes().get(3));
        sub.put("q", 4);
        r.put("any", sub);
        r.put("either", true);
        r.put("count", 3);
        r.put("tags", Map.of("k", "v"));
        Object read = viaBytes(avro, avro, r);
        Struct v = (Struct) avroData.toConnectData(avro, read);
        // the direct reader maps a foreign schema's binary (enum, fixed, multi-type unions) the same way
        Struct direct = (Struct) directRead(avro, s, genericBytes(avro, r));
        for (org.apache.kafka.connect.data.Field f : s.fields()) {
            Object expected = v.get(f);
            if (expected instanceof byte[]) {
                assertArrayEquals((byte[]) expected, (byte[]) direct.get(f), f.name());
            } else {
                assertEquals(expected, direct.get(f), f.name());
            }
        }
        assertEquals("6f1c2c9e-0b7e-4c8e-9a57-1f6d0f0e7a11", v.get("id"));
        assertEquals("PAID", v.get("status"));
        assertArrayEquals(new byte[] {1, 2, 3, 4}, (byte[]) v.get("hash"));
        assertEquals(new BigDecimal("123.45"), v.get("amount"));
        assertEquals(new BigDecimal("1.250"), v.get("price"));
        assertEquals(1_700_000_000_000_001L, v.get("at"));
        assertEquals(Timestamp.toLogical(Timestamp.SCHEMA, 1_700_000_000_000L), v.get("atMillis"));
        Struct anyV = v.getStruct("any");
        assertNull(anyV.get("int"));
        assertEquals(4, anyV.getStruct("com.acme.Sub").get("q"));
        assertEquals(true, v.getStruct("either").get("boolean"));
        assertEquals(Map.of("k", "v"), v.get("tags"));
        v.validate();

        // and back to Avro again: a valid schema and datum, even if not the foreign one
        org.apache.avro.Schema again = avroData.fromConnectSchema(s);
        Object datum = avroData.fromConnectData(s, v);
        assertTrue(GenericData.get().validate(again, datum));
        assertEquals(v, avroData.toConnectData(again, viaBytes(again, again, datum)));
    }

    @Test
    void unsupportedForeignSchemasGiveDataException() {
        org.apache.avro.Schema recursive = new org.apache.avro.Schema.Parser().parse(
            "{\"type\":\"record\",\"name\":\"Node\",\"fields\":[{\"name\":\"next\",\"type\":[\"null\",\"Node\"]}]}");
        DataException e = assertThrows(DataException.class, () -> avroData.toConnectSchema(recursive));
        assertTrue(e.getMessage().contains("recursive"), e.getMessage());
        assertThrows(DataException.class, () -> avroData.toConnectSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.NULL)));
        org.apache.avro.Schema onlyNull = new org.apache.avro.Schema.Parser().parse(
            "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"n\",\"type\":[\"null\"]}]}");
        e = assertThrows(DataException.class, () -> avroData.toConnectSchema(onlyNull));
        assertTrue(e.getMessage().contains("'n'"), e.getMessage());
    }

    // ------------------------------------------------------------------ errors

    @Test
    void wrongValuesGiveDataExceptionWithPathAndTypesButNoValue() {
        Schema s = SchemaBuilder.struct().name("t.V")
            .field("inner", SchemaBuilder.struct().field("secret", Schema.INT32_SCHEMA).build()).build();
        DataException e = assertThrows(DataException.class, () -> avroData.fromConnectData(Schema.INT32_SCHEMA, "4111-1111"));
        assertFalse(e.getMessage().contains("4111"), e.getMessage());
        assertTrue(e.getMessage().contains("java.lang.String") && e.getMessage().contains("INT32"), e.getMessage());

        Schema list = SchemaBuilder.struct().field("xs", SchemaBuilder.array(Schema.INT64_SCHEMA).build()).build();
        e = assertThrows(DataException.class, () -> avroData.fromConnectData(list,
            new StructNoValidate(list).raw("xs", List.of("4111-1111"))));
        assertTrue(e.getMessage().contains("xs[]"), e.getMessage());
        assertFalse(e.getMessage().contains("4111"), e.getMessage());

        e = assertThrows(DataException.class, () -> avroData.fromConnectData(s, new Struct(s.field("inner").schema()).put("secret", 1)));
        assertTrue(e.getMessage().contains("expected"), e.getMessage());
        assertThrows(DataException.class, () -> avroData.fromConnectData(Schema.STRING_SCHEMA, null));
        assertThrows(DataException.class, () -> avroData.fromConnectData(Decimal.schema(2), new BigDecimal("1.234")));
        assertThrows(DataException.class, () -> avroData.fromConnectData(
            SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build(), Map.of(1, 1)));
        assertThrows(DataException.class, () -> avroData.fromConnectData(null, 1));

        org.apache.avro.Schema avro = avroData.fromConnectSchema(s);
        e = assertThrows(DataException.class, () -> avroData.toConnectData(avro, "4111-1111"));
        assertFalse(e.getMessage().contains("4111"), e.getMessage());
        GenericRecord bad = new GenericData.Record(avro);
        GenericRecord badInner = new GenericData.Record(avro.getField("inner").schema());
        badInner.put("secret", "4111-1111");
        bad.put("inner", badInner);
        e = assertThrows(DataException.class, () -> avroData.toConnectData(avro, bad));
        assertTrue(e.getMessage().contains("inner.secret"), e.getMessage());
        assertFalse(e.getMessage().contains("4111"), e.getMessage());
        assertThrows(DataException.class, () -> avroData.toConnectData(avro, null));
    }

    @Test
    void moreErrorPathsAndConvertedLogicalForms() {
        org.apache.avro.Schema avro = new org.apache.avro.Schema.Parser().parse(
            "{\"type\":\"record\",\"name\":\"U\",\"fields\":[{\"name\":\"any\",\"type\":[\"null\",\"int\",\"string\"]}]}");
        GenericRecord r = new GenericData.Record(avro);
        r.put("any", 3.5d); // a double is none of null/int/string/Sub
        DataException e = assertThrows(DataException.class, () -> avroData.toConnectData(avro, r));
        assertTrue(e.getMessage().contains("'any'") && e.getMessage().contains("java.lang.Double"), e.getMessage());
        assertFalse(e.getMessage().contains("3.5"), e.getMessage());

        Schema s = SchemaBuilder.struct().field("price", Decimal.schema(2)).build();
        e = assertThrows(DataException.class, () -> avroData.fromConnectData(s, badDecimal(s)));
        assertTrue(e.getMessage().contains("'price'"), e.getMessage());
        assertFalse(e.getMessage().contains("1.234"), e.getMessage());

        // converted logical forms, as readers with conversions produce them
        assertEquals(Date.toLogical(Date.SCHEMA, 3), avroData.toConnectData(avroData.fromConnectSchema(Date.SCHEMA), java.time.LocalDate.ofEpochDay(3)));
        assertEquals(Timestamp.toLogical(Timestamp.SCHEMA, 5), avroData.toConnectData(avroData.fromConnectSchema(Timestamp.SCHEMA), java.time.Instant.ofEpochMilli(5)));
        assertEquals(new BigDecimal("1.25"), avroData.toConnectData(avroData.fromConnectSchema(Decimal.schema(2)), new BigDecimal("1.25")));
        assertEquals("u", avroData.toConnectData(avroData.fromConnectSchema(Schema.STRING_SCHEMA), new org.apache.avro.util.Utf8("u")));
        e = assertThrows(DataException.class, () -> avroData.toConnectData(avroData.fromConnectSchema(Schema.BYTES_SCHEMA), 12));
        assertTrue(e.getMessage().contains("java.lang.Integer"), e.getMessage());
    }

    private static Struct badDecimal(Schema s) {
        return new StructNoValidate(s).raw("price", new BigDecimal("1.234"));
    }

    /** A Struct that skips Connect's own put validation, to feed wrong values to AvroData. */
    private static final class StructNoValidate extends Struct {
        StructNoValidate(Schema schema) {
            super(schema);
        }

        StructNoValidate raw(String field, Object value) {
            try {
                java.lang.reflect.Field values = Struct.class.getDeclaredField("values");
                values.setAccessible(true);
                ((Object[]) values.get(this))[schema().field(field).index()] = value;
                return this;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void cacheReturnsSameTranslation() {
        Schema s = SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA).build();
        Schema equal = SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA).build();
        assertSame(avroData.fromConnectSchema(s), avroData.fromConnectSchema(equal));
        org.apache.avro.Schema a = avroData.fromConnectSchema(s);
        assertSame(avroData.toConnectSchema(a), avroData.toConnectSchema(new org.apache.avro.Schema.Parser().parse(a.toString())));
    }

    // ------------------------------------------------------------------ the real Debezium corpus

    @Test
    void everyRecordedDebeziumEventRoundTrips() {
        List<SinkRecord> records = Fixtures.records();
        assertEquals(Fixtures.EXPECTED_EVENTS, records.size());
        int checked = 0;
        for (SinkRecord r : records) {
            checkSide(r.keySchema(), r.key(), r.topic() + "@" + r.kafkaOffset() + " key");
            checkSide(r.valueSchema(), r.value(), r.topic() + "@" + r.kafkaOffset() + " value");
            checked++;
        }
        assertEquals(records.size(), checked);
    }

    private void checkSide(Schema schema, Object value, String what) {
        if (schema == null) {
            return;
        }
        org.apache.avro.Schema avro = avroData.fromConnectSchema(schema);
        org.apache.avro.Schema parsed = new org.apache.avro.Schema.Parser().parse(avro.toString());
        AvroData back = new AvroData(10);
        assertEquals(schema, back.toConnectSchema(parsed), what + " schema");
        Object datum = avroData.fromConnectData(schema, value);
        Object read = viaBytes(avro, parsed, datum);
        Object result = back.toConnectData(parsed, read);
        assertEquals(value, result, what + " value");
        assertDirectRouteAgrees(schema, value, back, parsed, result);
        if (value != null) {
            assertInstanceOf(GenericRecord.class, read, what);
        }
    }
}
