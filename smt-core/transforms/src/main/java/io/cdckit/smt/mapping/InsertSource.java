package io.cdckit.smt.mapping;

import io.cdckit.core.cache.PlanCache;
import io.cdckit.core.path.FieldPath;
import io.cdckit.core.path.FieldPathException;
import io.cdckit.core.path.MapPaths;
import io.cdckit.core.path.ResolvedPath;
import io.cdckit.core.path.Strictness;
import io.cdckit.core.record.SchemaCopy;
import io.cdckit.core.row.RowContext;
import io.cdckit.core.row.ValueSource;

import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Where the value of an {@code insert} entry comes from, as written after its first colon:
 * {@code $topic}, {@code $partition}, {@code $offset}, {@code $timestamp}, {@code $header.<name>},
 * {@code $key.<path>}, {@code $value.<path>}, {@code $envelope.<path>}, or a literal. Every inserted
 * field is optional.
 *
 * <p>Types: {@code $topic} is a string, {@code $partition} an int32, {@code $offset} an int64 (null
 * for source records, which have no offset yet), {@code $timestamp} a Connect {@code Timestamp} (in a
 * schemaless row the epoch milliseconds, a {@code Long}, as Kafka's {@code InsertField} writes it:
 * a {@code java.util.Date} has no schemaless form).
 * {@code $envelope.<path>} has the type of the envelope field it reads. A header, a field of the
 * record's key or value, and a literal are strings unless a type follows them after a colon
 * ({@code $header.tenant:int32}, {@code 42:int32}, {@code 9.5:decimal(4,1)}); their values are cast to
 * it with the cast rules. A literal's last colon starts a type only if what follows is one, so
 * {@code 12:30} is the string {@code "12:30"}.
 */
final class InsertSource {

    enum Kind { TOPIC, PARTITION, OFFSET, TIMESTAMP, HEADER, KEY, VALUE, ENVELOPE, LITERAL }

    private static final Schema TIMESTAMP = Timestamp.builder().optional().build();

    private final Kind kind;
    /** The header name, or the path read in the key, value or envelope. */
    private final String name;
    private final FieldPath path;
    /** The type given after a colon, or null. */
    private final CastType type;
    /** A literal's value, cast to its type. */
    private final Object literal;
    private final String text;
    /** {@code $key.} and {@code $value.}: the path resolved per Struct schema read (null: not found); else null. */
    private final PlanCache<Schema, ResolvedPath> fields;

    private InsertSource(Kind kind, String name, FieldPath path, CastType type, Object literal, String text,
                         int cacheSize) {
        this.kind = kind;
        this.name = name;
        this.path = path;
        this.type = type;
        this.literal = literal;
        this.text = text;
        this.fields = kind == Kind.KEY || kind == Kind.VALUE ? PlanCache.of(cacheSize, this::resolve) : null;
    }

    private InsertSource(Kind kind, String name, FieldPath path, CastType type, Object literal, String text) {
        this(kind, name, path, type, literal, text, 0);
    }

    /** {@link #parse(String, int)} with the default cache size, to check an entry. */
    static InsertSource parse(String text) {
        return parse(text, PlanCache.DEFAULT_MAXIMUM_SIZE);
    }

    /**
     * @param text      what follows the first colon of an {@code insert} entry
     * @param cacheSize how many key or value schemas a {@code $key.} or {@code $value.} source keeps
     *                  its resolved path for
     * @throws IllegalArgumentException saying what is wrong, without the literal's value
     */
    static InsertSource parse(String text, int cacheSize) {
        switch (text) {
            case "$topic":
                return new InsertSource(Kind.TOPIC, null, null, null, null, text);
            case "$partition":
                return new InsertSource(Kind.PARTITION, null, null, null, null, text);
            case "$offset":
                return new InsertSource(Kind.OFFSET, null, null, null, null, text);
            case "$timestamp":
                return new InsertSource(Kind.TIMESTAMP, null, null, null, null, text);
            default:
                break;
        }
        for (Kind k : new Kind[] {Kind.HEADER, Kind.KEY, Kind.VALUE, Kind.ENVELOPE}) {
            String prefix = "$" + k.name().toLowerCase(java.util.Locale.ROOT) + ".";
            if (text.startsWith(prefix)) {
                return reference(k, text, text.substring(prefix.length()), cacheSize);
            }
        }
        if (text.startsWith("$")) {
            throw new IllegalArgumentException("unknown source '" + text + "'; the sources are $topic, $partition, "
                    + "$offset, $timestamp, $header.<name>, $key.<path>, $value.<path>, $envelope.<path>, or a literal "
                    + "(a literal cannot start with $)");
        }
        int colon = text.lastIndexOf(':');
        CastType type = colon < 0 ? null : typeOrNull(text.substring(colon + 1));
        String value = type == null ? text : text.substring(0, colon);
        CastType target = type == null ? CastType.STRING : type;
        Object cast;
        try {
            cast = Casts.castSchemaless("literal", value, target, CastOnError.FAIL);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the literal is not a " + target + " value");
        }
        return new InsertSource(Kind.LITERAL, null, null, target, cast, text);
    }

    private static InsertSource reference(Kind kind, String text, String rest, int cacheSize) {
        String ref = rest;
        CastType type = null;
        int colon = rest.lastIndexOf(':');
        if (colon >= 0 && (type = typeOrNull(rest.substring(colon + 1))) != null) {
            ref = rest.substring(0, colon);
        }
        if (ref.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' names nothing after the '.'");
        }
        if (kind == Kind.HEADER) {
            return new InsertSource(kind, ref, null, type, null, text);
        }
        FieldPath path = FieldPath.parse(ref);
        if (!path.isSingleValued()) {
            throw new IllegalArgumentException("'" + text + "' must name one field, without patterns or [*]");
        }
        return new InsertSource(kind, null, path, type, null, text, cacheSize);
    }

    private static CastType typeOrNull(String text) {
        try {
            return CastType.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code $envelope.} sources read the envelope around a row: a plain row has none. */
    boolean readsEnvelope() {
        return kind == Kind.ENVELOPE;
    }

    // ------------------------------------------------------------------ plan

    /**
     * The field an {@code $envelope.} source reads, resolved in the envelope schema around Struct
     * rows once, when their plan is made.
     *
     * @return the field; null if the envelope schema has none at the path
     */
    ResolvedPath envelopeField(Schema envelopeSchema) {
        List<ResolvedPath> found = path.resolve(envelopeSchema, Strictness.LENIENT);
        return found.isEmpty() ? null : found.get(0);
    }

    /**
     * The schema of the inserted field in a Struct row, optional.
     *
     * @param envelopeField for an {@code $envelope.} source, the field it reads ({@link #envelopeField})
     */
    Schema schema(ResolvedPath envelopeField) {
        switch (kind) {
            case TOPIC:
                return Schema.OPTIONAL_STRING_SCHEMA;
            case PARTITION:
                return Schema.OPTIONAL_INT32_SCHEMA;
            case OFFSET:
                return Schema.OPTIONAL_INT64_SCHEMA;
            case TIMESTAMP:
                return TIMESTAMP;
            case ENVELOPE:
                return type != null ? Casts.targetBuilder(type).optional().build()
                        : SchemaCopy.optional(envelopeField.schema());
            default:
                return Casts.targetBuilder(type == null ? CastType.STRING : type).optional().build();
        }
    }

    /**
     * The values of the field at {@code target} in a Struct row: read per record, cast to the type given.
     *
     * @param target        the inserted field's path, for messages
     * @param envelopeField as for {@link #schema}
     */
    ValueSource source(String target, ResolvedPath envelopeField) {
        Schema schema = schema(envelopeField);
        String description = "inserted from " + text;
        if (kind == Kind.LITERAL) {
            return ValueSource.constant(literal, schema);
        }
        if (kind == Kind.ENVELOPE) {
            if (type != null) {
                return ValueSource.of(null, c -> cast(target, found(readEnvelope(c, envelopeField))), description);
            }
            // a struct of the envelope (source, transaction) is inserted in its optional variant
            boolean struct = schema.type() == Schema.Type.STRUCT;
            return ValueSource.of(schema, c -> {
                Object v = found(readEnvelope(c, envelopeField));
                return struct && v instanceof Struct ? SchemaCopy.withSchema((Struct) v, schema) : v;
            }, description);
        }
        return ValueSource.of(kind == Kind.HEADER || kind == Kind.KEY || kind == Kind.VALUE ? null : schema,
                c -> cast(target, found(read(c))), description);
    }

    private static Object readEnvelope(RowContext c, ResolvedPath field) {
        return c.envelope() instanceof Struct envelope ? field.getWithoutDefault(envelope) : MapPaths.MISSING;
    }

    /**
     * The values of the field at {@code target} in a schemaless row: as {@link #source}, but
     * {@code $timestamp} gives the epoch milliseconds, and an {@code $envelope.} path the envelope
     * lacks (or a plain row, which has none) gives no key, or fails the record if {@code strict}.
     *
     * @param entry the insert entry, for messages
     */
    ValueSource schemalessSource(String target, String entry, boolean strict) {
        String description = "inserted from " + text;
        if (kind == Kind.TIMESTAMP) {
            return ValueSource.of(null, c -> c.record() == null ? null : c.record().timestamp(), description);
        }
        if (kind == Kind.ENVELOPE) {
            return ValueSource.of(null, c -> {
                Object envelope = c.envelope();
                Object v = envelope instanceof Map ? path.lookup((Map<?, ?>) envelope) : MapPaths.MISSING;
                if (v == MapPaths.MISSING) {
                    if (strict) {
                        throw new FieldPathException("insert entry '" + entry + "' "
                                + (envelope == null ? "reads the envelope, and a plain row has none"
                                : "names no key of the envelope") + "; missing.fields=fail");
                    }
                    return ValueSource.NONE;
                }
                return type == null ? v : cast(target, v);
            }, description);
        }
        return source(target, null);
    }

    private Object read(RowContext c) {
        ConnectRecord<?> r = c.record();
        switch (kind) {
            case TOPIC:
                return r == null ? null : r.topic();
            case PARTITION:
                return r == null ? null : r.kafkaPartition();
            case OFFSET:
                return r instanceof SinkRecord ? ((SinkRecord) r).kafkaOffset() : null;
            case TIMESTAMP:
                return r == null || r.timestamp() == null ? null : new Date(r.timestamp());
            case HEADER:
                Header h = r == null ? null : r.headers().lastWithName(name);
                return h == null ? null : h.value();
            case KEY:
                return r == null ? null : read(r.key());
            case VALUE:
                return r == null ? null : read(r.value());
            default:
                throw new IllegalStateException(kind.name());
        }
    }

    /** The value at the path in a Struct or Map key or value; MISSING where there is none. */
    private Object read(Object root) {
        if (root instanceof Struct) {
            Struct s = (Struct) root;
            ResolvedPath p = fields.get(s.schema());
            return p == null ? MapPaths.MISSING : p.getWithoutDefault(s);
        }
        if (root instanceof Map) {
            return path.lookup((Map<?, ?>) root);
        }
        return MapPaths.MISSING;
    }

    /** The path in a key or value schema: null if it has no such field. */
    private ResolvedPath resolve(Schema schema) {
        List<ResolvedPath> found = path.resolve(schema, Strictness.LENIENT);
        return found.isEmpty() ? null : found.get(0);
    }

    /** A path the record lacks gives no value: no key in a schemaless row, null in a Struct row. */
    private static Object found(Object value) {
        return value == MapPaths.MISSING ? ValueSource.NONE : value;
    }

    private Object cast(String target, Object value) {
        if (value == null || value == ValueSource.NONE || type == null && (kind == Kind.PARTITION || kind == Kind.OFFSET || kind == Kind.TOPIC
                || kind == Kind.TIMESTAMP)) {
            return value;
        }
        if (value instanceof Struct || value instanceof Map || value instanceof List) {
            throw new FieldPathException("Cannot insert '" + target + "' from " + text + ": it is a "
                    + (value instanceof List ? "list" : "struct or map") + ", not a single value");
        }
        return Casts.castSchemaless(target, value, type == null ? CastType.STRING : type, CastOnError.FAIL);
    }

    @Override
    public String toString() {
        return kind == Kind.LITERAL ? "literal" : text;
    }
}
