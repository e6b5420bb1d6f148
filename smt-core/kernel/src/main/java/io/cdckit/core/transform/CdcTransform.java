package io.cdckit.core.transform;

import io.cdckit.core.CdckitVersion;
import io.cdckit.core.cache.PlanCache;
import io.cdckit.core.config.ConfigKeys;
import io.cdckit.core.config.TransformConfig;
import io.cdckit.core.path.FieldPathException;
import io.cdckit.core.record.Records;
import io.cdckit.core.record.WithheldException;
import io.cdckit.core.row.EnvelopeMode;
import io.cdckit.core.row.RowPlan;
import io.cdckit.core.row.RowRewrite;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.transforms.Transformation;

import java.util.Map;
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
 * <p>Subclasses keep to {@code Transformation}'s contract: a cheap public no-arg constructor
 * (Connect instantiates every plugin during discovery), thread-safe {@code transform}, and never
 * mutating the input record, its headers, or the Structs, Lists and Maps it holds.
 *
 * @param <R> the record type
 */
public abstract class CdcTransform<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {

    private int schemaCacheSize = ConfigKeys.DEFAULT_SCHEMA_CACHE_SIZE;

    @Override
    public final void configure(Map<String, ?> props) {
        TransformConfig config = new TransformConfig(config(), props);
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
        try {
            return transform(record);
        } catch (TransformException e) {
            throw e;
        } catch (RetriableException e) {
            String prefix = displayName() + ": ";
            if (e.getMessage() != null && e.getMessage().startsWith(prefix)) {
                throw e;
            }
            throw new RetriableException(message(displayName(), record, null, String.valueOf(e.getMessage())), e);
        } catch (FieldPathException e) {
            throw new TransformException(displayName(), message(displayName(), record, e.path(), e.getMessage()), e);
        } catch (DataException e) {
            if (!WithheldException.isValueFree(e)) {
                throw new TransformException(displayName(), message(displayName(), record, null,
                        "failed with " + e.getClass().getName()), WithheldException.of(e));
            }
            throw new TransformException(displayName(), message(displayName(), record, null, e.getMessage()), e);
        } catch (RuntimeException e) {
            throw new TransformException(displayName(), message(displayName(), record, null,
                    "failed with " + e.getClass().getName()), WithheldException.of(e));
        }
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
        return PlanCache.of(schemaCacheSize, compiler);
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
            return RowRewrite.of(plan.build(), mode, schemaCacheSize);
        } catch (FieldPathException e) {
            throw config.invalid(key, e.getMessage());
        }
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
