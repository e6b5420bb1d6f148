package io.cdckit.core.cache;

import io.cdckit.core.metrics.Counter;
import io.cdckit.core.metrics.Histogram;
import io.cdckit.core.metrics.PluginStats;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;

import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A bounded cache in front of a slow source (a database, an HTTP service), with the semantics of
 * a lookup join's cache: entries expire after they are written (and optionally after they were
 * last read), are refreshed in the background before they expire, keys the source does not have
 * are cached for their own time ("negative caching"), and concurrent loads of one key are
 * coalesced into one call to the source.
 *
 * <p><b>Failures.</b> A load that throws is never cached, as a miss or otherwise. With
 * {@link Settings#serveStaleOnError}, an expired row is kept until the size bound evicts it and is
 * served when its reload fails (counted as stale); after any failed load, for
 * {@link Settings#errorBackoff}, expired rows are served without asking the source at all and no
 * background refresh starts: an outage costs freshness, not availability, and not a call (and its
 * timeout) to the failing source per record. An expired "no such key" is never served stale (the
 * row may have arrived), and a key with nothing to fall back on gets the load's exception.
 *
 * <p>Freshness is judged by this class with its {@link Ticker}, not by Caffeine's expiry, so an
 * expired entry stays readable for the fallback; Caffeine keeps the size bound. Tests pass a
 * manual ticker. Thread-safe; {@link #get} on a fresh entry allocates nothing.
 *
 * @param <K> the key type; keys must have value equality
 * @param <V> the value type; a null value from the loader means "the source has no such key"
 */
public final class LookupCache<K, V> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LookupCache.class);

    /**
     * How entries live.
     *
     * @param maxEntries        the size bound (at least 1)
     * @param expireAfterWrite  how long a value is fresh after it was loaded
     * @param expireAfterAccess how long a value is fresh after it was last read; zero for no such limit
     * @param refreshAfterWrite how old a fresh value may get before a read reloads it in the background
     *                          (the read still gets it); zero for no background refresh
     * @param missingTtl        how long a "no such key" answer is kept; zero to ask the source every time
     * @param serveStaleOnError whether an expired entry is served when its reload fails
     * @param errorBackoff      after a failed load, how long expired rows are served without asking the source
     */
    public record Settings(long maxEntries, Duration expireAfterWrite, Duration expireAfterAccess,
                           Duration refreshAfterWrite, Duration missingTtl, boolean serveStaleOnError,
                           Duration errorBackoff) {
        public Settings {
            if (maxEntries < 1) {
                throw new IllegalArgumentException("maxEntries must be at least 1");
            }
            for (Duration d : new Duration[] {expireAfterWrite, expireAfterAccess, refreshAfterWrite, missingTtl,
                    errorBackoff}) {
                if (d == null || d.isNegative()) {
                    throw new IllegalArgumentException("durations must be zero or positive");
                }
            }
        }
    }

    /**
     * The cache's counters, registered with a plugin's metrics when the plugin is built (a worker
     * reads a plugin's metrics once), and handed to the cache its configuration makes.
     */
    public static final class Stats {
        final Counter hits;
        final Counter missHits;
        final Counter loads;
        final Counter misses;
        final Counter failures;
        final Counter stale;
        final Counter refreshes;
        final Counter evictions;
        final Histogram loadTime;

        private Stats(PluginStats stats, String prefix) {
            hits = stats.counter(prefix + "cache-hits-total", "Lookups answered from the cache with a row.");
            missHits = stats.counter(prefix + "cache-missing-hits-total",
                    "Lookups answered from the cache with \"no such key\" (negative caching).");
            loads = stats.counter(prefix + "loads-total", "Lookups the source answered (cache misses and refreshes).");
            misses = stats.counter(prefix + "loads-missing-total", "Loads for which the source had no row.");
            failures = stats.counter(prefix + "load-failures-total", "Loads that failed (errors are never cached).");
            stale = stats.counter(prefix + "stale-served-total",
                    "Expired entries served because their reload failed (cache.serve.stale.on.error).");
            refreshes = stats.counter(prefix + "refreshes-total", "Background reloads of entries still fresh.");
            evictions = stats.counter(prefix + "cache-evictions-total", "Entries dropped by the size bound.");
            loadTime = stats.histogram(prefix + "load-time-us", "the time a load that answered took, in "
                    + "microseconds (over the latest " + Histogram.WINDOW + ").");
        }

        /** Counters named {@code prefix + "cache-hits-total"} and so on, registered in {@code stats}. */
        public static Stats register(PluginStats stats, String prefix) {
            return new Stats(stats, prefix);
        }

        @Override
        public String toString() {
            return "hits " + hits.get() + ", missing hits " + missHits.get() + ", loads " + loads.get()
                    + " (missing " + misses.get() + ", failed " + failures.get() + "), stale served " + stale.get()
                    + ", refreshes " + refreshes.get() + ", evictions " + evictions.get()
                    + ", load time p50/p99/max " + loadTime.percentile(0.5) + "/" + loadTime.percentile(0.99) + "/"
                    + loadTime.max() + " us";
        }
    }

    /** One cached answer: the value (null: no such key) and when it was loaded and last read. */
    private static final class Entry<V> {
        final V value;
        final long loadedAt;
        volatile long readAt;
        final AtomicBoolean refreshing = new AtomicBoolean();

        Entry(V value, long loadedAt) {
            this.value = value;
            this.loadedAt = loadedAt;
            this.readAt = loadedAt;
        }
    }

    private final Function<? super K, ? extends V> loader;
    private final Ticker ticker;
    private final Executor refresher;
    private final Stats stats;
    private final long writeNanos;
    private final long accessNanos;
    private final long refreshNanos;
    private final long missingNanos;
    private final long backoffNanos;
    private final boolean serveStale;
    private final Cache<K, Entry<V>> entries;
    private final ConcurrentHashMap<K, CompletableFuture<Entry<V>>> inFlight = new ConcurrentHashMap<>();
    /** Until when (ticker time) expired rows are served without asking the source: it failed just now. */
    private volatile long quietUntil;

    /**
     * @param settings  how entries live
     * @param loader    asks the source: the value, null for "no such key", or an exception
     * @param ticker    the clock (nanoseconds); {@code Ticker.systemTicker()} outside tests
     * @param refresher runs background refreshes (unused without {@link Settings#refreshAfterWrite})
     * @param stats     where the cache counts what it does
     */
    public LookupCache(Settings settings, Function<? super K, ? extends V> loader, Ticker ticker, Executor refresher,
                       Stats stats) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.refresher = Objects.requireNonNull(refresher, "refresher");
        this.stats = Objects.requireNonNull(stats, "stats");
        this.writeNanos = settings.expireAfterWrite().toNanos();
        this.accessNanos = settings.expireAfterAccess().toNanos();
        this.refreshNanos = settings.refreshAfterWrite().toNanos();
        this.missingNanos = settings.missingTtl().toNanos();
        this.backoffNanos = settings.errorBackoff().toNanos();
        this.serveStale = settings.serveStaleOnError();
        this.quietUntil = ticker.read();
        this.entries = Caffeine.newBuilder()
                .maximumSize(settings.maxEntries())
                .executor(Runnable::run) // evictions counted as they happen, not on a pool thread
                .removalListener((K key, Entry<V> value, RemovalCause cause) -> {
                    if (cause == RemovalCause.SIZE) {
                        stats.evictions.increment();
                    }
                })
                .build();
    }

    /**
     * The value of {@code key}: from the cache while fresh, else from the source (once for all the
     * threads asking at the same time), else, when the source fails and an expired entry exists
     * and {@link Settings#serveStaleOnError} is on, the expired value.
     *
     * @return the value, or null if the source has no such key
     * @throws RuntimeException what the loader threw, when there is nothing to fall back on
     */
    public V get(K key) {
        Entry<V> e = entries.getIfPresent(key);
        if (e != null) {
            long now = ticker.read();
            if (isFresh(e, now)) {
                if (accessNanos > 0) {
                    e.readAt = now;
                }
                (e.value == null ? stats.missHits : stats.hits).increment();
                if (refreshNanos > 0 && now - e.loadedAt >= refreshNanos && now - quietUntil >= 0) {
                    refreshInBackground(key, e);
                }
                return e.value;
            }
            if (canServeStale(e) && now - quietUntil < 0) { // the source failed a moment ago: don't ask it yet
                stats.stale.increment();
                return e.value;
            }
        }
        return load(key, e);
    }

    /**
     * Asks the source for {@code key} now, whatever the cache holds (a caller retrying a miss for a
     * row that arrives late), and caches the answer as {@link #get} would.
     */
    public V reload(K key) {
        return load(key, entries.getIfPresent(key));
    }

    /** How many entries the cache holds (fresh or not). */
    public long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    private boolean isFresh(Entry<V> e, long now) {
        if (e.value == null) {
            return now - e.loadedAt < missingNanos;
        }
        return now - e.loadedAt < writeNanos && (accessNanos == 0 || now - e.readAt < accessNanos);
    }

    /** Only a row is served stale: an expired "no such key" could hide a row the outage keeps us from seeing. */
    private boolean canServeStale(Entry<V> e) {
        return serveStale && e != null && e.value != null;
    }

    private V load(K key, Entry<V> expired) {
        CompletableFuture<Entry<V>> mine = new CompletableFuture<>();
        CompletableFuture<Entry<V>> other = inFlight.putIfAbsent(key, mine);
        if (other != null) {
            return awaitOther(other, expired);
        }
        try {
            Entry<V> current = entries.getIfPresent(key);
            if (current != null && current != expired && isFresh(current, ticker.read())) {
                // another thread's load finished between our read and our claim: its answer is fresh
                mine.complete(current);
                (current.value == null ? stats.missHits : stats.hits).increment();
                return current.value;
            }
            Entry<V> loaded = callSource(key);
            mine.complete(loaded);
            return loaded.value;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            return fallBack(expired, e);
        } catch (Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    private Entry<V> callSource(K key) {
        long start = ticker.read();
        V value;
        try {
            value = loader.apply(key);
        } catch (RuntimeException | Error e) {
            stats.failures.increment();
            quietUntil = ticker.read() + backoffNanos;
            throw e;
        }
        long now = ticker.read();
        stats.loads.increment();
        stats.loadTime.record((now - start) / 1_000);
        Entry<V> loaded = new Entry<>(value, now);
        if (value == null) {
            stats.misses.increment();
            if (missingNanos == 0) {
                entries.invalidate(key);
                return loaded;
            }
        }
        entries.put(key, loaded);
        return loaded;
    }

    private V awaitOther(CompletableFuture<Entry<V>> other, Entry<V> expired) {
        V value;
        try {
            value = other.get().value;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                return fallBack(expired, re);
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new CompletionException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("interrupted while another thread loaded the same key", e);
        }
        (value == null ? stats.missHits : stats.hits).increment(); // answered by another thread's load
        return value;
    }

    private V fallBack(Entry<V> expired, RuntimeException failure) {
        if (!canServeStale(expired)) {
            throw failure;
        }
        stats.stale.increment();
        return expired.value;
    }

    private void refreshInBackground(K key, Entry<V> e) {
        if (inFlight.containsKey(key) || !e.refreshing.compareAndSet(false, true)) {
            return;
        }
        try {
            refresher.execute(() -> {
                CompletableFuture<Entry<V>> mine = new CompletableFuture<>();
                if (inFlight.putIfAbsent(key, mine) != null) {
                    e.refreshing.set(false); // a load of the key is under way; a later read may refresh
                    return;
                }
                stats.refreshes.increment();
                try {
                    mine.complete(callSource(key));
                } catch (RuntimeException | Error failure) {
                    mine.completeExceptionally(failure);
                    e.refreshing.set(false); // reads after the source's quiet period try again
                    LOG.debug("A background refresh failed with {}; the entry is kept until it expires",
                            failure.getClass().getName());
                } finally {
                    inFlight.remove(key, mine);
                }
            });
        } catch (RuntimeException rejected) { // the refresher is shut down or full: the entry stays as it is
            e.refreshing.set(false);
        }
    }

    @Override
    public void close() {
        entries.invalidateAll();
    }

    /** The statistics only: never a key or value (they may be personal data). */
    @Override
    public String toString() {
        return "LookupCache(" + stats + ")";
    }
}
