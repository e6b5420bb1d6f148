package io.cdckit.bench;

import io.cdckit.smt.unwrap.Unwrap;
import io.cdckit.testkit.MongoEnvelopes;

import com.mongodb.BasicDBObject;

import io.debezium.connector.mongodb.transforms.ExtractNewDocumentState;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@link MongoUnwrapBenchmark}'s events and configurations. The events are hand-built as
 * Debezium's MongoDB connector shapes them (no MongoDB server runs here: the envelope and key
 * schemas of its {@code MongoDbSchema}, documents as strict extended JSON, the key's id as relaxed
 * extended JSON, {@code updatedFields} as {@code BsonDocument.toJson()}), a realistic mix: 60%
 * inserts of order documents (ObjectId, dates, a decimal, a nested address, tags, line items),
 * 30% updates carrying only an updateDescription, 10% deletes.
 */
enum MongoScenario {
    DEFAULT("mongodb default", "mongoDefault", "no options: deletes become tombstones", Map.of()),
    REWRITE_ADDFIELDS("mongodb rewrite, add.fields", "mongoRewriteAddFields",
            "delete.tombstone.handling.mode=rewrite, add.fields=op,source.ts_ms",
            Map.of("delete.tombstone.handling.mode", "rewrite", "add.fields", "op,source.ts_ms"));

    final String label;
    final String method;
    final String description;
    final Map<String, String> config;

    MongoScenario(String label, String method, String description, Map<String, String> config) {
        this.label = label;
        this.method = method;
        this.description = description;
        this.config = config;
    }

    /** The scenario of a {@link MongoUnwrapBenchmark} method, or null. */
    static MongoScenario ofMethod(String method) {
        for (MongoScenario s : values()) {
            if (s.method.equals(method)) {
                return s;
            }
        }
        return null;
    }

    Transformation<SinkRecord> create(String impl) {
        Transformation<SinkRecord> t = switch (impl) {
            case "cdckit" -> new Unwrap<>();
            case "debezium" -> new ExtractNewDocumentState<>();
            case "baseline" -> new Impl.Identity<>();
            default -> throw new IllegalArgumentException("impl " + impl);
        };
        t.configure(config);
        return t;
    }

    static final String TOPIC = "shop.sales.orders";
    static final JsonWriterSettings STRICT = JsonWriterSettings.builder().outputMode(JsonMode.STRICT)
            .indent(true).indentCharacters("").newLineCharacters("").build();
    static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED)
            .indent(true).indentCharacters("").newLineCharacters("").build();
    static final Schema KEY = MongoEnvelopes.key(TOPIC);
    static final Schema UPDATE = MongoEnvelopes.UPDATE_DESCRIPTION;
    static final Schema SOURCE = MongoEnvelopes.SOURCE;
    static final Schema ENVELOPE = MongoEnvelopes.envelope(TOPIC);

    /** The events, in a fixed (seeded) order. */
    static List<SinkRecord> events(int count) {
        Random r = new Random(2026);
        List<SinkRecord> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            BsonObjectId id = new BsonObjectId(new ObjectId(new java.util.Date(1_700_000_000_000L + i * 1000L), i));
            long ts = 1_700_000_000_000L + i;
            int kind = r.nextInt(10);
            Struct e = new Struct(ENVELOPE).put("ts_ms", ts).put("source", new Struct(SOURCE).put("version", "3.6.1.Final")
                    .put("connector", "mongodb").put("name", "shop").put("ts_ms", ts).put("snapshot", "false").put("db", "sales")
                    .put("collection", "orders").put("ord", 1));
            if (kind < 6) {
                e.put("op", "c").put("after", order(r, id).toJson(STRICT));
            } else if (kind < 9) {
                BsonDocument updated = new BsonDocument("status", new BsonString(r.nextBoolean() ? "shipped" : "paid"))
                        .append("updatedAt", new BsonDateTime(ts)).append("address.city", new BsonString("Lyon"));
                e.put("op", "u").put("updateDescription", new Struct(UPDATE).put("updatedFields", updated.toJson())
                        .put("removedFields", List.of("coupon")));
            } else {
                e.put("op", "d");
            }
            String key = new BasicDBObject("_", id).toJson(RELAXED);
            out.add(new SinkRecord(TOPIC, 0, KEY, new Struct(KEY).put("id", key.substring(6, key.length() - 1)),
                    ENVELOPE, e, i));
        }
        return out;
    }

    static BsonDocument order(Random r, BsonValue id) {
        BsonArray items = new BsonArray();
        for (int j = r.nextInt(4) + 1; j > 0; j--) {
            items.add(new BsonDocument("sku", new BsonString("SKU-" + r.nextInt(1000)))
                    .append("qty", new BsonInt32(r.nextInt(5) + 1))
                    .append("price", new BsonDouble(r.nextInt(10000) / 100.0)));
        }
        BsonArray tags = new BsonArray();
        for (int j = r.nextInt(3); j >= 0; j--) {
            tags.add(new BsonString(r.nextBoolean() ? "gift" : "express"));
        }
        BsonDocument d = new BsonDocument("_id", id)
                .append("customer", new BsonString("customer-" + r.nextInt(10000)))
                .append("email", new BsonString("c" + r.nextInt(10000) + "@example.com"))
                .append("createdAt", new BsonDateTime(1_700_000_000_000L + r.nextInt(1_000_000)))
                .append("status", new BsonString("new"))
                .append("total", new BsonDecimal128(new Decimal128(new BigDecimal(r.nextInt(100000)).movePointLeft(2))))
                .append("visits", new BsonInt64(r.nextInt(100)))
                .append("express", new BsonBoolean(r.nextBoolean()))
                .append("address", new BsonDocument("street", new BsonString(r.nextInt(200) + " Main St"))
                        .append("city", new BsonString("Paris")).append("zip", new BsonString("75001")))
                .append("tags", tags)
                .append("items", items);
        if (r.nextInt(3) == 0) {
            d.append("coupon", new BsonString("WELCOME"));
        }
        return d;
    }

    /** Both transforms give the same records for every scenario; else the measurement would compare different work. */
    static void checkParity(List<SinkRecord> events) {
        int compared = 0;
        for (MongoScenario s : values()) {
            Transformation<SinkRecord> ours = s.create("cdckit");
            Transformation<SinkRecord> theirs = s.create("debezium");
            for (SinkRecord e : events) {
                SinkRecord expected = theirs.apply(Corpus.copy(e));
                SinkRecord actual = ours.apply(Corpus.copy(e));
                String diff = ParityCheck.difference(expected, actual);
                if (diff != null) {
                    throw new AssertionError("MongoDB scenario " + s.label + ", offset " + e.kafkaOffset()
                            + ": outputs differ in " + diff);
                }
                compared++;
            }
            ours.close();
            theirs.close();
        }
        System.out.printf("parity: %d MongoDB events x %d scenarios, Unwrap's output identical to "
                + "ExtractNewDocumentState's (%d comparisons)%n", events.size(), values().length, compared);
    }
}
