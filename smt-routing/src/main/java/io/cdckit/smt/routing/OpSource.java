package io.cdckit.smt.routing;

import io.cdckit.core.cache.PlanCache;
import io.cdckit.core.cdc.ChangeEvent;
import io.cdckit.core.cdc.ChangeEvents;
import io.cdckit.core.cdc.EnvelopeSchema;
import io.cdckit.core.cdc.Operation;

import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;

import java.util.Map;
import java.util.Optional;

/**
 * Where a record's operation is read ({@code op.source}): {@code auto} (the change-event envelope,
 * else the header {@value #DEFAULT_NAME}, else the field {@value #DEFAULT_NAME}, as {@code Unwrap}
 * adds them), {@code envelope}, {@code header:<name>} or {@code field:<name>}. Before {@code Unwrap}
 * the op is the envelope's; after it, what {@code Unwrap}'s {@code add.headers=op} or
 * {@code add.fields=op} wrote. Envelope schemas are recognised once per schema. Thread-safe.
 */
final class OpSource {

    /** The name {@code Unwrap} gives the op it adds as a header or a field. */
    static final String DEFAULT_NAME = "__op";

    /** The prefix of the names {@code Unwrap} gives the source fields it adds ({@code source.table}). */
    static final String SOURCE_PREFIX = "__source_";

    private enum Kind { AUTO, ENVELOPE, HEADER, FIELD }

    private final Kind kind;
    private final String name;
    private final PlanCache<Schema, Optional<EnvelopeSchema>> envelopes;

    private OpSource(Kind kind, String name, int cacheSize) {
        this.kind = kind;
        this.name = name;
        this.envelopes = PlanCache.of(cacheSize, s -> Optional.ofNullable(EnvelopeSchema.detect(s)));
    }

    /** What is wrong with an {@code op.source} text, or null. */
    static String problem(String text) {
        try {
            parse(text, 1);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** @throws IllegalArgumentException for a text that is none of the four forms */
    static OpSource parse(String text, int cacheSize) {
        String t = text == null ? "" : text.trim();
        if (t.equalsIgnoreCase("auto")) {
            return new OpSource(Kind.AUTO, DEFAULT_NAME, cacheSize);
        }
        if (t.equalsIgnoreCase("envelope")) {
            return new OpSource(Kind.ENVELOPE, null, cacheSize);
        }
        int colon = t.indexOf(':');
        String name = colon < 0 ? "" : t.substring(colon + 1).trim();
        if (colon > 0 && !name.isEmpty()) {
            String kind = t.substring(0, colon).trim();
            if (kind.equalsIgnoreCase("header")) {
                return new OpSource(Kind.HEADER, name, cacheSize);
            }
            if (kind.equalsIgnoreCase("field")) {
                return new OpSource(Kind.FIELD, name, cacheSize);
            }
        }
        throw new IllegalArgumentException("must be auto, envelope, header:<name> or field:<name>");
    }

    /** The cache of envelope schemas, for the metrics of the transform that owns it. */
    PlanCache<Schema, ?> cache() {
        return envelopes;
    }

    /** The record's operation, or null: a tombstone, a record without one, or an unknown code. */
    Operation of(ConnectRecord<?> record) {
        Object value = record.value();
        if (value == null) {
            return null;
        }
        switch (kind) {
            case ENVELOPE:
                return envelope(value);
            case HEADER:
                return header(record);
            case FIELD:
                return field(value);
            default: {
                Operation op = envelope(value);
                if (op != null) {
                    return op;
                }
                op = header(record);
                return op != null ? op : field(value);
            }
        }
    }

    /**
     * The record's operation with where it was found, so that its source fields can be read from
     * the same place; null for a record with no operation (a tombstone included).
     */
    Located locate(ConnectRecord<?> record) {
        Object value = record.value();
        if (value == null) {
            return null;
        }
        if (kind == Kind.AUTO || kind == Kind.ENVELOPE) {
            ChangeEvent ev = event(value);
            Operation op = ev == null ? null : ev.op();
            if (op != null || kind == Kind.ENVELOPE) {
                return op == null ? null : new Located(op, ev, record, null);
            }
        }
        if (kind != Kind.FIELD) {
            Operation op = header(record);
            if (op != null) {
                return new Located(op, null, record, Kind.HEADER);
            }
        }
        if (kind != Kind.HEADER) {
            Operation op = field(value);
            if (op != null) {
                return new Located(op, null, record, Kind.FIELD);
            }
        }
        return null;
    }

    /**
     * An operation and where it came from. Its source fields are the envelope's {@code source}
     * block; when the op came from a header or a field (after {@code Unwrap}), the header or field
     * {@value #SOURCE_PREFIX}{@code <name>}, else {@code __<name>}, that {@code Unwrap}'s
     * {@code add.headers}/{@code add.fields} wrote ({@code source.table} and {@code table} give those).
     */
    static final class Located {
        private final Operation op;
        private final ChangeEvent event;
        private final ConnectRecord<?> record;
        private final Kind origin;

        private Located(Operation op, ChangeEvent event, ConnectRecord<?> record, Kind origin) {
            this.op = op;
            this.event = event;
            this.record = record;
            this.origin = origin;
        }

        Operation op() {
            return op;
        }

        /** The source field {@code name}, or null if the record does not carry it. */
        Object sourceField(String name) {
            if (event != null) {
                return event.sourceField(name);
            }
            Object v = added(SOURCE_PREFIX + name);
            return v != null ? v : added("__" + name);
        }

        private Object added(String name) {
            if (origin == Kind.HEADER) {
                Header h = record.headers().lastWithName(name);
                return h == null ? null : h.value();
            }
            Object value = record.value();
            if (value instanceof Struct s) {
                Field f = s.schema().field(name);
                return f == null ? null : s.get(f);
            }
            return value instanceof Map<?, ?> m ? m.get(name) : null;
        }
    }

    private Operation envelope(Object value) {
        ChangeEvent ev = event(value);
        return ev == null ? null : ev.op();
    }

    private ChangeEvent event(Object value) {
        if (value instanceof Struct s) {
            Optional<EnvelopeSchema> env = envelopes.get(s.schema());
            return env.isEmpty() ? null : env.get().view(s);
        }
        if (value instanceof Map<?, ?> m && !ChangeEvents.isControlRecord(m)) {
            return ChangeEvents.detect(m);
        }
        return null;
    }

    private Operation header(ConnectRecord<?> record) {
        Header h = record.headers().lastWithName(name);
        return h == null || h.value() == null ? null : Operation.fromCode(String.valueOf(h.value()));
    }

    private Operation field(Object value) {
        Object code = null;
        if (value instanceof Struct s) {
            Field f = s.schema().field(name);
            code = f == null ? null : s.get(f);
        } else if (value instanceof Map<?, ?> m) {
            code = m.get(name);
        }
        return code instanceof String c ? Operation.fromCode(c) : null;
    }

    @Override
    public String toString() {
        return kind == Kind.AUTO || kind == Kind.ENVELOPE ? kind.name().toLowerCase(java.util.Locale.ROOT)
                : kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + name;
    }
}
