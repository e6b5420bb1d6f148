package io.cdckit.smt.mapping;

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
    /** The path resolved in the last Struct schema read; racy but benign (a recomputation). */
    private volatile Resolved resolved;

    private record Resolved(Schema schema, ResolvedPath path) {
    }

    private InsertSource(Kind kind, String name, FieldPath path, CastType type, Object literal, String text) {
        this.kind = kind;
        this.name = name;
        this.path = path;
        this.type = type;
        this.literal = literal;
        this.text = text;
    }

    /**
     * @param text what follows the first colon of an {@code insert} entry
     * @throws IllegalArgumentException saying what is wrong, without the literal's value
     */
    static InsertSource parse(String text) {
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
                return reference(k, text, text.substring(prefix.length()));
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

    private static InsertSource reference(Kind kind, String text, String rest) {
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
        return new InsertSource(kind, null, path, type, null, text);
    }

    private static CastType typeOrNull(String text) {
        try {
            return CastType.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    Kind kind() {
        return kind;
    }

    /** {@code $envelope.} sources read the envelope around a row: a plain row has none. */
    boolean readsEnvelope() {
        return kind == Kind.ENVELOPE;
    }

    // ------------------------------------------------------------------ plan

    /**
     * The schema of the inserted field, optional.
     *
     * @param envelopeSchema the envelope schema around Struct rows, or null (schemaless rows, plain rows)
     * @return the schema; null for a {@code $envelope.} source the envelope schema has no field for
     */
    Schema schema(Schema envelopeSchema) {
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
                if (type != null) {
                    return Casts.targetBuilder(type).optional().build();
                }
                List<ResolvedPath> found = envelopeSchema == null ? List.of()
                        : path.resolve(envelopeSchema, Strictness.LENIENT);
                return found.isEmpty() ? null : SchemaCopy.optional(found.get(0).schema());
            default:
                return Casts.targetBuilder(type == null ? CastType.STRING : type).optional().build();
        }
    }

    /**
     * The values of the field at {@code target}: read per record, cast to the type given.
     *
     * @param target         the inserted field's path, for messages
     * @param envelopeSchema as for {@link #schema}
     */
    ValueSource source(String target, Schema envelopeSchema) {
        Schema schema = schema(envelopeSchema);
        String description = "inserted from " + text;
        if (kind == Kind.LITERAL) {
            return ValueSource.constant(literal, schema);
        }
        if (kind == Kind.ENVELOPE && type == null) {
            Schema from = envelopeSchema == null ? null : schema;
            // a struct of the envelope (source, transaction) is inserted in its optional variant
            boolean struct = schema != null && schema.type() == Schema.Type.STRUCT;
            return ValueSource.of(from, c -> {
                Object v = found(read(c.envelope()));
                return struct && v instanceof Struct ? SchemaCopy.withSchema((Struct) v, schema) : v;
            }, description);
        }
        return ValueSource.of(kind == Kind.HEADER || kind == Kind.KEY || kind == Kind.VALUE
                        || kind == Kind.ENVELOPE ? null : schema,
                c -> cast(target, found(read(c))), description);
    }

    /**
     * The values of the field at {@code target} in a schemaless row: as {@link #source}, but
     * {@code $timestamp} gives the epoch milliseconds.
     */
    ValueSource schemalessSource(String target) {
        if (kind == Kind.TIMESTAMP) {
            return ValueSource.of(null, c -> c.record() == null ? null : c.record().timestamp(),
                    "inserted from " + text);
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
            case ENVELOPE:
                return read(c.envelope());
            default:
                throw new IllegalStateException(kind.name());
        }
    }

    /** The value at the path in a Struct or Map; MISSING where there is none. */
    private Object read(Object root) {
        if (root instanceof Struct) {
            Struct s = (Struct) root;
            Resolved r = resolved;
            if (r == null || r.schema != s.schema()) {
                List<ResolvedPath> found = path.resolve(s.schema(), Strictness.LENIENT);
                r = new Resolved(s.schema(), found.isEmpty() ? null : found.get(0));
                resolved = r; // the last schema's resolution: key and value schemas change rarely
            }
            return r.path == null ? MapPaths.MISSING : r.path.getWithoutDefault(s);
        }
        if (root instanceof Map) {
            return path.lookup((Map<?, ?>) root);
        }
        return MapPaths.MISSING;
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
