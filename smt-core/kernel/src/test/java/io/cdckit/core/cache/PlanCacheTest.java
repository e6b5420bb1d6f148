package io.cdckit.core.cache;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlanCacheTest {

    private static Schema schema(String name) {
        return SchemaBuilder.struct().name(name).field("id", Schema.INT64_SCHEMA).build();
    }

    @Test
    void compilesOncePerSchemaAndReturnsTheSamePlan() {
        AtomicInteger compiles = new AtomicInteger();
        PlanCache<Schema, Object> cache = PlanCache.of(10, k -> {
            compiles.incrementAndGet();
            return new Object();
        });
        Schema s = schema("a");
        Object first = cache.get(s);
        for (int i = 0; i < 100; i++) {
            assertSame(first, cache.get(s));
        }
        assertEquals(1, compiles.get());
    }

    @Test
    void equalButDistinctSchemaHitsByEquality() {
        AtomicInteger compiles = new AtomicInteger();
        PlanCache<Schema, String> cache = PlanCache.of(10, k -> "plan-" + compiles.incrementAndGet());
        Schema s1 = schema("a");
        Schema s2 = schema("a");
        assertNotSame(s1, s2);
        assertSame(cache.get(s1), cache.get(s2));
        assertEquals(1, compiles.get());
        assertEquals(1, cache.size());
    }

    @Test
    void keysAlternatingBetweenAFewObjectsKeepTheirPlansAndClearForgetsThem() {
        AtomicInteger compiles = new AtomicInteger();
        PlanCache<Schema, String> cache = PlanCache.of(10, k -> k.name() + "-" + compiles.incrementAndGet());
        // one schema per operation, as Debezium's unwrap gives them, and another table between
        List<Schema> keys = List.of(schema("a"), schema("a"), schema("a"), schema("b"), schema("a"));
        for (int round = 0; round < 50; round++) {
            for (Schema k : keys) {
                assertEquals(k.name() + (k.name().equals("a") ? "-1" : "-2"), cache.get(k));
            }
        }
        assertEquals(2, compiles.get());
        cache.clear();
        assertEquals("a-3", cache.get(keys.get(1)), "after clear(), not a remembered slot");
    }

    @Test
    void valueKeysAreFoundByEqualityAlone() {
        AtomicInteger compiles = new AtomicInteger();
        PlanCache<Integer, String> cache = PlanCache.byEquality(10, k -> "plan-" + k + "-" + compiles.incrementAndGet());
        // ids above Integer's box cache: a new Integer object for every lookup
        String p1 = cache.get(Integer.valueOf(4711));
        for (int i = 0; i < 100; i++) {
            assertSame(p1, cache.get(Integer.valueOf(4711)));
            assertEquals("plan-815-2", cache.get(Integer.valueOf(815)));
        }
        assertEquals("plan-4711-1", p1);
        assertEquals(2, compiles.get());
        assertEquals(2, cache.size());
        assertTrue(cache.contains(Integer.valueOf(4711)));
        assertEquals("plan-null-3", cache.get(null));
        cache.clear();
        assertFalse(cache.contains(4711));
        assertEquals("plan-4711-4", cache.get(Integer.valueOf(4711)));
    }

    @Test
    void differentSchemasGetDifferentPlans() {
        PlanCache<Schema, String> cache = PlanCache.of(10, Schema::name);
        assertEquals("a", cache.get(schema("a")));
        assertEquals("b", cache.get(schema("b")));
        assertEquals("a", cache.get(schema("a")));
        assertEquals(2, cache.size());
    }

    @Test
    void nullKeyHasItsOwnSlot() {
        AtomicInteger compiles = new AtomicInteger();
        PlanCache<Schema, String> cache = PlanCache.of(10, k -> {
            compiles.incrementAndGet();
            return k == null ? "schemaless" : k.name();
        });
        assertEquals("schemaless", cache.get(null));
        assertEquals("a", cache.get(schema("a")));
        assertEquals("schemaless", cache.get(null));
        assertEquals(2, compiles.get());
        assertTrue(cache.contains(null));
    }

    @Test
    void isBoundedBySize() {
        PlanCache<Schema, String> cache = PlanCache.of(5, Schema::name);
        List<Schema> kept = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Schema s = schema("s" + i);
            kept.add(s);
            cache.get(s);
        }
        assertTrue(cache.size() <= 5, "size " + cache.size());
        assertEquals(5, cache.maximumSize());
    }

    @Test
    void noPlanIsCachedAsNull() {
        AtomicInteger compiles = new AtomicInteger();
        PlanCache<Schema, String> cache = PlanCache.of(5, k -> {
            compiles.incrementAndGet();
            return null;
        });
        Schema s = schema("a");
        assertNull(cache.get(s));
        assertNull(cache.get(schema("a")));
        assertNull(cache.get(s));
        assertTrue(cache.contains(s));
        assertEquals(1, compiles.get());
    }

    @Test
    void aDeterministicFailureIsCachedAndRethrownWithoutCompilingAgain() {
        AtomicInteger compiles = new AtomicInteger();
        PlanCache<Schema, String> cache = PlanCache.of(5, k -> {
            compiles.incrementAndGet();
            throw new DataException("field 'email' is a STRUCT, not a STRING");
        });
        Schema s = schema("a");
        DataException first = assertThrows(DataException.class, () -> cache.get(s));
        for (int i = 0; i < 10; i++) {
            assertSame(first, assertThrows(DataException.class, () -> cache.get(s)));
            assertSame(first, assertThrows(DataException.class, () -> cache.get(schema("a"))));
        }
        assertEquals(1, compiles.get());
    }

    @Test
    void aCacheOfRetriedFailuresCompilesAgainAfterAFailure() {
        AtomicInteger compiles = new AtomicInteger();
        PlanCache<Schema, String> cache = PlanCache.of(5, PlanCache.Failures.RETRIED, k -> {
            if (compiles.incrementAndGet() == 1) {
                throw new DataException("the registry refused the schema");
            }
            return "registered";
        });
        Schema s = schema("a");
        assertThrows(DataException.class, () -> cache.get(s));
        assertFalse(cache.contains(s));
        assertEquals("registered", cache.get(s));
        assertEquals(2, compiles.get());
    }

    @Test
    void transientFailuresCacheNothing() {
        AtomicInteger compiles = new AtomicInteger();
        PlanCache<Schema, String> cache = PlanCache.of(5, k -> {
            int n = compiles.incrementAndGet();
            if (n == 1) {
                throw new RetriableException("registry unreachable");
            }
            if (n == 2) {
                throw new IllegalStateException("a bug, maybe a race");
            }
            return "ok";
        });
        Schema s = schema("a");
        assertThrows(RetriableException.class, () -> cache.get(s));
        assertFalse(cache.contains(s));
        assertThrows(IllegalStateException.class, () -> cache.get(s));
        assertEquals("ok", cache.get(s));
        assertEquals(3, compiles.get());
    }

    @Test
    void clearDropsEverything() {
        AtomicInteger compiles = new AtomicInteger();
        PlanCache<Schema, String> cache = PlanCache.of(5, k -> "plan-" + compiles.incrementAndGet());
        Schema s = schema("a");
        assertEquals("plan-1", cache.get(s));
        assertEquals("plan-2", cache.get(null));
        cache.clear();
        assertFalse(cache.contains(s));
        assertFalse(cache.contains(null));
        assertEquals("plan-3", cache.get(s));
    }

    @Test
    void rejectsNonPositiveSizeAndAMissingCompiler() {
        assertThrows(IllegalArgumentException.class, () -> PlanCache.of(0, Schema::name));
        assertThrows(NullPointerException.class, () -> PlanCache.of(2, null));
    }

    @Test
    void concurrentLookupsAgreeOnOnePlanPerSchema() throws Exception {
        PlanCache<Schema, Object> cache = PlanCache.of(100, k -> new Object());
        ConcurrentHashMap<String, Object> seen = new ConcurrentHashMap<>();
        AtomicInteger conflicts = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            futures.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < 5_000; i++) {
                    // equal copies, so the equality map decides
                    Schema s = schema("s" + (i % 8));
                    Object plan = cache.get(s);
                    Object prev = seen.putIfAbsent(s.name(), plan);
                    if (prev != null && prev != plan) {
                        conflicts.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        assertEquals(0, conflicts.get());
        assertEquals(8, seen.size());
    }
}
