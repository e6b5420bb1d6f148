package io.cdckit.core.cdc;

import io.cdckit.core.cache.PlanCache;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The one entry point to change events: for each record value, its {@link ChangeEvent} view, or
 * null for "not a change event" (tombstones, heartbeats, schema-change events, transaction
 * metadata, plain rows, and events of dialects not asked for).
 *
 * <p>A {@link Struct} value is recognised by its schema, once per schema ({@link EnvelopeSchema#detect},
 * cached); a {@link Map} by its shape, per record ({@link ChangeEvents#detect(Map, Set)}). Each view
 * is one small object reading the value in place. Thread-safe.
 *
 * <pre>{@code
 * ChangeEventDetector events = ChangeEventDetector.of(Dialect.select("auto"), config.schemaCacheSize());
 * ChangeEvent ev = events.detect(record.valueSchema(), record.value());
 * if (ev == null) return record; // not a change event
 * }</pre>
 */
public final class ChangeEventDetector {

    private final Set<Dialect> dialects;
    private final PlanCache<Schema, EnvelopeSchema> schemas;

    private ChangeEventDetector(Set<Dialect> dialects, int cacheSize) {
        this.dialects = Collections.unmodifiableSet(EnumSet.copyOf(dialects));
        this.schemas = PlanCache.of(cacheSize, this::compile);
    }

    /** A detector of {@code dialects} (not empty) keeping {@code cacheSize} envelope schemas. */
    public static ChangeEventDetector of(Set<Dialect> dialects, int cacheSize) {
        if (dialects.isEmpty()) {
            throw new IllegalArgumentException("no dialect to detect");
        }
        return new ChangeEventDetector(dialects, cacheSize);
    }

    /** A detector of every dialect. */
    public static ChangeEventDetector all(int cacheSize) {
        return new ChangeEventDetector(EnumSet.allOf(Dialect.class), cacheSize);
    }

    /** @return the dialects this detector recognises */
    public Set<Dialect> dialects() {
        return dialects;
    }

    private EnvelopeSchema compile(Schema schema) {
        EnvelopeSchema env = EnvelopeSchema.detect(schema);
        return env != null && dialects.contains(env.dialect()) ? env : null;
    }

    /**
     * @param schema the value's schema, or null for a schemaless value
     * @return the compiled envelope of an envelope schema of the asked dialects, else null
     */
    public EnvelopeSchema envelope(Schema schema) {
        return schema == null ? null : schemas.get(schema);
    }

    /**
     * @param schema the record value's schema (null for schemaless values; a Struct is read by its own)
     * @param value  the record value
     * @return the change-event view of {@code value}, or null if it is not a change event of this
     *         detector's dialects
     */
    public ChangeEvent detect(Schema schema, Object value) {
        if (value instanceof Struct) {
            Struct struct = (Struct) value;
            // the Struct's own schema, not the record's: the images inside are built on it
            EnvelopeSchema env = envelope(struct.schema());
            return env == null ? null : env.view(struct);
        }
        if (value instanceof Map && schema == null) {
            return ChangeEvents.detect((Map<?, ?>) value, dialects);
        }
        return null;
    }
}
