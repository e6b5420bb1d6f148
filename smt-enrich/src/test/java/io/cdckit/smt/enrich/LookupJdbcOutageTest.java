package io.cdckit.smt.enrich;

import io.cdckit.testkit.cdc.EmbeddedPostgresCdc;
import io.cdckit.testkit.junit.PostgresExtension;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.cdckit.smt.enrich.LookupTest.order;
import static io.cdckit.smt.enrich.LookupTest.plain;
import static io.cdckit.smt.enrich.LookupTest.props;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real database outage: the embedded PostgreSQL stopped and started again on its port with its
 * data. While it is down an expired row is served stale (counted) and a key never seen is a
 * retriable error; without stale serving the expired row is an error too; once it is back, lookups
 * answer again from the same pool.
 */
class LookupJdbcOutageTest {

    @RegisterExtension
    static final PostgresExtension PG = PostgresExtension.restartable();

    @Test
    void anOutageCostsFreshnessNotAvailabilityAndLookupsComeBackWithTheDatabase() {
        EmbeddedPostgresCdc.Database db = PG.server().createDatabase("outage");
        db.execute("CREATE TABLE tiers (id integer PRIMARY KEY, tier text)",
                "INSERT INTO tiers VALUES (1, 'gold'), (2, 'silver')");
        AtomicLong nanos = new AtomicLong(1_000_000_000L);
        Map<String, String> config = props("source", "jdbc", "key.fields", "customer_id", "jdbc.url", db.jdbcUrl(),
                "jdbc.user", EmbeddedPostgresCdc.USER, "jdbc.table", "tiers", "jdbc.key.columns", "id",
                "cache.expire.after.write.ms", "1000", "jdbc.connection.timeout.ms", "500",
                "cache.error.backoff.ms", "1000",
                "stats.interval.ms", "0");
        Lookup<SinkRecord> stale = new Lookup.Value<>();
        Lookup<SinkRecord> strict = new Lookup.Value<>();
        stale.ticker(nanos::get);
        strict.ticker(nanos::get);
        stale.configure(config);
        config.put("cache.serve.stale.on.error", "false");
        strict.configure(config);
        try {
            assertEquals("gold", tier(stale, 1));
            assertEquals("gold", tier(strict, 1));

            PG.server().stop();
            nanos.addAndGet(TimeUnit.SECONDS.toNanos(2)); // both entries have expired
            assertEquals("gold", tier(stale, 1), "expired, the source down: the stale row");
            assertEquals(1L, stale.pluginStats().value("lookup-stale-served-total"));
            assertEquals("gold", tier(stale, 1), "within cache.error.backoff.ms: stale without asking");
            assertEquals(2L, stale.pluginStats().value("lookup-stale-served-total"));
            assertEquals(1L, stale.pluginStats().value("lookup-load-failures-total"));
            RetriableException never = assertThrows(RetriableException.class, () -> tier(stale, 2));
            assertTrue(never.getMessage().contains("SQLState 08"), never.getMessage());
            assertThrows(RetriableException.class, () -> tier(strict, 1));

            PG.server().restart();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String back = null;
            while (back == null && System.nanoTime() < deadline) {
                try {
                    back = tier(strict, 2); // the pool may first hand out a connection the restart broke
                } catch (RetriableException e) {
                    Thread.onSpinWait();
                }
            }
            assertEquals("silver", back);
            db.execute("UPDATE tiers SET tier = 'platinum' WHERE id = 1");
            nanos.addAndGet(TimeUnit.SECONDS.toNanos(2));
            assertEquals("platinum", tier(stale, 1), "the stale row is replaced by the next good load");
        } finally {
            stale.close();
            strict.close();
        }
    }

    private static String tier(Lookup<SinkRecord> t, int customer) {
        Struct found = ((Struct) t.apply(plain(order(1, customer))).value()).getStruct("lookup");
        assertNotNull(found, "customer " + customer + " has a row");
        return found.getString("tier");
    }
}
