package io.cdckit.smt.unwrap;

import io.cdckit.testkit.Differential;
import io.cdckit.testkit.Envelopes;

import io.debezium.connector.mongodb.transforms.ExtractNewDocumentState;

import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs {@link Unwrap} and Debezium's {@code ExtractNewDocumentState} (3.6.1, on Debezium 3.7's
 * plugin classes) on the same MongoDB events ({@link MongoEvents}: hand-built, random documents
 * of every BSON type) with the same configuration, over every combination of the MongoDB options
 * and every delete mode, and requires the same output: dropped or not, topic, key and key schema,
 * value and value schema, timestamp, headers. Where Debezium fails on a record, ours must throw a
 * DataException (Debezium's failures there are DataException, its own DebeziumException, or a
 * crash such as NullPointerException).
 */
class MongoDifferentialTest {

    static final String[] MODES = {"drop", "tombstone", "rewrite", "rewrite-with-tombstone", "delete-to-tombstone"};

    static Stream<Arguments> configs() {
        List<Map<String, String>> out = new ArrayList<>();
        for (String mode : MODES) {
            for (String encoding : new String[]{"array", "document"}) {
                for (String flatten : new String[]{"false", "true"}) {
                    for (String names : new String[]{"none", "avro", "avro_unicode"}) {
                        for (String withId : new String[]{"false", "true"}) {
                            Map<String, String> c = new LinkedHashMap<>();
                            c.put("delete.tombstone.handling.mode", mode);
                            c.put("array.encoding", encoding);
                            c.put("flatten.struct", flatten);
                            c.put("field.name.adjustment.mode", names);
                            c.put("delete.tombstone.handling.mode.rewrite-with-id", withId);
                            if (withId.equals("true")) {
                                c.put("add.fields", "op,source.ts_ms,collection,ts_ms:when");
                                c.put("add.headers", "op,db,updateDescription.updatedFields");
                                c.put("flatten.struct.delimiter", ".");
                            }
                            out.add(c);
                        }
                    }
                }
            }
        }
        return out.stream().map(Arguments::of);
    }

    static final List<SinkRecord> TYPICAL = MongoEvents.random(42, 120, false);
    static final List<SinkRecord> WILD = MongoEvents.random(7, 600, true);

    @ParameterizedTest
    @MethodSource("configs")
    void sameOutputAsDebeziumOnTypicalDocuments(Map<String, String> config) {
        Outcome o = compare(config, TYPICAL);
        assertEquals(TYPICAL.size(), o.same + o.bothFail + o.peerCrashes);
        assertTrue(o.same > TYPICAL.size() / 2, "most typical documents convert: " + o);
    }

    @ParameterizedTest
    @MethodSource("configs")
    void sameOutputAsDebeziumOnDocumentsOfEveryBsonType(Map<String, String> config) {
        Outcome o = compare(config, WILD);
        assertEquals(WILD.size(), o.same + o.bothFail + o.peerCrashes);
        assertTrue(o.same > 0, "some convert: " + o);
        assertTrue(o.bothFail > 0, "some are refused by both: " + o);
        if (System.getProperty("mongo.diff.stats") != null) {
            System.out.println("STATS " + config + " " + o);
        }
    }

    static final class Outcome {
        int same;
        int bothFail;
        int peerCrashes;

        @Override
        public String toString() {
            return same + " same, " + bothFail + " rejected by both, " + peerCrashes + " Debezium crashes";
        }
    }

    static Outcome compare(Map<String, String> config, List<SinkRecord> records) {
        Outcome o = new Outcome();
        try (Unwrap<SinkRecord> ours = new Unwrap<>();
             ExtractNewDocumentState<SinkRecord> theirs = new ExtractNewDocumentState<>()) {
            ours.configure(config);
            theirs.configure(config);
            int i = 0;
            for (SinkRecord r : records) {
                String where = config + ", record " + i++ + " " + r.value();
                SinkRecord expected;
                try {
                    expected = theirs.apply(Envelopes.copy(r));
                } catch (NullPointerException | ClassCastException | IndexOutOfBoundsException crash) {
                    try {
                        ours.apply(Envelopes.copy(r));
                    } catch (DataException clear) {
                        // a clear error where Debezium crashes
                    }
                    o.peerCrashes++;
                    continue;
                } catch (RuntimeException rejected) {
                    DataException e = assertThrows(DataException.class, () -> ours.apply(Envelopes.copy(r)),
                            "Debezium rejects (" + rejected + "), so must ours: " + where);
                    assertTrue(e.getMessage().startsWith("Unwrap: "), e.getMessage());
                    o.bothFail++;
                    continue;
                }
                SinkRecord actual;
                try {
                    actual = ours.apply(Envelopes.copy(r));
                } catch (DataException e) {
                    fail("Debezium converts, ours throws " + e.getMessage() + ": " + where, e);
                    return o;
                }
                if (expected != null && actual != null) {
                    assertEquals(render(expected.keySchema()), render(actual.keySchema()), "key schema, " + where);
                    assertEquals(render(expected.valueSchema()), render(actual.valueSchema()), "value schema, " + where);
                }
                Differential.assertSameRecord(expected, actual, where);
                o.same++;
            }
        }
        return o;
    }

    /** A schema as text (name, type, optional, fields), for readable failures. */
    static String render(org.apache.kafka.connect.data.Schema s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder().append(s.type()).append(s.isOptional() ? "?" : "");
        if (s.name() != null) {
            b.append('<').append(s.name()).append('>');
        }
        switch (s.type()) {
            case STRUCT:
                b.append('{');
                for (org.apache.kafka.connect.data.Field f : s.fields()) {
                    b.append(f.name()).append(':').append(render(f.schema())).append(',');
                }
                return b.append('}').toString();
            case ARRAY:
                return b.append('[').append(render(s.valueSchema())).append(']').toString();
            default:
                return b.toString();
        }
    }

    /**
     * Where we differ on purpose: an add.fields entry the envelope lacks fails every record in
     * Debezium's MongoDB transform (it puts a field its schema never got); ours skips it with a
     * warning, as for relational envelopes. And the legacy delete options, which Debezium's MongoDB
     * transform ignores (its default, tombstone, applies), are mapped as for relational envelopes.
     */
    @Test
    void theDifferencesWeChose() {
        SinkRecord insert = MongoEvents.record(new org.bson.BsonInt32(1), MongoEvents.envelope("c", null,
                new org.bson.BsonDocument("_id", new org.bson.BsonInt32(1)).append("a", new org.bson.BsonString("x")),
                null, 5L), 0);
        Map<String, String> missing = Map.of("add.fields", "op,source.lsn");
        try (Unwrap<SinkRecord> ours = new Unwrap<>();
             ExtractNewDocumentState<SinkRecord> theirs = new ExtractNewDocumentState<>()) {
            ours.configure(missing);
            theirs.configure(missing);
            assertThrows(DataException.class, () -> theirs.apply(Envelopes.copy(insert)));
            SinkRecord out = ours.apply(Envelopes.copy(insert));
            assertEquals("c", ((org.apache.kafka.connect.data.Struct) out.value()).get("__op"));
        }
        SinkRecord delete = MongoEvents.record(new org.bson.BsonInt32(1), MongoEvents.envelope("d",
                new org.bson.BsonDocument("_id", new org.bson.BsonInt32(1)), null, null, 5L), 1);
        Map<String, String> legacy = Map.of("delete.handling.mode", "rewrite");
        try (Unwrap<SinkRecord> ours = new Unwrap<>();
             ExtractNewDocumentState<SinkRecord> theirs = new ExtractNewDocumentState<>()) {
            ours.configure(legacy);
            theirs.configure(legacy);
            assertEquals(null, theirs.apply(Envelopes.copy(delete)).value(), "Debezium: its default, tombstone");
            assertEquals(Boolean.TRUE, ((org.apache.kafka.connect.data.Struct) ours.apply(Envelopes.copy(delete))
                    .value()).get("__deleted"));
        }
    }

    @Test
    void debeziumsMongoTransformRunsOnTheseDebeziumClasses() {
        Outcome o = compare(Map.of(), TYPICAL);
        assertTrue(o.same > 0, o.toString());
    }

    /** Objects whose $-keys are no wrapper's form: org.bson reads a plain document (or, options first, a regex). */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"{\"$type\": \"string\"}", "{\"$type\": 2}",
        "{\"$type\": \"string\", \"x\": 1}", "{\"$regex\": \"a\", \"x\": 1}", "{\"$regex\": \"a\"}",
        "{\"$regex\": {\"$in\": 1}}", "{\"$binary\": 1}", "{\"$binary\": \"AA==\"}",
        "{\"$binary\": \"AA==\", \"$type\": \"zz\"}", "{\"$options\": \"i\", \"$regex\": \"a\"}",
        "{\"$options\": \"i\"}", "{\"$type\": \"00\", \"$binary\": \"AA==\"}", "{\"$binary\": \"AA==\", \"$type\": \"80\"}",
        "{\"$regex\": \"a\", \"$options\": \"mi\"}", "{\"$set\": 1}", "{\"$binary\": \"AQID\", \"$type\": \"100\"}",
        "{\"$type\": \"-1\", \"$binary\": \"AA==\"}", "{\"$regex\": 1, \"$options\": \"i\"}"})
    void dollarKeysAreTypedAsOrgBsonTypesThem(String v) {
        String text = "{\"a\": " + v + "}";
        org.bson.BsonValue expected = org.bson.BsonDocument.parse(text).get("a");
        Object ours = io.cdckit.core.document.ExtendedJson.parseDocument(text).get("a");
        assertEquals(expected.getBsonType().name(), io.cdckit.core.document.BsonKind.of(ours).name(), v);
        if (expected.isBinary()) {
            assertEquals(expected.asBinary().getType() & 0xff, ((io.cdckit.core.document.BsonValues.Binary) ours).subtype(), v);
        }
        if (expected.isDocument()) {
            assertEquals(new ArrayList<>(expected.asDocument().keySet()), new ArrayList<>(((Map<?, ?>) ours).keySet()), v);
        }
    }

    /** A stored query filter holding a field named $type: the document Debezium gives. */
    @Test
    void aStoredQueryFilterWithADollarTypeFieldComesOutAsDebeziumGivesIt() {
        for (String after : new String[]{"{\"_id\": 1, \"filter\": {\"$type\": \"string\"}}",
            "{\"_id\": 1, \"q\": {\"name\": {\"$regex\": \"^a\"}, \"n\": {\"$type\": 16}}}"}) {
            org.apache.kafka.connect.data.Struct env = MongoEvents.envelope("c", null, null, null, 1L);
            env.put("after", after);
            SinkRecord r = MongoEvents.record(new org.bson.BsonInt32(1), env, 1);
            try (Unwrap<SinkRecord> ours = new Unwrap<>();
                 ExtractNewDocumentState<SinkRecord> theirs = new ExtractNewDocumentState<>()) {
                ours.configure(Map.of());
                theirs.configure(Map.of());
                SinkRecord expected = theirs.apply(Envelopes.copy(r));
                SinkRecord actual = ours.apply(Envelopes.copy(r));
                assertEquals(expected.valueSchema(), actual.valueSchema(), after);
                assertEquals(expected.value(), actual.value(), after);
            }
        }
    }

    /** $numberDecimal: the text Decimal128.parse(..).toString() gives; refused where org.bson refuses. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"1e3", "Inf", "-inf", "+Infinity", "nan", "-NaN", "1.50",
        "-0", "-0.0", "+1", "0.000001", "0.0000001", "1E+0", ".5", "1234567890123456789012345678901234000",
        "1e6112", "10e-6177", "0e7000", "0e-7000", "-1.5E-10", "123456789012345678901234567890123.4",
        "1234567890123456789012345678901234567", "1e7000", "1e-7000", "1e-6177", "1e6145", "abc", "1e",
        "1.2345678901234567890123456789012345", "9999999999999999999999999999999999e6111"})
    void decimalTextIsDecimal128sOrRefusedAsOrgBsonRefusesIt(String text) {
        String json = "{\"a\": {\"$numberDecimal\": \"" + text + "\"}}";
        String expected;
        try {
            expected = org.bson.BsonDocument.parse(json).get("a").asDecimal128().getValue().toString();
        } catch (RuntimeException | AssertionError e) {
            expected = null;
        }
        if (expected == null) {
            assertThrows(io.cdckit.core.document.DocumentException.class,
                    () -> io.cdckit.core.document.ExtendedJson.parseDocument(json), text);
        } else {
            assertEquals(new io.cdckit.core.document.BsonValues.Decimal(expected),
                    io.cdckit.core.document.ExtendedJson.parseDocument(json).get("a"), text);
        }
    }
}
