package io.cdckit.core.cache;

import io.cdckit.core.metrics.PluginStats;

import com.github.benmanes.caffeine.cache.Ticker;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LookupCache's expiry, refresh, negative caching, stale serving and coalescing, on a manual clock. */
class LookupCacheTest {

    private static final long MS = 1_000_000L;

    /** A clock the test moves. */
    static final class ManualTicker implements Ticker {
        final AtomicLong nanos = new AtomicLong(1_000 * MS);

        @Override
        public long read() {
            return nanos.get();
        }

        void advanceMs(long ms) {
            nanos.addAndGet(ms * MS);
        }
    }

    /** A source whose answers and failures the test sets, counting its calls per key. */
    static final class Source {
        final Map<String, String> rows = new HashMap<>();
        final Map<String, AtomicInteger> calls = new HashMap<>();
        volatile RuntimeException failure;

        synchronized String load(String key) {
            calls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            if (failure != null) {
                throw failure;
            }
            return rows.get(key);
        }

        synchronized int calls(String key) {
            AtomicInteger n = calls.get(key);
            return n == null ? 0 : n.get();
        }
    }

    private final ManualTicker ticker = new ManualTicker();
    private final Source source = new Source();
    private final Queue<Runnable> background = new ArrayDeque<>();
    private final PluginStats plugin = new PluginStats();
    private final LookupCache.Stats stats = LookupCache.Stats.register(plugin, "lookup-");

    private LookupCache<String, String> cache(long writeMs, long accessMs, long refreshMs, long missingMs,
                                              boolean stale) {
        return new LookupCache<>(new LookupCache.Settings(100, Duration.ofMillis(writeMs), Duration.ofMillis(accessMs),
                Duration.ofMillis(refreshMs), Duration.ofMillis(missingMs), stale, Duration.ofMillis(500)),
                source::load, ticker, background::add, stats);
    }

    private long metric(String name) {
        return plugin.value("lookup-" + name).longValue();
    }

    @Test
    void aFreshEntryIsServedWithoutAskingTheSource() {
        source.rows.put("7", "gold");
        LookupCache<String, String> cache = cache(1000, 0, 0, 100, true);
        assertEquals("gold", cache.get("7"));
        assertEquals("gold", cache.get("7"));
        ticker.advanceMs(999);
        assertEquals("gold", cache.get("7"));
        assertEquals(1, source.calls("7"));
        assertEquals(2, metric("cache-hits-total"));
        assertEquals(1, metric("loads-total"));
    }

    @Test
    void anEntryExpiresAfterWrite() {
        source.rows.put("7", "gold");
        LookupCache<String, String> cache = cache(1000, 0, 0, 100, true);
        assertEquals("gold", cache.get("7"));
        source.rows.put("7", "silver");
        ticker.advanceMs(1000);
        assertEquals("silver", cache.get("7"));
        assertEquals(2, source.calls("7"));
    }

    @Test
    void anEntryExpiresAfterAccessWhenIdleButNotWhileRead() {
        source.rows.put("7", "gold");
        LookupCache<String, String> cache = cache(10_000, 300, 0, 100, true);
        cache.get("7");
        for (int i = 0; i < 5; i++) {
            ticker.advanceMs(200);
            cache.get("7");
        }
        assertEquals(1, source.calls("7"));
        ticker.advanceMs(300);
        cache.get("7");
        assertEquals(2, source.calls("7"));
    }

    @Test
    void missesAreCachedForTheirOwnTime() {
        LookupCache<String, String> cache = cache(10_000, 0, 0, 100, true);
        assertNull(cache.get("9"));
        ticker.advanceMs(99);
        assertNull(cache.get("9"));
        assertEquals(1, source.calls("9"));
        assertEquals(1, metric("cache-missing-hits-total"));
        source.rows.put("9", "bronze");
        ticker.advanceMs(1);
        assertEquals("bronze", cache.get("9"));
        assertEquals(2, source.calls("9"));
        assertEquals(1, metric("loads-missing-total"));
    }

    @Test
    void aZeroMissingTtlAsksForEveryMiss() {
        LookupCache<String, String> cache = cache(10_000, 0, 0, 0, true);
        cache.get("9");
        cache.get("9");
        cache.get("9");
        assertEquals(3, source.calls("9"));
        assertEquals(0, cache.size());
    }

    @Test
    void failuresAreNeverCached() {
        LookupCache<String, String> cache = cache(10_000, 0, 0, 10_000, true);
        source.failure = new IllegalStateException("down");
        assertThrows(IllegalStateException.class, () -> cache.get("7"));
        assertThrows(IllegalStateException.class, () -> cache.get("7"));
        assertEquals(2, source.calls("7"));
        source.failure = null;
        source.rows.put("7", "gold");
        assertEquals("gold", cache.get("7"));
        assertEquals(2, metric("load-failures-total"));
    }

    @Test
    void anExpiredEntryIsServedWhileItsReloadFailsAndAskedAgainAfterTheBackoff() {
        source.rows.put("7", "gold");
        LookupCache<String, String> cache = cache(1000, 0, 0, 100, true);
        cache.get("7");
        ticker.advanceMs(1000);
        source.failure = new IllegalStateException("down");
        assertEquals("gold", cache.get("7"));
        assertEquals(2, source.calls("7"));
        ticker.advanceMs(499);
        assertEquals("gold", cache.get("7")); // within the backoff: the source is not asked
        assertEquals(2, source.calls("7"));
        assertEquals(2, metric("stale-served-total"));
        ticker.advanceMs(1);
        source.failure = null;
        source.rows.put("7", "silver");
        assertEquals("silver", cache.get("7"));
        assertEquals(3, source.calls("7"));
    }

    @Test
    void withoutStaleServingAnExpiredEntryDoesNotHideTheFailure() {
        source.rows.put("7", "gold");
        LookupCache<String, String> cache = cache(1000, 0, 0, 100, false);
        cache.get("7");
        ticker.advanceMs(1000);
        source.failure = new IllegalStateException("down");
        assertThrows(IllegalStateException.class, () -> cache.get("7"));
        assertEquals(0, metric("stale-served-total"));
    }

    @Test
    void aRefreshReloadsInTheBackgroundWhileTheReadGetsTheCurrentValue() {
        source.rows.put("7", "gold");
        LookupCache<String, String> cache = cache(10_000, 0, 1000, 100, true);
        cache.get("7");
        ticker.advanceMs(1000);
        source.rows.put("7", "silver");
        assertEquals("gold", cache.get("7"));
        assertEquals("gold", cache.get("7")); // one refresh at a time
        assertEquals(1, background.size());
        background.poll().run();
        assertEquals("silver", cache.get("7"));
        assertEquals(2, source.calls("7"));
        assertEquals(1, metric("refreshes-total"));
    }

    @Test
    void aFailedRefreshKeepsTheEntryAndTriesAgainAfterTheBackoff() {
        source.rows.put("7", "gold");
        LookupCache<String, String> cache = cache(10_000, 0, 1000, 100, true);
        cache.get("7");
        ticker.advanceMs(1000);
        source.failure = new IllegalStateException("down");
        cache.get("7");
        background.poll().run();
        assertEquals("gold", cache.get("7"));
        assertEquals(0, background.size(), "within the backoff after the failure: no refresh");
        ticker.advanceMs(500);
        assertEquals("gold", cache.get("7"));
        assertEquals(1, background.size(), "after the backoff a read schedules another refresh");
    }

    @Test
    void afterAFailureExpiredRowsOfOtherKeysAreServedWithoutAskingTheSource() {
        source.rows.put("1", "gold");
        source.rows.put("2", "silver");
        LookupCache<String, String> cache = cache(1000, 0, 0, 100, true);
        cache.get("1");
        cache.get("2");
        ticker.advanceMs(1000);
        source.failure = new IllegalStateException("down");
        assertEquals("gold", cache.get("1"));
        assertEquals("silver", cache.get("2"), "served stale at once: the source failed a moment ago");
        assertEquals(1, source.calls("2"));
        assertThrows(IllegalStateException.class, () -> cache.get("3"), "a new key still asks");
    }

    @Test
    void anExpiredMissIsNeverServedStale() {
        LookupCache<String, String> cache = cache(10_000, 0, 0, 100, true);
        assertNull(cache.get("9"));
        ticker.advanceMs(100);
        source.failure = new IllegalStateException("down");
        assertThrows(IllegalStateException.class, () -> cache.get("9"), "the row may have arrived: no stale miss");
        assertThrows(IllegalStateException.class, () -> cache.get("9"));
        assertEquals(0, metric("stale-served-total"));
    }

    @Test
    void aLoaderErrorReleasesTheThreadsWaitingForIt() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        LookupCache<String, String> cache = new LookupCache<>(new LookupCache.Settings(10, Duration.ofSeconds(10),
                Duration.ZERO, Duration.ZERO, Duration.ofSeconds(10), true, Duration.ZERO), key -> {
                    entered.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new NoClassDefFoundError("a driver class");
                }, ticker, Runnable::run, stats);
        AtomicReference<Throwable> first = new AtomicReference<>();
        AtomicReference<Throwable> second = new AtomicReference<>();
        Thread leader = new Thread(() -> {
            try {
                cache.get("7");
            } catch (Throwable t) {
                first.set(t);
            }
        });
        leader.start();
        assertTrue(entered.await(30, TimeUnit.SECONDS));
        Thread waiter = new Thread(() -> {
            try {
                cache.get("7");
            } catch (Throwable t) {
                second.set(t);
            }
        });
        waiter.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (waiter.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        release.countDown();
        leader.join(30_000);
        waiter.join(30_000);
        assertFalse(waiter.isAlive(), "the waiter is released");
        assertTrue(first.get() instanceof NoClassDefFoundError, String.valueOf(first.get()));
        assertTrue(second.get() instanceof NoClassDefFoundError, String.valueOf(second.get()));
    }

    @Test
    void reloadAsksTheSourceWhateverTheCacheHolds() {
        LookupCache<String, String> cache = cache(10_000, 0, 0, 10_000, true);
        assertNull(cache.get("9"));
        source.rows.put("9", "late");
        assertNull(cache.get("9"));
        assertEquals("late", cache.reload("9"));
        assertEquals("late", cache.get("9"));
        assertEquals(2, source.calls("9"));
    }

    @Test
    void theSizeBoundEvictsAndCounts() {
        LookupCache<String, String> cache = new LookupCache<>(new LookupCache.Settings(2, Duration.ofSeconds(10),
                Duration.ZERO, Duration.ZERO, Duration.ofSeconds(10), true, Duration.ZERO), source::load, ticker,
                Runnable::run, stats);
        for (int i = 0; i < 10; i++) {
            source.rows.put("k" + i, "v" + i);
            cache.get("k" + i);
        }
        assertTrue(cache.size() <= 2, "size " + cache.size());
        assertEquals(10 - cache.size(), metric("cache-evictions-total"));
    }

    @Test
    void concurrentLoadsOfOneKeyAreOneCall() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        LookupCache<String, String> cache = new LookupCache<>(new LookupCache.Settings(10, Duration.ofSeconds(10),
                Duration.ZERO, Duration.ZERO, Duration.ofSeconds(10), true, Duration.ZERO), key -> {
                    calls.incrementAndGet();
                    entered.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return "v-" + key;
                }, ticker, Runnable::run, stats);
        List<AtomicReference<String>> results = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            AtomicReference<String> result = new AtomicReference<>();
            results.add(result);
            Thread t = new Thread(() -> result.set(cache.get("7")));
            threads.add(t);
            t.start();
            if (i == 0) {
                assertTrue(entered.await(30, TimeUnit.SECONDS));
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (Thread t : threads.subList(1, threads.size())) {
            while (t.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // the others wait for the first one's load
            }
        }
        release.countDown();
        for (Thread t : threads) {
            t.join(30_000);
        }
        assertEquals(1, calls.get());
        for (AtomicReference<String> r : results) {
            assertEquals("v-7", r.get());
        }
    }

    @Test
    void statsAreGaugesAndTheCacheShowsNoKeys() {
        source.rows.put("secret-key", "secret-value");
        LookupCache<String, String> cache = cache(1000, 0, 0, 100, true);
        cache.get("secret-key");
        assertEquals(1L, plugin.value("lookup-loads-total").longValue());
        assertTrue(plugin.metrics().stream().anyMatch(m -> m.name().equals("lookup-load-time-us-p99")));
        String text = cache.toString();
        assertTrue(!text.contains("secret"), text);
    }
}
