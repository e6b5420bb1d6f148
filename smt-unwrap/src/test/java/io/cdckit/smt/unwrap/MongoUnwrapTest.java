package io.cdckit.smt.unwrap;

import io.cdckit.testkit.TransformContract;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Unwrap on Debezium's MongoDB envelopes (README: "MongoDB"), and the transform contract with them. */
class MongoUnwrapTest extends TransformContract {

    static final BsonObjectId OID = new BsonObjectId(new ObjectId("5f1e2d3c4b5a697887766554"));

    @Override
    protected Transformation<SinkRecord> newTransform() {
        return new Unwrap<>();
    }

    @Override
    protected Map<String, String> config() {
        return Map.of("delete.tombstone.handling.mode", "rewrite", "array.encoding", "document",
                "add.fields", "op,collection", "add.headers", "op,db", "flatten.struct", "true");
    }

    static BsonDocument customer() {
        return new BsonDocument("_id", OID).append("name", new BsonString("Ada"))
                .append("address", new BsonDocument("city", new BsonString("Paris")))
                .append("tags", new BsonArray(List.of(new BsonString("a"), new BsonInt32(1))));
    }

    static SinkRecord insert() {
        return MongoEvents.record(OID, MongoEvents.envelope("c", null, customer(), null, 3L), 1);
    }

    static SinkRecord partialUpdate() {
        return MongoEvents.record(OID, MongoEvents.envelope("u", null, null, MongoEvents.update(
                new BsonDocument("address.city", new BsonString("Lyon")), List.of("tags"), false), 4L), 2);
    }

    static SinkRecord delete(boolean preImage) {
        return MongoEvents.record(OID, MongoEvents.envelope("d", preImage ? customer() : null, null, null, 5L), 3);
    }

    @Override
    protected List<SinkRecord> records() {
        List<SinkRecord> out = new ArrayList<>(List.of(insert(), partialUpdate(), delete(true), delete(false)));
        out.add(schemaless(insert()));
        return out;
    }

    /** Malformed JSON text and an updateDescription of the wrong shape. */
    @Override
    protected List<SinkRecord> badRecords() {
        Struct env = MongoEvents.envelope("c", null, null, null, 1L).put("after", "{\"secret\": \"hunter2\"");
        Struct badId = MongoEvents.envelope("c", null, customer(), null, 1L);
        SinkRecord broken = MongoEvents.record(OID, env, 9);
        SinkRecord key = new SinkRecord(MongoEvents.TOPIC, 0, MongoEvents.KEY,
                new Struct(MongoEvents.KEY).put("id", "{\"$oid\": \"hunter2\"}"), MongoEvents.ENVELOPE, badId, 10);
        return List.of(broken, key);
    }

    @Override
    protected Map<String, String> badConfigs() {
        return Map.of("array.encoding", "list", "field.name.adjustment.mode", "avro2", "flatten.struct", "maybe");
    }

    @Override
    protected void checkTombstone(SinkRecord in, SinkRecord out) {
        assertNull(out, "rewrite drops tombstones, as Debezium does");
    }

    static Unwrap<SinkRecord> unwrap(String... kv) {
        Map<String, String> c = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            c.put(kv[i], kv[i + 1]);
        }
        Unwrap<SinkRecord> u = new Unwrap<>();
        u.configure(c);
        return u;
    }

    /** As JsonConverter with schemas.enable=false would give the same event. */
    static SinkRecord schemaless(SinkRecord r) {
        Struct e = (Struct) r.value();
        Map<String, Object> m = new LinkedHashMap<>();
        for (org.apache.kafka.connect.data.Field f : e.schema().fields()) {
            Object v = e.get(f);
            if (v instanceof Struct) {
                Map<String, Object> inner = new LinkedHashMap<>();
                for (org.apache.kafka.connect.data.Field g : ((Struct) v).schema().fields()) {
                    inner.put(g.name(), ((Struct) v).get(g));
                }
                v = inner;
            }
            m.put(f.name(), v);
        }
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("id", ((Struct) r.key()).get("id"));
        return new SinkRecord(r.topic(), 0, null, key, null, m, r.kafkaOffset());
    }

    @Test
    void anInsertBecomesATypedStructAndItsKeyTooAsDebeziumDoesIt() {
        SinkRecord out = unwrap("array.encoding", "document").apply(insert());
        assertEquals("srv.inventory.customers", out.valueSchema().name());
        Struct v = (Struct) out.value();
        assertEquals("5f1e2d3c4b5a697887766554", v.get("_id"));
        assertEquals("Paris", v.getStruct("address").get("city"));
        assertEquals("srv.inventory.customers.address", v.schema().field("address").schema().name());
        Struct key = (Struct) out.key();
        assertNull(out.keySchema().name(), "Debezium's converted key schema is unnamed");
        assertEquals("5f1e2d3c4b5a697887766554", key.get("id"));
    }

    @Test
    void mixedArraysNeedDocumentEncodingAndTheErrorSaysSo() {
        DataException e = assertThrows(DataException.class, () -> unwrap().apply(insert()).value());
        assertTrue(e.getMessage().contains("'tags'") && e.getMessage().contains("array.encoding=document"), e.getMessage());
        assertTrue(e.getMessage().startsWith("Unwrap: "), e.getMessage());
        Struct v = (Struct) unwrap("array.encoding", "document").apply(insert()).value();
        assertEquals("a", v.getStruct("tags").get("_0"));
        assertEquals(1, v.getStruct("tags").get("_1"));
    }

    @Test
    void aPartialUpdateIsItsUpdatedFieldsWithTheKeysId() {
        SinkRecord out = unwrap().apply(partialUpdate());
        Struct v = (Struct) out.value();
        assertEquals(List.of("address.city", "_id"), v.schema().fields().stream().map(f -> f.name()).toList());
        assertEquals("Lyon", v.get("address.city"));
        Struct flat = (Struct) unwrap("flatten.struct", "true").apply(partialUpdate()).value();
        assertEquals("Lyon", flat.get("address_city"));
    }

    @Test
    void deletesFollowTheModeAndRewritesAddABooleanDeleted() {
        SinkRecord tomb = unwrap().apply(delete(true));
        assertNull(tomb.value());
        assertNull(tomb.valueSchema(), "unlike relational envelopes, Debezium's MongoDB tombstone mode has no schema");
        assertEquals(Schema.Type.STRUCT, tomb.keySchema().type());
        assertNull(unwrap("delete.tombstone.handling.mode", "drop").apply(delete(true)));
        Struct rewritten = (Struct) unwrap("delete.tombstone.handling.mode", "rewrite", "array.encoding", "document")
                .apply(delete(true)).value();
        assertEquals(Boolean.TRUE, rewritten.get("__deleted"));
        assertEquals("Ada", rewritten.get("name"));
        Struct bare = (Struct) unwrap("delete.tombstone.handling.mode", "rewrite").apply(delete(false)).value();
        assertEquals(List.of("__deleted"), bare.schema().fields().stream().map(f -> f.name()).toList());
        Struct withId = (Struct) unwrap("delete.tombstone.handling.mode", "rewrite",
                "delete.tombstone.handling.mode.rewrite-with-id", "true").apply(delete(false)).value();
        assertEquals("5f1e2d3c4b5a697887766554", withId.get("_id"));
        Struct inserted = (Struct) unwrap("delete.tombstone.handling.mode", "rewrite", "array.encoding", "document")
                .apply(insert()).value();
        assertEquals(Boolean.FALSE, inserted.get("__deleted"));
    }

    @Test
    void aTombstoneAfterItsCollectionsEventsKeepsAConvertedKey() {
        Unwrap<SinkRecord> u = unwrap("delete.tombstone.handling.mode", "rewrite-with-tombstone",
                "array.encoding", "document", "add.headers", "op");
        u.apply(insert());
        SinkRecord tombstone = new SinkRecord(MongoEvents.TOPIC, 0, MongoEvents.KEY, MongoEvents.key(OID), null, null, 7);
        SinkRecord out = u.apply(tombstone);
        assertEquals("5f1e2d3c4b5a697887766554", ((Struct) out.key()).get("id"));
        assertNull(out.value());
        assertEquals("d", out.headers().lastWithName("__op").value());
    }

    @Test
    void aKeyNotNamedDotKeyPassesTheRecordOnAsDebeziumDoes() {
        SinkRecord in = insert();
        SinkRecord odd = in.newRecord(in.topic(), 0, Schema.STRING_SCHEMA, "x", in.valueSchema(), in.value(), 0L);
        assertSame(odd, unwrap().apply(odd));
    }

    @Test
    void schemalessMongoEnvelopesGiveMaps() {
        SinkRecord out = unwrap("array.encoding", "document", "add.fields", "op").apply(schemaless(insert()));
        @SuppressWarnings("unchecked")
        Map<String, Object> v = (Map<String, Object>) out.value();
        assertNull(out.valueSchema());
        assertEquals("5f1e2d3c4b5a697887766554", v.get("_id"));
        assertEquals(Map.of("city", "Paris"), v.get("address"));
        assertEquals("c", v.get("__op"));
        assertEquals(Map.of("id", "5f1e2d3c4b5a697887766554"), out.key());
    }

    @Test
    void routeByFieldIsHonouredBeyondDebezium() {
        SinkRecord out = unwrap("route.by.field", "name", "array.encoding", "document").apply(insert());
        assertEquals("Ada", out.topic());
        assertEquals("Ada", unwrap("route.by.field", "name", "array.encoding", "document")
                .apply(schemaless(insert())).topic());
        assertThrows(DataException.class, () -> unwrap("route.by.field", "address", "array.encoding", "document")
                .apply(schemaless(insert())));
    }

    @Test
    void mongoOptionsDoNotTouchRelationalEnvelopes() {
        SinkRecord relational = Events.all().get(0);
        SinkRecord plain = unwrap().apply(Events.copy(relational));
        SinkRecord withMongo = unwrap("array.encoding", "document", "flatten.struct", "true",
                "field.name.adjustment.mode", "avro").apply(Events.copy(relational));
        assertEquals(plain == null, withMongo == null);
        if (plain != null) {
            assertEquals(plain.valueSchema(), withMongo.valueSchema());
            assertEquals(plain.value(), withMongo.value());
        }
    }

    @Test
    void oneSchemaObjectPerDocumentShape() {
        Unwrap<SinkRecord> u = unwrap("array.encoding", "document");
        Schema first = u.apply(insert()).valueSchema();
        BsonDocument other = customer();
        other.put("name", new BsonString("Grace"));
        Schema second = u.apply(MongoEvents.record(OID, MongoEvents.envelope("c", null, other, null, 9L), 9)).valueSchema();
        assertSame(first, second);
        assertFalse(first.fields().isEmpty());
    }

    /** Row scope writes images back with ExtendedJsonWriter: what it writes reads back the same, here and in org.bson. */
    @Test
    void writtenImagesReadBackAsTheSameDocumentHereAndInOrgBson() {
        String src = "{\"_id\": {\"$oid\": \"5f1e2d3c4b5a697887766554\"}, \"k\\\"ey\\n\\u0001\": \"q\\\"\\\\\\u0000\\u2028\\ud83d\\ude00\","
                + " \"l\": {\"$numberLong\": \"5\"}, \"d\": -0.0, \"n\": NaN, \"inf\": -Infinity, \"big\": 1e300,"
                + " \"dt\": {\"$date\": -1}, \"dec\": {\"$numberDecimal\": \"1.50\"}, \"dec2\": {\"$numberDecimal\": \"1e3\"},"
                + " \"bin\": {\"$binary\": \"AAEC\", \"$type\": \"80\"},"
                + " \"u\": {\"$uuid\": \"00112233-4455-6677-8899-aabbccddeeff\"}, \"ts\": {\"$timestamp\": {\"t\": 4294967295, \"i\": 1}},"
                + " \"re\": {\"$regex\": \"a\\\"b\", \"$options\": \"im\"}, \"code\": {\"$code\": \"x\"}, \"sym\": {\"$symbol\": \"s\"},"
                + " \"mk\": {\"$minKey\": 1}, \"und\": {\"$undefined\": true}, \"arr\": [1, {\"$numberLong\": \"2\"}, null, [\"x\"]],"
                + " \"cs\": {\"$code\": \"y\", \"$scope\": {\"z\": 1}}, \"filter\": {\"$type\": \"string\"},"
                + " \"dbp\": {\"$dbPointer\": {\"$ref\": \"c\", \"$id\": {\"$oid\": \"5f1e2d3c4b5a697887766554\"}}}}";
        LinkedHashMap<String, Object> doc = io.cdckit.core.document.ExtendedJson.parseDocument(src);
        String written = io.cdckit.core.document.ExtendedJsonWriter.write(doc);
        assertEquals(doc, io.cdckit.core.document.ExtendedJson.parseDocument(written));
        assertEquals(BsonDocument.parse(src), BsonDocument.parse(written));
    }

    @Test
    void malformedAfterTextIsADataExceptionNamingTheTopicNotTheValue() {
        Unwrap<SinkRecord> u = new Unwrap<>();
        u.configure(Map.of());
        Struct env = MongoEvents.envelope("c", null, null, null, 1L);
        env.put("after", "{\"_id\": 1, \"name\": \"secret-PII\" xyz}");
        SinkRecord r = MongoEvents.record(new BsonInt32(1), env, 1);
        DataException e = assertThrows(DataException.class, () -> u.apply(r));
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
        assertTrue(e.getMessage().contains(MongoEvents.TOPIC), e.getMessage());
        u.close();
    }

    @Test
    void aRefusedShapeIsADataExceptionNamingTheTopicNotTheValue() {
        Unwrap<SinkRecord> u = new Unwrap<>();
        u.configure(Map.of());
        Struct env = MongoEvents.envelope("c", null, null, null, 1L);
        env.put("after", "{\"_id\": 1, \"tags\": [1, \"secret-PII\"]}");
        SinkRecord r = MongoEvents.record(new BsonInt32(1), env, 1);
        DataException e = assertThrows(DataException.class, () -> u.apply(r));
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
        assertTrue(e.getMessage().contains(MongoEvents.TOPIC), e.getMessage());
        assertTrue(e.getMessage().contains("tags"), e.getMessage());
        u.close();
    }

    @Test
    void nestingDeeperThanTheLimitIsADataExceptionNotAStackOverflow() {
        Unwrap<SinkRecord> u = new Unwrap<>();
        u.configure(Map.of());
        Struct env = MongoEvents.envelope("c", null, null, null, 1L);
        env.put("after", "{\"_id\": 1, \"a\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}");
        SinkRecord r = MongoEvents.record(new BsonInt32(1), env, 1);
        DataException e = assertThrows(DataException.class, () -> u.apply(r));
        assertTrue(e.getMessage().contains("nesting deeper than"), e.getMessage());
        u.close();
    }
}
