package io.cdckit.smt.unwrap;

import io.cdckit.testkit.Envelopes;
import io.cdckit.testkit.MongoEnvelopes;

import com.mongodb.BasicDBObject;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDbPointer;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonJavaScript;
import org.bson.BsonJavaScriptWithScope;
import org.bson.BsonMaxKey;
import org.bson.BsonMinKey;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonRegularExpression;
import org.bson.BsonString;
import org.bson.BsonSymbol;
import org.bson.BsonTimestamp;
import org.bson.BsonUndefined;
import org.bson.BsonValue;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Debezium MongoDB change events, hand-built: no MongoDB server can run here, so the envelope,
 * key and text shapes are the ones learned from Debezium's documented MongoDB event formats and
 * from its connector code (the envelope and key schemas of {@code MongoDbSchema}, documents written
 * as strict extended JSON without line breaks, the key's id as relaxed extended JSON, and
 * {@code updatedFields} as {@code BsonDocument.toJson()} writes it). Documents are made with
 * org.bson, randomly (seeded) over every BSON type, nesting, and arrays of one type, of several
 * types, of documents and of arrays, and empty ones.
 */
final class MongoEvents {

    static final String TOPIC = "srv.inventory.customers";

    /** The connector's document writer settings (strict mode, no line breaks). */
    static final JsonWriterSettings STRICT = JsonWriterSettings.builder().outputMode(JsonMode.STRICT)
            .indent(true).indentCharacters("").newLineCharacters("").build();
    static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED)
            .indent(true).indentCharacters("").newLineCharacters("").build();

    static final Schema KEY = MongoEnvelopes.key(TOPIC);
    static final Schema UPDATE_DESCRIPTION = MongoEnvelopes.UPDATE_DESCRIPTION;
    static final Schema TRUNCATED_ARRAY = MongoEnvelopes.TRUNCATED_ARRAY;
    static final Schema SOURCE = MongoEnvelopes.SOURCE;
    static final Schema TRANSACTION = Envelopes.TRANSACTION;
    static final Schema ENVELOPE = MongoEnvelopes.envelope(TOPIC);

    private MongoEvents() {
    }

    /** The key's id text, as the connector writes it (relaxed, from a one-field document). */
    static String keyText(BsonValue id) {
        String s = new BasicDBObject("_", id).toJson(RELAXED);
        return s.substring(6, s.length() - 1);
    }

    static Struct key(BsonValue id) {
        return new Struct(KEY).put("id", keyText(id));
    }

    static Struct source(long ts, boolean tx) {
        return new Struct(SOURCE).put("version", "3.6.1.Final").put("connector", "mongodb").put("name", "srv")
                .put("ts_ms", ts).put("snapshot", "false").put("db", "inventory").put("collection", "customers")
                .put("ord", 1).put("wallTime", ts).put("txnNumber", tx ? 7L : null).put("lsid", tx ? "lsid" : null);
    }

    static SinkRecord record(BsonValue id, Struct envelope, long offset) {
        return new SinkRecord(TOPIC, 0, KEY, key(id), ENVELOPE, envelope, offset, 1_700_000_000_000L + offset,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME);
    }

    static Struct envelope(String op, BsonDocument before, BsonDocument after, Struct update, long ts) {
        Struct e = new Struct(ENVELOPE).put("op", op).put("ts_ms", ts).put("source", source(ts, ts % 2 == 0))
                .put("before", before == null ? null : before.toJson(STRICT))
                .put("after", after == null ? null : after.toJson(STRICT));
        if (update != null) {
            e.put("updateDescription", update);
        }
        if (ts % 3 == 0) {
            e.put("transaction", new Struct(TRANSACTION).put("id", "tx" + ts).put("total_order", ts)
                    .put("data_collection_order", 1L));
        }
        return e;
    }

    static Struct update(BsonDocument updated, List<String> removed, boolean truncated) {
        Struct u = new Struct(UPDATE_DESCRIPTION).put("updatedFields", updated == null ? null : updated.toJson());
        u.put("removedFields", removed);
        if (truncated) {
            u.put("truncatedArrays", List.of(new Struct(TRUNCATED_ARRAY).put("field", "tags").put("size", 1)));
        }
        return u;
    }

    // ------------------------------------------------------------------ random documents

    static final String[] NAMES = {"name", "email", "age", "tags", "address", "city", "zip", "items", "sku",
        "qty", "price", "created", "flags", "meta", "a", "b", "n-1", "9lives", "x.y", "ünï", "s", "customers"};

    /** A document; {@code wild}: any BSON type, odd names and mixed arrays; otherwise typical documents. */
    static BsonDocument document(Random r, boolean wild, int depth) {
        BsonDocument d = new BsonDocument();
        int n = r.nextInt(wild ? 6 : 8) + (depth == 0 ? 1 : 0);
        for (int i = 0; i < n; i++) {
            String name = wild ? NAMES[r.nextInt(NAMES.length)] : NAMES[r.nextInt(16)];
            d.put(name, value(r, wild, depth + 1));
        }
        return d;
    }

    static BsonValue value(Random r, boolean wild, int depth) {
        int kinds = wild ? 24 : 12;
        return make(r, r.nextInt(depth > 3 ? Math.min(kinds, 9) : kinds), wild, depth);
    }

    static BsonValue make(Random r, int kind, boolean wild, int depth) {
        switch (kind) {
            case 0: return new BsonString("s" + r.nextInt(100));
            case 1: return new BsonInt32(r.nextInt(1000) - 500);
            case 2: return new BsonInt64(r.nextBoolean() ? r.nextInt(100) : (1L << 40) + r.nextInt(9));
            case 3: return new BsonDouble(r.nextInt(8) == 0 ? 2.0 : r.nextDouble() * 100);
            case 4: return new BsonBoolean(r.nextBoolean());
            case 5: return new BsonDateTime(1_600_000_000_000L + r.nextInt(1_000_000));
            case 6: return new BsonObjectId(new ObjectId(new java.util.Date(1_600_000_000_000L + r.nextInt(1000)), r.nextInt(1 << 20)));
            case 7: return new BsonDecimal128(new Decimal128(new BigDecimal(r.nextInt(100000)).movePointLeft(2)));
            case 8: return BsonNull.VALUE;
            case 9: return document(r, wild, depth);
            case 10: return homogeneous(r, depth);
            case 11: return docArray(r, wild, depth);
            case 12: return new BsonBinary(new byte[]{(byte) r.nextInt(), 2, 3});
            case 13: return new BsonBinary(UUID.nameUUIDFromBytes(new byte[]{(byte) r.nextInt()}));
            case 14: return new BsonTimestamp(1_600_000_000 + r.nextInt(1000), r.nextInt(5));
            case 15: return new BsonRegularExpression("^a.*" + r.nextInt(9), r.nextBoolean() ? "i" : "mx");
            case 16: return new BsonJavaScript("function(){return " + r.nextInt(9) + ";}");
            case 17: return r.nextInt(4) == 0 ? new BsonJavaScriptWithScope("x", new BsonDocument("v", new BsonInt32(1)))
                    : new BsonSymbol("sym");
            case 18: return r.nextBoolean() ? new BsonMinKey() : new BsonMaxKey();
            case 19: return r.nextInt(3) == 0 ? new BsonUndefined() : new BsonDbPointer("db.c", new ObjectId());
            case 20: return heterogeneous(r, depth);
            case 21: return new BsonArray();
            case 22: return new BsonDocument();
            default: return nestedArrays(r, depth);
        }
    }

    static BsonArray homogeneous(Random r, int depth) {
        BsonArray a = new BsonArray();
        int n = r.nextInt(4);
        int kind = r.nextInt(9);
        for (int i = 0; i < n; i++) {
            a.add(make(r, kind, false, 9));
        }
        return a;
    }

    static BsonArray docArray(Random r, boolean wild, int depth) {
        BsonArray a = new BsonArray();
        int n = r.nextInt(3) + 1;
        BsonDocument shape = document(r, false, depth + 1);
        for (int i = 0; i < n; i++) {
            if (wild && r.nextInt(3) == 0) {
                a.add(document(r, wild, depth + 1));
            } else {
                BsonDocument d = shape.clone();
                if (r.nextBoolean() && !d.isEmpty()) {
                    d.remove(d.getFirstKey());
                }
                a.add(d);
            }
        }
        return a;
    }

    static BsonArray heterogeneous(Random r, int depth) {
        BsonArray a = new BsonArray();
        int n = r.nextInt(4) + 1;
        for (int i = 0; i < n; i++) {
            a.add(value(r, r.nextBoolean(), Math.max(depth, 4)));
        }
        return a;
    }

    static BsonArray nestedArrays(Random r, int depth) {
        BsonArray a = new BsonArray();
        int n = r.nextInt(3) + 1;
        for (int i = 0; i < n; i++) {
            a.add(r.nextInt(4) == 0 ? docArray(r, false, depth + 2) : homogeneous(r, depth + 2));
        }
        return a;
    }

    static BsonValue id(Random r, int i) {
        switch (r.nextInt(6)) {
            case 0: return new BsonInt32(i);
            case 1: return new BsonInt64(10_000_000_000L + i);
            case 2: return new BsonString("id-" + i);
            case 3: return new BsonDocument("region", new BsonString("eu")).append("n", new BsonInt32(i));
            case 4: return new BsonDouble(i + 0.5);
            default: return new BsonObjectId(new ObjectId(new java.util.Date(1_600_000_000_000L + i), i));
        }
    }

    /**
     * Events of every form over random documents: inserts, snapshot reads, full-document updates
     * (with and without a pre-image), updates with only an updateDescription, deletes with and
     * without a pre-image, and tombstones (each after an event of its collection).
     */
    static List<SinkRecord> random(long seed, int count, boolean wild) {
        Random r = new Random(seed);
        List<SinkRecord> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            BsonValue id = id(r, i);
            BsonDocument doc = document(r, wild, 0);
            BsonDocument full = new BsonDocument("_id", id);
            full.putAll(doc);
            long ts = 1_700_000_000_000L + i;
            switch (r.nextInt(7)) {
                case 0:
                    out.add(record(id, envelope("c", null, full, null, ts), i));
                    break;
                case 1:
                    out.add(record(id, envelope("r", null, full, null, ts), i));
                    break;
                case 2: {
                    BsonDocument updated = document(r, wild, 1);
                    out.add(record(id, envelope("u", r.nextBoolean() ? full : null, full,
                            update(updated, List.of("gone"), r.nextBoolean()), ts), i));
                    break;
                }
                case 3: {
                    BsonDocument updated = document(r, wild, 1);
                    if (r.nextBoolean()) {
                        updated.put("address.city", new BsonString("Paris"));
                    }
                    List<String> removed = r.nextBoolean() ? null : List.of(NAMES[r.nextInt(16)], "address.zip");
                    out.add(record(id, envelope("u", null, null,
                            update(r.nextInt(5) == 0 ? null : updated, removed, r.nextBoolean()), ts), i));
                    break;
                }
                case 4:
                    out.add(record(id, envelope("d", r.nextBoolean() ? full : null, null, null, ts), i));
                    break;
                case 5:
                    out.add(record(id, envelope("c", null, full, null, ts), i));
                    out.add(new SinkRecord(TOPIC, 0, KEY, key(id), null, null, i));
                    break;
                default:
                    out.add(record(id, envelope("c", null, full, null, ts), i));
            }
        }
        return out;
    }
}
