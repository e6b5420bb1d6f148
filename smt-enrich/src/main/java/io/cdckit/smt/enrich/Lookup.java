package io.cdckit.smt.enrich;

import io.cdckit.core.cache.LookupCache;
import io.cdckit.core.config.TransformConfig;
import io.cdckit.core.metrics.Counter;
import io.cdckit.core.path.FieldPath;
import io.cdckit.core.record.Records;
import io.cdckit.core.record.Side;
import io.cdckit.core.record.WithheldException;
import io.cdckit.core.row.EnvelopeMode;
import io.cdckit.core.row.RowContext;
import io.cdckit.core.row.RowPlan;
import io.cdckit.core.row.RowRewrite;
import io.cdckit.core.transform.SideTransform;
import io.cdckit.smt.enrich.LookupConfig.OnError;
import io.cdckit.smt.enrich.LookupConfig.OnMissing;
import io.cdckit.smt.enrich.LookupConfig.SourceKind;
import io.cdckit.smt.enrich.LookupConfig.TargetMode;

import com.github.benmanes.caffeine.cache.Ticker;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Enriches each row with the columns a source holds for the row's key: a table of a database
 * ({@code source=jdbc}), an HTTP service ({@code http}), a CSV or JSON lines file ({@code file}) or
 * a compacted topic ({@code topic}). {@code key.fields=customer_id} and {@code jdbc.table=customers}
 * add the customer's columns to each order, as a struct field ({@code target.field}) or as
 * top-level fields ({@code target.mode=merge}).
 *
 * <p>Row scope ({@code envelope.mode}): before {@code Unwrap} both images of a change event are
 * looked up, each by its own key fields (a delete by its before image); after it, the row. The
 * output schema is the same on hits and misses, so one table keeps one schema.
 *
 * <p>Remote sources are asked through a cache ({@code cache.*}: size bound, expiry after write and
 * access, background refresh, cached misses, stale rows served while the source is down, one query
 * for concurrent lookups of one key); local tables are held whole in memory. A miss follows
 * {@code on.missing}, a failure {@code on.error}: an outage is a {@code RetriableException}, which
 * Connect retries within {@code errors.retry.timeout}. Keys and looked-up values never appear in a
 * message.
 *
 * <p>Lookups, misses, passed errors and the cache's statistics are plugin metrics, and are logged at
 * INFO every {@code stats.interval.ms}.
 *
 * @param <R> the record type
 */
public abstract class Lookup<R extends ConnectRecord<R>> extends SideTransform<R> {

    private static final Logger LOG = LoggerFactory.getLogger(Lookup.class);

    public static final ConfigDef CONFIG_DEF = LookupConfig.CONFIG_DEF;

    /** The most background refreshes of a remote source at once. */
    private static final int REFRESH_THREADS = 2;

    private final LookupCache.Stats cacheStats = LookupCache.Stats.register(pluginStats(), "lookup-");
    private final Counter lookups = pluginStats().counter("lookups-total", "Rows looked up (every image of every "
            + "record, keys with a null part included).");
    private final Counter missing = pluginStats().counter("lookup-rows-missing-total",
            "Rows enriched with nothing: the source had no row for their key, or a key part was null.");
    private final Counter passed = pluginStats().counter("lookup-errors-passed-total",
            "Lookups that failed and let the record go on un-enriched (on.error=pass).");

    private Ticker ticker = Ticker.systemTicker();

    private LookupSource source;
    private LookupCache<Object, LookupRow> cache;
    private ScheduledExecutorService background;
    private ExecutorService refresher;
    private LookupPlans plans;
    private OnMissing onMissing;
    private OnError onError;
    private int retryAttempts;
    private long retryBackoffMs;
    private EnvelopeMode envelopeMode;
    /** Built at the first record, once the source has told its columns. */
    private volatile RowRewrite rows;

    protected Lookup(Side side) {
        super(side);
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    /** For tests: the clock of the cache's expiry (set before {@code configure}). */
    void ticker(Ticker ticker) {
        this.ticker = ticker;
    }

    // ------------------------------------------------------------------ config and plan

    @Override
    protected void configure(TransformConfig config) {
        close();
        List<FieldPath> keyFields = config.getFieldPaths(LookupConfig.KEY_FIELDS);
        for (FieldPath path : keyFields) {
            if (!path.isSingleValued() || path.startsWith(RowPlan.ENVELOPE)) {
                throw config.invalid(LookupConfig.KEY_FIELDS, "must name row fields by literal paths, without "
                        + "patterns, [*] or " + RowPlan.ENVELOPE);
            }
        }
        TargetMode mode = config.getEnum(LookupConfig.TARGET_MODE, TargetMode.class);
        String target = mode == TargetMode.STRUCT ? config.getString(LookupConfig.TARGET_FIELD).trim()
                : config.getString(LookupConfig.TARGET_PREFIX);
        onMissing = config.getEnum(LookupConfig.ON_MISSING, OnMissing.class);
        onError = config.getEnum(LookupConfig.ON_ERROR, OnError.class);
        retryAttempts = config.getInt(LookupConfig.RETRY_ATTEMPTS);
        retryBackoffMs = config.getLong(LookupConfig.RETRY_BACKOFF_MS);
        envelopeMode = config.getEnum(EnvelopeMode.KEY, EnvelopeMode.class);

        background = new ScheduledThreadPoolExecutor(1, daemon("cdckit-lookup" + where()));
        SourceContext context = new SourceContext(config, background, displayName() + where(),
                "io.cdckit.enrich." + (mode == TargetMode.STRUCT ? target.replaceAll("[^A-Za-z0-9_]", "_") : "Merged"));
        SourceKind kind = config.getEnum(LookupConfig.SOURCE, SourceKind.class);
        try {
            source = switch (kind) {
                case JDBC -> JdbcSource.open(context);
                case HTTP -> HttpSource.open(context);
                case FILE -> FileSource.open(context);
                case TOPIC -> TopicSource.open(context);
            };
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        if (source.remote()) {
            // refreshes ask the source, which may take its timeout: not on the thread of reloads and statistics
            ThreadPoolExecutor pool = new ThreadPoolExecutor(REFRESH_THREADS, REFRESH_THREADS, 30, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), daemon("cdckit-lookup-refresh" + where()));
            pool.allowCoreThreadTimeOut(true);
            refresher = pool;
            LookupSource remote = source;
            cache = new LookupCache<>(cacheSettings(config), key -> remote.lookup(LookupPlans.parts(key)), ticker,
                    refresher, cacheStats);
        }
        plans = new LookupPlans(keyFields, mode, target, this::find);
        long statsMs = config.getLong(LookupConfig.STATS_INTERVAL_MS);
        if (statsMs > 0) {
            background.scheduleWithFixedDelay(this::logStats, statsMs, statsMs, TimeUnit.MILLISECONDS);
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private static LookupCache.Settings cacheSettings(TransformConfig config) {
        return new LookupCache.Settings(config.getLong(LookupConfig.CACHE_MAX_ENTRIES),
                Duration.ofMillis(config.getLong(LookupConfig.CACHE_EXPIRE_AFTER_WRITE_MS)),
                Duration.ofMillis(config.getLong(LookupConfig.CACHE_EXPIRE_AFTER_ACCESS_MS)),
                Duration.ofMillis(config.getLong(LookupConfig.CACHE_REFRESH_AFTER_WRITE_MS)),
                Duration.ofMillis(config.getLong(LookupConfig.CACHE_MISSING_TTL_MS)),
                config.getBoolean(LookupConfig.CACHE_SERVE_STALE_ON_ERROR),
                Duration.ofMillis(config.getLong(LookupConfig.CACHE_ERROR_BACKOFF_MS)));
    }

    /** The rewrite, built once the source knows its columns (a remote source may have to ask). */
    private RowRewrite rows() {
        RowRewrite r = rows;
        if (r == null) {
            synchronized (this) {
                r = rows;
                if (r == null) {
                    Schema columns = open().columns();
                    r = measured(RowRewrite.of(plans.forColumns(columns), envelopeMode, schemaCacheSize()));
                    rows = r;
                }
            }
        }
        return r;
    }

    // ------------------------------------------------------------------ apply

    @Override
    protected R transform(R record) {
        if (onError == OnError.FAIL) {
            return rows().apply(record, side, null);
        }
        RowRewrite r;
        try {
            r = rows();
        } catch (RetriableException | DataException e) { // the source cannot tell its columns: nothing to add
            passed.increment();
            return withProblem(record, e);
        }
        Problem problem = new Problem();
        R out = r.apply(record, side, problem);
        return problem.failure == null ? out : withProblem(out, problem.failure);
    }

    private R withProblem(R record, RuntimeException failure) {
        String problemClass = problemClass(failure);
        return Records.withHeaders(record, headers -> headers.addString(LookupConfig.ERROR_HEADER, problemClass));
    }

    /**
     * The class that names what went wrong: the cause of a retriable error or of a source's data
     * error (a driver's exception, withheld), else the error itself.
     */
    private static String problemClass(RuntimeException failure) {
        Throwable named = failure.getCause() instanceof WithheldException || failure instanceof RetriableException
                && failure.getCause() != null ? failure.getCause() : failure;
        return named instanceof WithheldException w ? w.originalClass() : named.getClass().getName();
    }

    /** The per-record argument of {@code on.error=pass}: the first failure of the record's lookups. */
    private static final class Problem {
        RuntimeException failure;
    }

    /**
     * The row of one image's key, after the miss and error policies: null when the image gets
     * nothing.
     *
     * @param key     the key ({@link LookupPlans#parts}), or null if a part of it is null
     * @param context the image's context (its argument is the record's {@link Problem} with on.error=pass)
     */
    private LookupRow find(Object key, RowContext context) {
        lookups.increment();
        if (key == null) {
            missing.increment();
            return missed(null);
        }
        LookupRow row;
        try {
            row = fetch(key, false);
            for (int attempt = 0; row == null && onMissing == OnMissing.RETRY && attempt < retryAttempts; attempt++) {
                pause();
                row = fetch(key, true);
            }
        } catch (RuntimeException e) {
            if (onError == OnError.PASS && context.argument() instanceof Problem problem) {
                passed.increment();
                if (problem.failure == null) {
                    problem.failure = e;
                }
                return null;
            }
            throw e;
        }
        if (row == null) {
            missing.increment();
            return missed(key);
        }
        return row;
    }

    private LookupRow missed(Object key) {
        if (onMissing == OnMissing.FAIL) {
            throw new DataException(key == null ? "a part of the lookup key is null" : "the source has no row for "
                    + "the key");
        }
        return null;
    }

    private LookupRow fetch(Object key, boolean again) {
        LookupCache<Object, LookupRow> c = cache;
        if (c == null) {
            return open().lookup(LookupPlans.parts(key));
        }
        return again ? c.reload(key) : c.get(key);
    }

    /** The source, or a clear error when the transform is closed (Connect never applies it then). */
    private LookupSource open() {
        LookupSource s = source;
        if (s == null) {
            throw new IllegalStateException("the transform is closed or was never configured");
        }
        return s;
    }

    private void pause() {
        if (retryBackoffMs == 0) {
            return;
        }
        try {
            Thread.sleep(retryBackoffMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("interrupted while waiting to look a key up again", e);
        }
    }

    private void logStats() {
        LOG.info("{}{}: {} lookups, {} rows without a match, {} errors passed{}", displayName(), where(),
                lookups.get(), missing.get(), passed.get(), cache == null ? "" : "; cache: " + cacheStats
                        + ", " + cache.size() + " entries");
    }

    /** The cache's entry count, for tests and tools; 0 for a local table. */
    long cacheSize() {
        return cache == null ? 0 : cache.size();
    }

    @Override
    public void close() {
        if (source != null) {
            source.close();
            source = null;
        }
        if (cache != null) {
            cache.close();
            cache = null;
        }
        if (background != null) {
            background.shutdownNow();
            background = null;
        }
        if (refresher != null) {
            refresher.shutdownNow();
            refresher = null;
        }
        rows = null;
    }

    /** Lookup on the record key. */
    public static final class Key<R extends ConnectRecord<R>> extends Lookup<R> {
        public Key() {
            super(Side.KEY);
        }
    }

    /** Lookup on the record value. */
    public static final class Value<R extends ConnectRecord<R>> extends Lookup<R> {
        public Value() {
            super(Side.VALUE);
        }
    }
}
