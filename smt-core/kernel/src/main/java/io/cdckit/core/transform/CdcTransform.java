package io.cdckit.core.transform;

import io.cdckit.core.CdckitVersion;
import io.cdckit.core.cache.PlanCache;
import io.cdckit.core.config.ConfigKeys;
import io.cdckit.core.config.TransformConfig;
import io.cdckit.core.metrics.Counter;
import io.cdckit.core.metrics.PluginMetricsBridge;
import io.cdckit.core.metrics.PluginStats;
import io.cdckit.core.path.FieldPathException;
import io.cdckit.core.record.Records;
import io.cdckit.core.record.WithheldException;
import io.cdckit.core.row.EnvelopeMode;
import io.cdckit.core.row.RowPlan;
import io.cdckit.core.row.RowRewrite;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.transforms.Transformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The base of every cdckit transform: configuration through a {@link ConfigDef} validated at
 * {@code configure()}, the project version, and the error contract.
 *
 * <p><b>Errors.</b> {@link #apply} is final: it runs {@link #transform} and reports whatever goes
 * wrong in the project's format ({@link #message}): transform, problem, field path, topic,
 * partition and offset, never a value. A {@link RetriableException} stays one (same format), so
 * Connect retries it; everything else becomes a {@link TransformException}. The messages of
 * {@code DataException}s are kept (the kernel's, the transforms' and those of Connect's data API,
 * which name types and fields, not values), except those raised in Connect's {@code Values}, which
 * quote the value they could not convert; those and any other exception (a
 * {@code NullPointerException}, a {@code NumberFormatException} in a function) are reported by
 * their class, the message withheld from the cause too ({@link WithheldException}). A transform's
 * own messages must name fields and types only.
 *
 * <p><b>Metrics.</b> {@link #apply} counts records in, out, dropped and failed, and the plan caches
 * made through {@link #planCache} and {@link #rowRewrite} report their size and hit ratio
 * ({@link #pluginStats}). On a Kafka 4.1+ worker they are plugin metrics tagged with the connector,
 * task and the transform's alias ({@link PluginMetricsBridge}); {@link #where()} names those in logs.
 *
 * <p>Subclasses keep to {@code Transformation}'s contract: a cheap public no-arg constructor
 * (Connect instantiates every plugin during discovery), thread-safe {@code transform}, and never
 * mutating the input record, its headers, or the Structs, Lists and Maps it holds.
 *
 * @param <R> the record type
 */
public abstract class CdcTransform<R extends ConnectRecord<R>> extends PluginMetricsBridge
        implements Transformation<R>, Versioned {

    private static final Logger LOG = LoggerFactory.getLogger(CdcTransform.class);

    /** Metric names, in the worker's {@code plugins} group (tags: connector, task, transformation). */
    public static final String RECORDS_IN = "records-in-total";
    public static final String RECORDS_OUT = "records-out-total";
    public static final String RECORDS_DROPPED = "records-dropped-total";
    public static final String RECORDS_FAILED = "records-failed-total";
    public static final String PLAN_CACHE_SIZE = PlanCache.SIZE_METRIC;
    public static final String PLAN_CACHE_HIT_RATIO = PlanCache.HIT_RATIO_METRIC;

    private int schemaCacheSize = ConfigKeys.DEFAULT_SCHEMA_CACHE_SIZE;
    private final PluginStats stats = new PluginStats();
    private final Counter recordsIn = stats.counter(RECORDS_IN, "Records the transform was given.");
    private final Counter recordsOut = stats.counter(RECORDS_OUT, "Records the transform returned.");
    private final Counter recordsDropped = stats.counter(RECORDS_DROPPED,
            "Records the transform dropped (returned null), as its configuration asks.");
    private final Counter recordsFailed = stats.counter(RECORDS_FAILED,
            "Records the transform failed on (each goes to Connect's error handling: the task fails, or with "
            + "errors.tolerance=all the record is skipped or sent to the dead letter queue).");
    private final List<PlanCache<?, ?>> caches = new CopyOnWriteArrayList<>();

    protected CdcTransform() {
        PlanCache.measure(stats, "Compiled plans kept (one per input schema).", caches::stream);
    }

    @Override
    public final void configure(Map<String, ?> props) {
        TransformConfig config = new TransformConfig(config(), props);
        caches.clear(); // configured again: the caches of the last configuration are gone
        schemaCacheSize = config.schemaCacheSize();
        configure(config);
    }

    /**
     * Reads the parsed configuration, whose validators and {@link ConfigKeys#rule rules} have passed.
     * A mistake found only here is a {@code ConfigException} naming the key ({@link TransformConfig#invalid}).
     */
    protected abstract void configure(TransformConfig config);

    @Override
    public final R apply(R record) {
        recordsIn.increment();
        R out;
        try {
            out = transform(record);
        } catch (RuntimeException e) {
            recordsFailed.increment();
            throw reported(record, e);
        }
        (out == null ? recordsDropped : recordsOut).increment();
        return out;
    }

    /** {@code e} in the project's format (see the class comment). */
    private RuntimeException reported(R record, RuntimeException e) {
        if (e instanceof TransformException) {
            return e;
        }
        if (e instanceof RetriableException) {
            String prefix = displayName() + ": ";
            if (e.getMessage() != null && e.getMessage().startsWith(prefix)) {
                return e;
            }
            return new RetriableException(message(displayName(), record, null, String.valueOf(e.getMessage())), e);
        }
        if (e instanceof FieldPathException p) {
            return new TransformException(displayName(), message(displayName(), record, p.path(), p.getMessage()), p);
        }
        if (e instanceof DataException && WithheldException.isValueFree((DataException) e)) {
            return new TransformException(displayName(), message(displayName(), record, null, e.getMessage()), e);
        }
        return new TransformException(displayName(), message(displayName(), record, null,
                "failed with " + e.getClass().getName()), WithheldException.of(e));
    }

    /**
     * Transforms one record: the work of {@link #apply}, which reports any exception in the
     * project's format.
     *
     * @return the output record, null to drop it
     */
    protected abstract R transform(R record);

    /**
     * A plan cache of this transform's {@code schema.cache.size}, bound to {@code compiler}; call it
     * from {@link #configure(TransformConfig)}. The compiler reports a schema it cannot apply to
     * with a plain {@code DataException} or {@code FieldPathException}, not {@link #dataError}: the
     * failure is cached for the schema, and {@link #apply} adds each record's own location.
     */
    protected <K, V> PlanCache<K, V> planCache(Function<? super K, ? extends V> compiler) {
        return measured(PlanCache.of(schemaCacheSize, key -> {
            V plan = compiler.apply(key);
            if (LOG.isDebugEnabled()) {
                LOG.debug("{}{}: compiled a plan for {}", displayName(), where(), key instanceof Schema schema
                        ? "schema " + (schema.name() == null ? schema.type() : schema.name())
                        : key == null ? "schemaless records" : key.getClass().getSimpleName());
            }
            return plan;
        }));
    }

    /**
     * The row rewrite of a row transform: {@code plan} in the scope of the configuration's
     * {@link EnvelopeMode#KEY} (auto if the transform has no such key), caching
     * {@code schema.cache.size} schemas. A conflict between the plan's paths is reported as a
     * configuration mistake of {@code key}, the key the paths came from.
     */
    protected RowRewrite rowRewrite(String key, RowPlan.Builder plan, TransformConfig config) {
        EnvelopeMode mode = config.values().containsKey(EnvelopeMode.KEY)
                ? config.getEnum(EnvelopeMode.KEY, EnvelopeMode.class) : EnvelopeMode.AUTO;
        try {
            return measured(RowRewrite.of(plan.build(), mode, schemaCacheSize));
        } catch (FieldPathException e) {
            throw config.invalid(key, e.getMessage());
        }
    }

    /** Counts {@code cache} in the {@value #PLAN_CACHE_SIZE} and {@value #PLAN_CACHE_HIT_RATIO} metrics. */
    protected <C extends PlanCache<?, ?>> C measured(C cache) {
        caches.add(cache);
        return cache;
    }

    /** Counts the plan cache of a row rewrite made without {@link #rowRewrite} in the metrics. */
    protected RowRewrite measured(RowRewrite rewrite) {
        measured(rewrite.planCache());
        return rewrite;
    }

    /** This transform's metrics: through Kafka's plugin metrics on a 4.1+ worker, or read directly. */
    @Override
    public PluginStats pluginStats() {
        return stats;
    }

    /** The configured {@code schema.cache.size}. */
    protected int schemaCacheSize() {
        return schemaCacheSize;
    }

    @Override
    public String version() {
        return CdckitVersion.VERSION;
    }

    @Override
    public void close() {
    }

    /**
     * The name users know this transform by in messages: the simple class name with nested
     * classes joined by a dot, e.g. {@code Mask.Value}.
     */
    public String displayName() {
        Class<?> c = getClass();
        StringBuilder b = new StringBuilder(c.getSimpleName());
        for (Class<?> outer = c.getEnclosingClass(); outer != null; outer = outer.getEnclosingClass()) {
            b.insert(0, outer.getSimpleName() + ".");
        }
        return b.toString();
    }

    /**
     * Where this instance runs, for log messages: {@code " (connector c, task 0, transformation a)"}
     * on a worker that says so (Kafka 4.1+), else empty.
     */
    protected String where() {
        return stats.where();
    }

    /** The display name only: a transform's configuration may hold secrets. */
    @Override
    public String toString() {
        return displayName();
    }

    /**
     * A {@code DataException} in the project's format: transform, what went wrong, the field path
     * (if any) and where the record is (topic, partition, offset). {@code problem} must describe
     * names and types only, never values.
     */
    protected DataException dataError(ConnectRecord<?> record, String fieldPath, String problem, Throwable cause) {
        return new TransformException(displayName(), message(displayName(), record, fieldPath, problem), cause);
    }

    protected DataException dataError(ConnectRecord<?> record, String fieldPath, String problem) {
        return dataError(record, fieldPath, problem, null);
    }

    /** The message format shared by every cdckit transform. */
    public static String message(String transform, ConnectRecord<?> record, String fieldPath, String problem) {
        StringBuilder b = new StringBuilder(transform).append(": ").append(problem);
        if (fieldPath != null) {
            b.append(" (field '").append(fieldPath).append("')");
        }
        b.append(" [").append(Records.location(record)).append(']');
        return b.toString();
    }
}
