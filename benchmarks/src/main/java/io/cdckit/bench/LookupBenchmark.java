package io.cdckit.bench;

import io.cdckit.smt.enrich.Lookup;
import io.cdckit.smt.unwrap.Unwrap;
import io.cdckit.testkit.cdc.EmbeddedPostgresCdc;

import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code io.cdckit.smt.enrich.Lookup} with {@code source=jdbc} on an embedded PostgreSQL (zonky),
 * against the references the issue names, in the same run ({@link LookupScenario}):
 * <ul>
 *   <li>{@code lookupHit}: Lookup on rows whose keys are all in its cache (warmed at setup), against
 *       {@code Unwrap} on the envelopes those rows came from: the corpus's data-change events of
 *       {@code shop.customers} and {@code shop.products} (both keyed by an integer {@code id}), unwrapped
 *       once at setup for Lookup. The table's ratio is Lookup's time over Unwrap's (target: at most 2).</li>
 *   <li>{@code lookupMiss}: Lookup whose every row asks the database ({@value #KEYS} distinct keys, a
 *       cache of one entry), against the naive alternative: a new JDBC connection and statement per
 *       record, the same query, the same enriched Struct built. The ratio is naive time over Lookup's.</li>
 * </ul>
 * Each (method, impl) pair runs in its own fork, with its own database (the Unwrap fork too, so that
 * both measure beside the same server processes).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class LookupBenchmark {

    /** Records per invocation on the hit path. */
    public static final int BATCH = 512;
    /** Records per invocation on the miss path (each a query). */
    public static final int MISS_BATCH = 8;
    /** Distinct keys of the miss path and rows of the reference table. */
    public static final int KEYS = 2000;

    static final String QUERY = "SELECT tier, region, credit FROM ref.owners WHERE id = ?";

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void lookupHit(Hit in, Blackhole bh) {
        in.ring.run(in.transform, BATCH, bh);
    }

    @Benchmark
    @OperationsPerInvocation(MISS_BATCH)
    public void lookupMiss(Miss in, Blackhole bh) {
        in.ring.run(in.transform, MISS_BATCH, bh);
    }

    /** A database with the reference table {@code ref.owners} of {@value #KEYS} rows. */
    static EmbeddedPostgresCdc database() {
        EmbeddedPostgresCdc pg = EmbeddedPostgresCdc.start();
        pg.database().execute("CREATE SCHEMA ref",
                "CREATE TABLE ref.owners (id integer PRIMARY KEY, tier text NOT NULL, region text, "
                        + "credit numeric(10,2))",
                "INSERT INTO ref.owners SELECT g, 'tier-' || (g % 5), 'region-' || (g % 11), g * 1.25 "
                        + "FROM generate_series(1, " + KEYS + ") g");
        return pg;
    }

    static Map<String, String> lookupConfig(EmbeddedPostgresCdc pg, String... more) {
        Map<String, String> c = new HashMap<>(Map.of("source", "jdbc", "key.fields", "id", "jdbc.url",
                pg.database().jdbcUrl(), "jdbc.user", EmbeddedPostgresCdc.USER, "jdbc.query", QUERY,
                "stats.interval.ms", "0"));
        for (int i = 0; i < more.length; i += 2) {
            c.put(more[i], more[i + 1]);
        }
        return c;
    }

    /** The hit path: Lookup on unwrapped rows with a warm cache, or Unwrap on their envelopes. */
    @State(Scope.Thread)
    public static class Hit {

        @Param({"cdckit", "reference"})
        public String impl;

        EmbeddedPostgresCdc pg;
        Transformation<SinkRecord> transform;
        RecordRing ring;

        @Setup(Level.Trial)
        public void setUp() {
            List<SinkRecord> envelopes = new ArrayList<>();
            for (SinkRecord r : Corpus.load().events) {
                if (r.topic().endsWith(".customers") || r.topic().endsWith(".products")) {
                    envelopes.add(r);
                }
            }
            pg = database(); // in both forks: the same server processes beside the measured JVM
            Unwrap<SinkRecord> unwrap = new Unwrap<>();
            unwrap.configure(Map.of());
            if (LookupImpl.of(impl) == LookupImpl.REFERENCE) {
                transform = unwrap;
                ring = new RecordRing(envelopes, BATCH);
                return;
            }
            List<SinkRecord> rows = new ArrayList<>();
            envelopes.forEach(r -> rows.add(unwrap.apply(r)));
            unwrap.close();
            Lookup<SinkRecord> lookup = new Lookup.Value<>();
            lookup.configure(lookupConfig(pg));
            rows.forEach(lookup::apply); // every key in the cache
            transform = lookup;
            ring = new RecordRing(rows, BATCH);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            transform.close();
            if (pg != null) {
                pg.close();
            }
        }
    }

    /** The miss path: every row asks the database, through Lookup or through a connection of its own. */
    @State(Scope.Thread)
    public static class Miss {

        static final Schema ROW = SchemaBuilder.struct().name("orders.Value")
                .field("order_id", Schema.INT32_SCHEMA)
                .field("id", Schema.INT32_SCHEMA)
                .build();

        @Param({"cdckit", "reference"})
        public String impl;

        EmbeddedPostgresCdc pg;
        Transformation<SinkRecord> transform;
        RecordRing ring;

        @Setup(Level.Trial)
        public void setUp() {
            pg = database();
            List<SinkRecord> rows = new ArrayList<>();
            for (int i = 1; i <= KEYS; i++) {
                Struct row = new Struct(ROW).put("order_id", 100_000 + i).put("id", i);
                rows.add(new SinkRecord("orders", 0, null, null, ROW, row, i));
            }
            ring = new RecordRing(rows, MISS_BATCH);
            if (LookupImpl.of(impl) == LookupImpl.REFERENCE) {
                transform = new Naive(pg.database().jdbcUrl(), EmbeddedPostgresCdc.USER);
                return;
            }
            Lookup<SinkRecord> lookup = new Lookup.Value<>();
            lookup.configure(lookupConfig(pg, "cache.max.entries", "1", "cache.missing.ttl.ms", "0"));
            transform = lookup;
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            transform.close();
            pg.close();
        }
    }

    /**
     * What a transform without a pool or cache does: a new connection and statement per record,
     * the row read into the same struct Lookup adds ({@code lookup}: tier, region, credit).
     */
    static final class Naive implements Transformation<SinkRecord> {
        static final Schema FOUND = SchemaBuilder.struct().name("io.cdckit.enrich.lookup").optional()
                .field("tier", Schema.OPTIONAL_STRING_SCHEMA)
                .field("region", Schema.OPTIONAL_STRING_SCHEMA)
                .field("credit", Decimal.builder(2).optional().build())
                .build();
        static final Schema OUT = SchemaBuilder.struct().name("orders.Value")
                .field("order_id", Schema.INT32_SCHEMA)
                .field("id", Schema.INT32_SCHEMA)
                .field("lookup", FOUND)
                .build();

        private final String url;
        private final String user;

        Naive(String url, String user) {
            this.url = url;
            this.user = user;
        }

        @Override
        public SinkRecord apply(SinkRecord record) {
            Struct in = (Struct) record.value();
            Struct out = new Struct(OUT);
            for (Field f : in.schema().fields()) {
                out.put(f.name(), in.get(f));
            }
            try (Connection c = DriverManager.getConnection(url, user, "");
                 PreparedStatement ps = c.prepareStatement(QUERY)) {
                ps.setInt(1, in.getInt32("id"));
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        BigDecimal credit = rs.getBigDecimal(3);
                        out.put("lookup", new Struct(FOUND).put("tier", rs.getString(1)).put("region", rs.getString(2))
                                .put("credit", credit));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(), OUT, out,
                    record.timestamp());
        }

        @Override
        public org.apache.kafka.common.config.ConfigDef config() {
            return new org.apache.kafka.common.config.ConfigDef();
        }

        @Override
        public void close() {
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }
    }
}
