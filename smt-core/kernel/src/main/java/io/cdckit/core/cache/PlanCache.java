package io.cdckit.core.cache;

import io.cdckit.core.metrics.Counter;
import io.cdckit.core.metrics.PluginStats;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A bounded, thread-safe cache of compiled plans, keyed by the thing a plan was compiled for
 * (usually a Connect {@code Schema}), bound to its compiler when it is made:
 * <pre>{@code
 * plans = PlanCache.of(config.schemaCacheSize(), this::compile);
 * ...
 * Plan plan = plans.get(record.valueSchema()); // null: "no plan", records of this schema pass
 * }</pre>
 *
 * <p>Lookups go identity first, equality second: Connect hands a transform the same schema
 * object for record after record, so the common case is one reference comparison against the
 * last key seen, with no lock and no hashing. A different but identical object (for example a
 * schema rebuilt by a converter for every batch) is found through {@code equals}/{@code hashCode}
 * and is then remembered by identity too. A {@code null} key (schemaless records) has a slot of
 * its own. Keys that are values made afresh for every lookup (a boxed schema id, a composite key)
 * would miss the identity map every time: use {@link #byEquality} for them.
 *
 * <p><b>What a compiler may return or throw.</b> A null plan means "nothing to do for this key"
 * and is cached like any plan. A {@link DataException} (other than a {@link RetriableException})
 * means the key can never be compiled (a schema the configuration cannot apply to): it is cached
 * too, and every later lookup of the key throws the same exception without compiling again. Any
 * other exception, a {@link RetriableException} included, is a transient failure: nothing is
 * cached and the next lookup compiles again. A compiler whose failures depend on something
 * outside the key (a schema registry's answer) makes its cache with {@link Failures#RETRIED}: then
 * no failure is cached.
 *
 * <p>Both maps are bounded by {@code maximumSize}, which bounds the schemas a cache keeps alive
 * (each entry's slot holds its key; the identity map is Caffeine's weak-keys map for its identity
 * comparison, not to let keys go early), plus the last four keys found by identity, which are
 * checked before the identity map (a source alternating between a few schema objects, as Debezium's
 * unwrap gives one per operation, then never reaches it). The compiler may be called more than once for equal keys
 * racing on first use only through the identity map; the equality map computes at most once per
 * key.
 *
 * @param <K> the key type
 * @param <V> the plan type
 */
public final class PlanCache<K, V> {

    /** The default number of plans kept, enough for the tables of a typical connector. */
    public static final int DEFAULT_MAXIMUM_SIZE = 512;

    /** Whether a compiler's {@code DataException}s are cached (see the class comment). */
    public enum Failures {
        /** Deterministic failures are cached: the compiler's answer depends on the key alone. */
        CACHED,
        /** No failure is cached: the compiler's answer may change (it asks a registry). */
        RETRIED
    }

    private static final int RECENT = 4;

    /** The cached "no plan". */
    private static final Object NONE = new Object();

    /** A cached deterministic failure. */
    private static final class Failure {
        final DataException exception;

        Failure(DataException exception) {
            this.exception = exception;
        }
    }

    /**
     * A key and its cached entry (a plan, {@link #NONE} or a {@link Failure}). The maps hold slots, so
     * that remembering the last one looked up allocates nothing.
     */
    private static final class Slot {
        final Object key;
        final Object entry;

        Slot(Object key, Object entry) {
            this.key = key;
            this.entry = entry;
        }
    }

    private final int maximumSize;
    private final boolean cacheFailures;
    private final Function<? super K, ? extends V> compiler;
    /** Compiles into a slot; one object, made once. */
    private final Function<K, Slot> compileSlot = k -> new Slot(k, compile(k));
    private final Cache<K, Slot> byIdentity;
    private final Cache<K, Slot> byEquality;
    private volatile Slot last;
    /**
     * The last few slots found through the identity map, checked by identity before it: a source
     * whose events alternate between a few schema objects (Debezium's unwrap gives one per
     * operation) then finds them with a few reference comparisons. Written racily: slots are
     * immutable, so a reader sees a whole slot or an older one.
     */
    private final Slot[] recent = new Slot[RECENT];
    private int nextRecent;
    private volatile Slot nullKeySlot;
    private final Counter lookups = new Counter();
    private final Counter compiles = new Counter();

    private PlanCache(int maximumSize, Failures failures, Function<? super K, ? extends V> compiler, boolean identity) {
        if (maximumSize < 1) {
            throw new IllegalArgumentException("maximumSize must be at least 1, was " + maximumSize);
        }
        this.maximumSize = maximumSize;
        this.cacheFailures = failures == Failures.CACHED;
        this.compiler = Objects.requireNonNull(compiler, "compiler");
        // Runnable::run: maintenance on the calling thread, no pool threads inside a Connect task.
        this.byIdentity = identity
            ? Caffeine.newBuilder().weakKeys().maximumSize(maximumSize).executor(Runnable::run).build()
            : null;
        this.byEquality = Caffeine.newBuilder().maximumSize(maximumSize).executor(Runnable::run).build();
    }

    /** A cache for schema-like keys: identity first, equality second (see the class comment). */
    public static <K, V> PlanCache<K, V> of(int maximumSize, Function<? super K, ? extends V> compiler) {
        return new PlanCache<>(maximumSize, Failures.CACHED, compiler, true);
    }

    /** {@link #of(int, Function)}, with the given handling of failures. */
    public static <K, V> PlanCache<K, V> of(int maximumSize, Failures failures,
                                            Function<? super K, ? extends V> compiler) {
        return new PlanCache<>(maximumSize, failures, compiler, true);
    }

    /** A cache for value keys, looked up by {@code equals} only (see the class comment). */
    public static <K, V> PlanCache<K, V> byEquality(int maximumSize, Function<? super K, ? extends V> compiler) {
        return new PlanCache<>(maximumSize, Failures.CACHED, compiler, false);
    }

    /** {@link #byEquality(int, Function)}, with the given handling of failures. */
    public static <K, V> PlanCache<K, V> byEquality(int maximumSize, Failures failures,
                                                    Function<? super K, ? extends V> compiler) {
        return new PlanCache<>(maximumSize, failures, compiler, false);
    }

    /**
     * Returns the plan for {@code key}, compiling it on first use.
     *
     * @param key the key, may be null
     * @return the plan, or null if the compiler found nothing to do for this key
     * @throws DataException the compiler's deterministic failure for this key, cached
     */
    public V get(K key) {
        lookups.increment();
        Slot l = last;
        if (l != null && (l.key == key || (byIdentity == null && key != null && key.equals(l.key)))) {
            return unwrap(l.entry);
        }
        if (byIdentity != null && key != null) {
            for (Slot r : recent) {
                if (r != null && r.key == key) {
                    return unwrap(r.entry);
                }
            }
        }
        Slot slot;
        if (key == null) {
            slot = nullKeySlot;
            if (slot == null) {
                slot = new Slot(null, compile(null));
                nullKeySlot = slot;
            }
        } else if (byIdentity != null) {
            slot = byIdentity.getIfPresent(key);
            if (slot == null) {
                Slot equal = equalSlot(key);
                slot = equal.key == key ? equal : new Slot(key, equal.entry);
                byIdentity.put(key, slot);
            }
            recent[nextRecent++ & (RECENT - 1)] = slot;
        } else {
            slot = equalSlot(key);
        }
        last = slot;
        return unwrap(slot.entry);
    }

    private Slot equalSlot(K key) {
        Slot slot = byEquality.getIfPresent(key);
        return slot != null ? slot : byEquality.get(key, compileSlot);
    }

    private Object compile(K key) {
        compiles.increment();
        V plan;
        try {
            plan = compiler.apply(key);
        } catch (RetriableException e) {
            throw e;
        } catch (DataException e) {
            if (!cacheFailures) {
                throw e;
            }
            return new Failure(e);
        }
        return plan == null ? NONE : plan;
    }

    @SuppressWarnings("unchecked")
    private V unwrap(Object entry) {
        if (entry == NONE) {
            return null;
        }
        if (entry instanceof Failure) {
            throw ((Failure) entry).exception;
        }
        return (V) entry;
    }

    /** Whether a plan, a "no plan" or a failure is cached for {@code key}; does not compile. */
    public boolean contains(K key) {
        if (key == null) {
            return nullKeySlot != null;
        }
        return (byIdentity != null && byIdentity.getIfPresent(key) != null) || byEquality.getIfPresent(key) != null;
    }

    /** Number of distinct (by equality) keys with a cached entry, schemaless slot included. */
    public long size() {
        byEquality.cleanUp();
        return byEquality.estimatedSize() + (nullKeySlot != null ? 1 : 0);
    }

    /** The standard metric names of a plugin's plan caches ({@link #measure}). */
    public static final String SIZE_METRIC = "plan-cache-size";
    public static final String HIT_RATIO_METRIC = "plan-cache-hit-ratio";

    /**
     * Registers the {@value #SIZE_METRIC} and {@value #HIT_RATIO_METRIC} gauges of a plugin, over
     * the caches {@code caches} gives when a metric is read.
     */
    public static void measure(PluginStats stats, String sizeDescription, Supplier<Stream<PlanCache<?, ?>>> caches) {
        stats.gauge(SIZE_METRIC, sizeDescription, () -> caches.get().mapToLong(PlanCache::size).sum());
        stats.gauge(HIT_RATIO_METRIC, "Share of plan lookups answered without compiling (NaN before the first).",
                () -> {
                    long lookups = caches.get().mapToLong(PlanCache::lookups).sum();
                    long compiles = caches.get().mapToLong(PlanCache::compiles).sum();
                    return lookups == 0 ? Double.NaN : 1.0 - (double) compiles / lookups;
                });
    }

    /** How many lookups {@link #get} made. */
    public long lookups() {
        return lookups.get();
    }

    /** How many times the compiler ran (first uses, compiles again after eviction, transient failures). */
    public long compiles() {
        return compiles.get();
    }

    public int maximumSize() {
        return maximumSize;
    }

    /** Drops every plan. */
    public void clear() {
        last = null;
        Arrays.fill(recent, null);
        nullKeySlot = null;
        if (byIdentity != null) {
            byIdentity.invalidateAll();
        }
        byEquality.invalidateAll();
    }
}
