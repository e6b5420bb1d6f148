package io.cdckit.core.transform;

import io.cdckit.core.CdckitVersion;
import io.cdckit.core.config.TransformConfig;
import io.cdckit.core.record.Records;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.transforms.Transformation;

import java.util.Map;

/**
 * The base of every cdckit transform: configuration through a {@link ConfigDef} validated at
 * {@code configure()}, the project version, and error messages in the project's format.
 *
 * <p>Subclasses keep to {@code Transformation}'s contract: a cheap public no-arg constructor
 * (Connect instantiates every plugin during discovery), thread-safe {@code apply}, and never
 * mutating the input record, its headers, or the Structs, Lists and Maps it holds.
 *
 * @param <R> the record type
 */
public abstract class CdcTransform<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {

    @Override
    public final void configure(Map<String, ?> props) {
        configure(new TransformConfig(config(), props));
    }

    /** Reads the parsed configuration; throw {@code ConfigException} naming the key for cross-key mistakes. */
    protected abstract void configure(TransformConfig config);

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
     * A {@code DataException} in the project's format: transform, what went wrong, the field path
     * (if any) and where the record is (topic, partition, offset). {@code problem} must describe
     * names and types only, never values.
     */
    protected DataException dataError(ConnectRecord<?> record, String fieldPath, String problem, Throwable cause) {
        String msg = message(displayName(), record, fieldPath, problem);
        return cause == null ? new DataException(msg) : new DataException(msg, cause);
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
