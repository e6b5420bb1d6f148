package io.cdckit.core.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.util.Objects;
import java.util.function.Function;

/**
 * A bounded, thread-safe cache of compiled plans, keyed by the thing a plan was compiled for
 * (usually a Connect {@code Schema}).
 *
 * <p>Lookups go identity first, equality second: Connect hands a transform the same schema
 * object for record after record, so the common case is one reference comparison against the
 * last key seen, with no lock and no hashing. A different but identical object (for example a
 * schema rebuilt by a converter for every batch) is found through {@code equals}/{@code hashCode}
 * and is then remembered by identity too. A {@code null} key (schemaless records) has a slot of
 * its own.
 *
 * <p>Both maps are bounded by {@code maximumSize}; the identity map holds its keys weakly so
 * that it never keeps a schema alive. The compiler may be called more than once for equal keys
 * racing on first use only through the identity map; the equality map computes at most once per
 * key. A compiler that throws caches nothing: the next lookup compiles again.
 *
 * <p>Keys that are values made afresh for every lookup (a boxed schema id, a composite key) would
 * miss the identity map every time and add an entry to it every time: use {@link #byEquality(int)}
 * for them, which has no identity map and compares the last key with {@code equals}.
 *
 * <p>Pass a compiler that is a field or a non-capturing lambda: one that captures state is a new
 * object on every lookup, hit or miss.
 *
 * @param <K> the key type
 * @param <V> the plan type
 */
public final class PlanCache<K, V> {

    /** The default number of plans kept, enough for the tables of a typical connector. */
    public static final int DEFAULT_MAXIMUM_SIZE = 512;

    private static final class Last<K, V> {
        final K key;
        final V value;

        Last(K key, V value) {
            this.key = key;
            this.value = value;
        }
    }

    private final int maximumSize;
    private final Cache<K, V> byIdentity;
    private final Cache<K, V> byEquality;
    private volatile Last<K, V> last;
    private volatile V nullKeyPlan;

    public PlanCache() {
        this(DEFAULT_MAXIMUM_SIZE);
    }

    public PlanCache(int maximumSize) {
        this(maximumSize, true);
    }

    private PlanCache(int maximumSize, boolean identity) {
        if (maximumSize < 1) {
            throw new IllegalArgumentException("maximumSize must be at least 1, was " + maximumSize);
        }
        this.maximumSize = maximumSize;
        // Runnable::run: maintenance on the calling thread, no pool threads inside a Connect task.
        this.byIdentity = identity
            ? Caffeine.newBuilder().weakKeys().maximumSize(maximumSize).executor(Runnable::run).build()
            : null;
        this.byEquality = Caffeine.newBuilder().maximumSize(maximumSize).executor(Runnable::run).build();
    }

    /** A cache for value keys, looked up by {@code equals} only (see the class comment). */
    public static <K, V> PlanCache<K, V> byEquality(int maximumSize) {
        return new PlanCache<>(maximumSize, false);
    }

    /**
     * Returns the plan for {@code key}, compiling it with {@code compiler} on first use.
     *
     * @param key      the key, may be null
     * @param compiler builds the plan; must not return null
     */
    public V get(K key, Function<? super K, ? extends V> compiler) {
        Last<K, V> l = last;
        if (l != null && (l.key == key || (byIdentity == null && key != null && key.equals(l.key)))) {
            return l.value;
        }
        V plan;
        if (key == null) {
            plan = nullKeyPlan;
            if (plan == null) {
                plan = Objects.requireNonNull(compiler.apply(null), "compiler returned null");
                nullKeyPlan = plan;
            }
        } else {
            plan = byIdentity == null ? null : byIdentity.getIfPresent(key);
            if (plan == null) {
                plan = byEquality.getIfPresent(key);
                if (plan == null) {
                    plan = byEquality.get(key, k -> Objects.requireNonNull(compiler.apply(k), "compiler returned null"));
                }
                if (byIdentity != null) {
                    byIdentity.put(key, plan);
                }
            }
        }
        last = new Last<>(key, plan);
        return plan;
    }

    /** The plan cached for {@code key}, or null; does not compile. */
    public V getIfPresent(K key) {
        if (key == null) {
            return nullKeyPlan;
        }
        V plan = byIdentity == null ? null : byIdentity.getIfPresent(key);
        return plan != null ? plan : byEquality.getIfPresent(key);
    }

    /** Number of distinct (by equality) keys with a cached plan, schemaless slot included. */
    public long size() {
        byEquality.cleanUp();
        return byEquality.estimatedSize() + (nullKeyPlan != null ? 1 : 0);
    }

    public int maximumSize() {
        return maximumSize;
    }

    /** Drops every plan. */
    public void clear() {
        last = null;
        nullKeyPlan = null;
        if (byIdentity != null) {
            byIdentity.invalidateAll();
        }
        byEquality.invalidateAll();
    }
}
