package io.cdckit.converters.it;

import io.apicurio.registry.serde.SerdeConfig;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.cdckit.converters.avro.AvroConverter;
import io.cdckit.testkit.registry.ApicurioRegistry;

import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Wire-format interoperability with an independent implementation: Apicurio's Kafka serdes
 * (2.6.x, Confluent-compatible framing: magic byte 0 + 4-byte id, no headers, id = content id),
 * talking Apicurio's own v2 API, while {@link AvroConverter} talks the Confluent-compatible API of
 * the same Apicurio Registry 3.0.9 server. Both APIs must agree on what the 4-byte id means.
 */
class InteropIT {

    static ApicurioRegistry registry;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A producer-written schema as a plain Avro user would write it (no connect.* properties). */
    static final org.apache.avro.Schema AVRO_ORDER = new org.apache.avro.Schema.Parser().parse("""
            {"type":"record","name":"Order","namespace":"shop.interop","fields":[
              {"name":"id","type":"long"},
              {"name":"customer","type":"string"},
              {"name":"note","type":["null","string"],"default":null},
              {"name":"amount","type":{"type":"bytes","logicalType":"decimal","precision":10,"scale":2}},
              {"name":"address","type":{"type":"record","name":"Address","fields":[
                {"name":"city","type":"string"},
                {"name":"zip","type":["null","string"],"default":null}]}}
            ]}""");

    static final Schema ADDRESS = SchemaBuilder.struct().name("shop.interop.Address")
            .field("city", Schema.STRING_SCHEMA)
            .field("zip", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    static final Schema AMOUNT = Decimal.builder(2).parameter("connect.decimal.precision", "10").build();
    static final Schema ORDER = SchemaBuilder.struct().name("shop.interop.Order")
            .field("id", Schema.INT64_SCHEMA)
            .field("customer", Schema.STRING_SCHEMA)
            .field("note", Schema.OPTIONAL_STRING_SCHEMA)
            .field("amount", AMOUNT)
            .field("address", ADDRESS)
            .build();

    @BeforeAll
    static void start() {
        registry = ApicurioRegistry.builder().start();
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    private static AvroConverter converter() {
        AvroConverter conv = new AvroConverter();
        conv.configure(Map.of(AvroConverter.SCHEMA_REGISTRY_URL, registry.ccompatUrl()), false);
        return conv;
    }

    /** Apicurio serde settings for the Confluent wire format against Apicurio's own v2 API. */
    private static Map<String, Object> apicurioConfig() {
        Map<String, Object> c = new HashMap<>();
        c.put(SerdeConfig.REGISTRY_URL, registry.baseUrl() + "/apis/registry/v2");
        c.put(SerdeConfig.ENABLE_CONFLUENT_ID_HANDLER, "true");
        c.put(SerdeConfig.USE_ID, "contentId");
        c.put(SerdeConfig.ENABLE_HEADERS, "false");
        return c;
    }

    private static Struct order(long id, String note, String zip) {
        return new Struct(ORDER)
                .put("id", id)
                .put("customer", "c-" + id)
                .put("note", note)
                .put("amount", new BigDecimal("1234.50"))
                .put("address", new Struct(ADDRESS).put("city", "Lyon").put("zip", zip));
    }

    private static GenericRecord genericOrder(long id, String note, String zip) {
        GenericRecord address = new GenericData.Record(AVRO_ORDER.getField("address").schema());
        address.put("city", "Lyon");
        address.put("zip", zip);
        GenericRecord r = new GenericData.Record(AVRO_ORDER);
        r.put("id", id);
        r.put("customer", "c-" + id);
        r.put("note", note);
        r.put("amount", ByteBuffer.wrap(new BigDecimal("1234.50").unscaledValue().toByteArray()));
        r.put("address", address);
        return r;
    }

    private static byte[] apicurioSerialize(String topic, GenericRecord value) {
        try (AvroKafkaSerializer<GenericRecord> ser = new AvroKafkaSerializer<>()) {
            Map<String, Object> c = apicurioConfig();
            c.put(SerdeConfig.AUTO_REGISTER_ARTIFACT, "true");
            ser.configure(c, false);
            return ser.serialize(topic, value);
        }
    }

    private static int wireId(byte[] bytes) {
        assertEquals(0, bytes[0], "magic byte");
        return ByteBuffer.wrap(bytes, 1, 4).getInt();
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(registry.baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void apicurioDeserializerReadsWhatTheConverterWrote() throws Exception {
        String topic = "interop-ours";
        Struct value = order(7L, "fragile", null);
        byte[] bytes = converter().fromConnectData(topic, ORDER, value);

        // the id the ccompat API gave out is a content id of Apicurio's own API
        int id = wireId(bytes);
        assertEquals(200, get("/apis/registry/v2/ids/contentIds/" + id).statusCode());

        try (AvroKafkaDeserializer<GenericRecord> de = new AvroKafkaDeserializer<>()) {
            de.configure(apicurioConfig(), false);
            GenericRecord r = de.deserialize(topic, bytes);
            assertEquals("shop.interop.Order", r.getSchema().getFullName());
            assertEquals(7L, r.get("id"));
            assertEquals("c-7", r.get("customer").toString());
            assertEquals("fragile", r.get("note").toString());
            ByteBuffer amount = (ByteBuffer) r.get("amount");
            byte[] unscaled = new byte[amount.remaining()];
            amount.duplicate().get(unscaled);
            assertEquals(new BigDecimal("1234.50"), new BigDecimal(new java.math.BigInteger(unscaled), 2));
            assertEquals("decimal", r.getSchema().getField("amount").schema().getLogicalType().getName());
            GenericRecord address = (GenericRecord) r.get("address");
            assertEquals("Lyon", address.get("city").toString());
            assertNull(address.get("zip"));
        }
    }

    @Test
    void converterReadsWhatTheApicurioSerializerWrote() throws Exception {
        String topic = "interop-theirs";
        byte[] bytes = apicurioSerialize(topic, genericOrder(8L, null, "69001"));
        int id = wireId(bytes);
        // Apicurio's TopicIdStrategy artifact "<topic>-value" in the default group is the ccompat subject
        HttpResponse<String> subject = get("/apis/ccompat/v7/subjects/" + topic + "-value/versions/latest");
        assertEquals(200, subject.statusCode(), subject.body());
        assertEquals(id, ((Number) new com.fasterxml.jackson.databind.ObjectMapper()
                .readValue(subject.body(), Map.class).get("id")).intValue(), subject.body());

        SchemaAndValue back = converter().toConnectData(topic, bytes);
        Struct expected = order(8L, null, "69001");
        Struct actual = (Struct) back.value();
        assertEquals(8L, actual.get("id"));
        assertEquals("c-8", actual.get("customer"));
        assertNull(actual.get("note"));
        assertEquals(new BigDecimal("1234.50"), actual.get("amount"));
        assertEquals("69001", actual.getStruct("address").get("zip"));
        assertEquals(ORDER, back.schema());
        assertEquals(expected, actual);

        // writing the value back registers the converter's own translation of the schema (it carries
        // connect.* properties), a second version of the subject with another content id; Apicurio reads it
        byte[] rewritten = converter().fromConnectData(topic, back.schema(), back.value());
        assertNotEquals(id, wireId(rewritten));
        assertEquals(expected, converter().toConnectData(topic, rewritten).value());
        try (AvroKafkaDeserializer<GenericRecord> de = new AvroKafkaDeserializer<>()) {
            de.configure(apicurioConfig(), false);
            GenericRecord r = de.deserialize(topic, rewritten);
            assertEquals(8L, r.get("id"));
            assertEquals("69001", ((GenericRecord) r.get("address")).get("zip").toString());
        }
    }

    @Test
    void theWireIdIsTheContentIdNotTheGlobalId() throws Exception {
        // the same schema under a second subject: same content (id), new artifact version (global id)
        // (one serializer per subject: Apicurio's 2.x resolver caches lookups by schema content, so a single
        // instance would reuse the first subject's artifact for the second topic instead of registering it)
        byte[] first = apicurioSerialize("interop-ids-a", genericOrder(1L, "a", null));
        byte[] second = apicurioSerialize("interop-ids-b", genericOrder(2L, "b", null));
        assertEquals(wireId(first), wireId(second), "one content, one id");
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        HttpResponse<String> metaA = get("/apis/registry/v2/groups/default/artifacts/interop-ids-a-value/meta");
        HttpResponse<String> metaB = get("/apis/registry/v2/groups/default/artifacts/interop-ids-b-value/meta");
        assertEquals(200, metaA.statusCode(), metaA.body());
        assertEquals(200, metaB.statusCode(), metaB.body());
        long globalA = json.readTree(metaA.body()).get("globalId").asLong();
        long globalB = json.readTree(metaB.body()).get("globalId").asLong();
        assertNotEquals(globalA, globalB, "two artifact versions, two global ids");
        assertEquals(wireId(first), json.readTree(metaA.body()).get("contentId").asInt());
        assertEquals(wireId(second), json.readTree(metaB.body()).get("contentId").asInt());
        // our converter resolves the content id through ccompat and reads both
        AvroConverter ours = converter();
        assertEquals("a", ((Struct) ours.toConnectData("interop-ids-a", first).value()).get("note"));
        assertEquals("b", ((Struct) ours.toConnectData("interop-ids-b", second).value()).get("note"));
    }
}
