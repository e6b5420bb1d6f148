package io.cdckit.examples;

import io.cdckit.testkit.fixtures.Fixtures;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The input and the transform chains of the measurements ({@link PipelineThroughputIT},
 * {@link SoakIT}).
 *
 * <p>Input: the data-change events (op c, r, u, d) of the keyed tables of the test kit's recorded
 * Debezium PostgreSQL corpus ({@link Fixtures#records()}): {@code shop.products} (every column type,
 * an 8 KB TOASTed text) and {@code shop.customers} (PII columns, a tier). The keyless
 * {@code audit_log}, the tombstones and the truncate are left out, so every chain passes every record
 * on and a run counts exactly what was produced. Each table goes to its recorded topic, so that the
 * chains can select a table with a {@code TopicNameMatches} predicate, as the demo does.
 *
 * <p>Chains (the same converters for all, schema'd JSON):
 * <ul>
 *   <li>{@link #NONE}: no transforms.</li>
 *   <li>{@link #CDCKIT}: {@code ChangedFields -> Mask (email hmac, phone partial; customers) ->
 *   TimestampNormalizer -> Unwrap (rewrite, add.fields) -> Lookup (file source: a CSV of tiers keyed
 *   on the customers' tier) -> OperationRouter (deletes to their own topic)}.</li>
 *   <li>{@link #PEERS}: Debezium's {@code ExtractChangedRecordState -> ExtractNewRecordState}
 *   (rewrite, add.fields), then Kafka's {@code MaskField} (email, phone; customers) and
 *   {@code TimestampConverter} (products' {@code updated_at}, a {@code MicroTimestamp}, with
 *   {@code unix.precision=microseconds}). {@code MaskField} and {@code TimestampConverter} know no
 *   envelope (no nested paths), so they come after the unwrap. Neither Debezium nor Kafka has a
 *   lookup; Debezium's only router by content is the Groovy {@code ContentBasedRouter}, not on this
 *   class path: those two have no counterpart.</li>
 * </ul>
 */
final class BenchCorpus {

    static final String PRODUCTS = Fixtures.topic("shop.products");
    static final String CUSTOMERS = Fixtures.topic("shop.customers");
    static final List<String> TOPICS = List.of(PRODUCTS, CUSTOMERS);
    static final String DELETES_SUFFIX = ".deletes";

    static final String NONE = "no transforms";
    static final String CDCKIT = "cdckit full chain";
    static final String PEERS = "Debezium + Kafka";

    /** Each repetition's ids are {@code id + rep * ID_STRIDE}: the corpus's ids are below it. */
    private static final int ID_STRIDE = 100;
    private static final Set<String> OPS = Set.of("c", "r", "u", "d");

    private BenchCorpus() {
    }

    /** The base events, in file order: the keyed tables' data changes. */
    static List<SinkRecord> events() {
        List<SinkRecord> out = new ArrayList<>();
        for (SinkRecord r : Fixtures.records()) {
            if (TOPICS.contains(r.topic()) && r.value() instanceof Struct v && r.key() instanceof Struct
                    && v.schema().field("op") != null && OPS.contains(v.getString("op"))) {
                if (v.getStruct("after") != null && v.getStruct("after").getInt32("id") >= ID_STRIDE
                        || v.getStruct("before") != null && v.getStruct("before").getInt32("id") >= ID_STRIDE) {
                    throw new IllegalStateException("an id of the corpus is not below " + ID_STRIDE);
                }
                out.add(r);
            }
        }
        return out;
    }

    /**
     * {@code total} records: the base events repeated, repetition {@code rep} with its key's and row
     * images' {@code id} moved to {@code id + rep * 100}, so that every key is unique (a key change's
     * delete and create are two keys anyway).
     */
    static List<SinkRecord> repeated(List<SinkRecord> base, int total) {
        List<SinkRecord> out = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            SinkRecord r = base.get(i % base.size());
            int shift = (i / base.size()) * ID_STRIDE;
            Struct key = withId((Struct) r.key(), shift);
            Struct v = (Struct) r.value();
            Struct value = new Struct(v.schema());
            for (Field f : v.schema().fields()) {
                Object x = v.get(f);
                value.put(f, ("before".equals(f.name()) || "after".equals(f.name())) && x != null
                        ? withId((Struct) x, shift) : x);
            }
            out.add(new SinkRecord(r.topic(), 0, r.keySchema(), key, r.valueSchema(), value, i));
        }
        return out;
    }

    private static Struct withId(Struct s, int shift) {
        Struct copy = new Struct(s.schema());
        for (Field f : s.schema().fields()) {
            copy.put(f, s.get(f));
        }
        return copy.put("id", s.getInt32("id") + shift);
    }

    /** How many of {@code records} are deletes (op d): what OperationRouter sends to a deletes topic. */
    static long deletes(List<SinkRecord> records) {
        return records.stream().filter(r -> "d".equals(((Struct) r.value()).getString("op"))).count();
    }

    /** The customers' tiers (the corpus has 1 to 4), as the Lookup's file source reads them: written to {@code dir}. */
    static Path tiersCsv(Path dir) {
        Path file = dir.resolve("tiers.csv");
        try {
            Files.writeString(file, "id,name,discount_pct\n1,bronze,0\n2,silver,5\n3,gold,10\n4,platinum,15\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The connector settings of a chain: converters, predicates, transforms. */
    static Map<String, String> chain(String chain, Path tiersCsv) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("key.converter.schemas.enable", "true");
        c.put("value.converter.schemas.enable", "true");
        if (NONE.equals(chain)) {
            return c;
        }
        c.put("predicates", "isCustomers,isProducts");
        c.put("predicates.isCustomers.type", "org.apache.kafka.connect.transforms.predicates.TopicNameMatches");
        c.put("predicates.isCustomers.pattern", ".*\\.shop\\.customers");
        c.put("predicates.isProducts.type", "org.apache.kafka.connect.transforms.predicates.TopicNameMatches");
        c.put("predicates.isProducts.pattern", ".*\\.shop\\.products");
        if (CDCKIT.equals(chain)) {
            c.put("transforms", "changes,mask,time,unwrap,tier,route");
            c.put("transforms.changes.type", "io.cdckit.smt.unwrap.ChangedFields");
            c.put("transforms.changes.changed.field.name", "__changed");
            c.put("transforms.mask.type", "io.cdckit.smt.masking.Mask$Value");
            c.put("transforms.mask.predicate", "isCustomers");
            c.put("transforms.mask.field.modes", "email:hmac,phone:partial");
            c.put("transforms.mask.keep.last", "4");
            c.put("transforms.mask.hmac.key", HMAC_KEY);
            c.put("transforms.time.type", "io.cdckit.smt.time.TimestampNormalizer$Value");
            c.put("transforms.unwrap.type", "io.cdckit.smt.unwrap.Unwrap");
            c.put("transforms.unwrap.delete.tombstone.handling.mode", "rewrite");
            c.put("transforms.unwrap.add.fields", "op,source.ts_ms");
            c.put("transforms.tier.type", "io.cdckit.smt.enrich.Lookup$Value");
            c.put("transforms.tier.predicate", "isCustomers");
            c.put("transforms.tier.source", "file");
            c.put("transforms.tier.key.fields", "tier");
            c.put("transforms.tier.file.path", tiersCsv.toString());
            c.put("transforms.tier.file.key.columns", "id");
            c.put("transforms.tier.target.mode", "merge");
            c.put("transforms.tier.target.prefix", "tier_");
            c.put("transforms.tier.on.missing", "fail");
            c.put("transforms.route.type", "io.cdckit.smt.routing.OperationRouter");
            c.put("transforms.route.topic.delete", "${topic}" + DELETES_SUFFIX);
            return c;
        }
        if (PEERS.equals(chain)) {
            c.put("transforms", "changes,unwrap,mask,time");
            c.put("transforms.changes.type", "io.debezium.transforms.ExtractChangedRecordState");
            c.put("transforms.changes.header.changed.name", "Changed");
            c.put("transforms.unwrap.type", "io.debezium.transforms.ExtractNewRecordState");
            c.put("transforms.unwrap.delete.tombstone.handling.mode", "rewrite");
            c.put("transforms.unwrap.add.fields", "op,source.ts_ms");
            c.put("transforms.mask.type", "org.apache.kafka.connect.transforms.MaskField$Value");
            c.put("transforms.mask.predicate", "isCustomers");
            c.put("transforms.mask.fields", "email,phone");
            c.put("transforms.mask.replacement", "****");
            c.put("transforms.time.type", "org.apache.kafka.connect.transforms.TimestampConverter$Value");
            c.put("transforms.time.predicate", "isProducts");
            c.put("transforms.time.field", "updated_at");
            c.put("transforms.time.target.type", "Timestamp");
            c.put("transforms.time.unix.precision", "microseconds");
            return c;
        }
        throw new IllegalArgumentException("no chain " + chain);
    }

    /** A fresh HMAC key per JVM (Mask needs one; its value does not matter here). */
    private static final String HMAC_KEY = randomHex(32);

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
