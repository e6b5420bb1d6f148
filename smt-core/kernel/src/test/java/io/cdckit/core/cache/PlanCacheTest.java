package io.cdckit.core.cache;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        PlanCache<Schema, Object> cache = new PlanCache<>(10);
        AtomicInteger compiles = new AtomicInteger();
        Schema s = schema("a");
        Object first = cache.get(s, k -> { compiles.incrementAndGet(); return new Object(); });
        for (int i = 0; i < 100; i++) {
            assertSame(first, cache.get(s, k -> { compiles.incrementAndGet(); return new Object(); }));
        }
        assertEquals(1, compiles.get());
    }

    @Test
    void equalButDistinctSchemaHitsByEquality() {
        PlanCache<Schema, String> cache = new PlanCache<>(10);
        AtomicInteger compiles = new AtomicInteger();
        Schema s1 = schema("a");
        Schema s2 = schema("a");
        assertNotSame(s1, s2);
        String p1 = cache.get(s1, k -> "plan-" + compiles.incrementAndGet());
        String p2 = cache.get(s2, k -> "plan-" + compiles.incrementAndGet());
        assertSame(p1, p2);
        assertEquals(1, compiles.get());
        assertEquals(1, cache.size());
    }

    @Test
    void valueKeysAreFoundByEqualityAlone() {
        PlanCache<Integer, String> cache = PlanCache.byEquality(10);
        AtomicInteger compiles = new AtomicInteger();
        Function<Integer, String> compiler = k -> "plan-" + k + "-" + compiles.incrementAndGet();
        // ids above Integer's box cache: a new Integer object for every lookup
        String p1 = cache.get(Integer.valueOf(4711), compiler);
        for (int i = 0; i < 100; i++) {
            assertSame(p1, cache.get(Integer.valueOf(4711), compiler));
            assertEquals("plan-815-2", cache.get(Integer.valueOf(815), compiler));
        }
        assertEquals("plan-4711-1", p1);
        assertEquals(2, compiles.get());
        assertEquals(2, cache.size());
        assertSame(p1, cache.getIfPresent(Integer.valueOf(4711)));
        assertEquals("none", cache.get(null, k -> "none"));
        cache.clear();
        assertNull(cache.getIfPresent(4711));
        assertEquals("plan-4711-3", cache.get(Integer.valueOf(4711), compiler));
    }

    @Test
    void differentSchemasGetDifferentPlans() {
        PlanCache<Schema, String> cache = new PlanCache<>(10);
        String a = cache.get(schema("a"), k -> "A");
        String b = cache.get(schema("b"), k -> "B");
        assertEquals("A", a);
        assertEquals("B", b);
        assertEquals("A", cache.get(schema("a"), k -> "again"));
        assertEquals(2, cache.size());
    }

    @Test
    void nullKeyHasItsOwnSlot() {
        PlanCache<Schema, String> cache = new PlanCache<>(10);
        AtomicInteger compiles = new AtomicInteger();
        assertEquals("schemaless", cache.get(null, k -> { compiles.incrementAndGet(); return "schemaless"; }));
        cache.get(schema("a"), k -> "A");
        assertEquals("schemaless", cache.get(null, k -> { compiles.incrementAndGet(); return "other"; }));
        assertEquals(1, compiles.get());
        assertEquals("schemaless", cache.getIfPresent(null));
    }

    @Test
    void isBoundedBySize() {
        PlanCache<Schema, String> cache = new PlanCache<>(5);
        List<Schema> kept = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Schema s = schema("s" + i);
            kept.add(s);
            cache.get(s, Schema::name);
        }
        assertTrue(cache.size() <= 5, "size " + cache.size());
        assertEquals(5, cache.maximumSize());
    }

    @Test
    void aFailingCompilerCachesNothing() {
        PlanCache<Schema, String> cache = new PlanCache<>(5);
        Schema s = schema("a");
        assertThrows(IllegalStateException.class, () -> cache.get(s, k -> { throw new IllegalStateException("bad schema"); }));
        assertNull(cache.getIfPresent(s));
        assertEquals("ok", cache.get(s, k -> "ok"));
    }

    @Test
    void clearDropsEverything() {
        PlanCache<Schema, String> cache = new PlanCache<>(5);
        Schema s = schema("a");
        cache.get(s, k -> "one");
        cache.get(null, k -> "none");
        cache.clear();
        assertNull(cache.getIfPresent(s));
        assertNull(cache.getIfPresent(null));
        assertEquals("two", cache.get(s, k -> "two"));
    }

    @Test
    void rejectsNonPositiveSizeAndNullPlans() {
        assertThrows(IllegalArgumentException.class, () -> new PlanCache<Schema, String>(0));
        PlanCache<Schema, String> cache = new PlanCache<>(2);
        assertThrows(NullPointerException.class, () -> cache.get(schema("a"), k -> null));
    }

    @Test
    void concurrentLookupsAgreeOnOnePlanPerSchema() throws Exception {
        PlanCache<Schema, Object> cache = new PlanCache<>(100);
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
                    Object plan = cache.get(s, k -> new Object());
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
