package io.cdckit.core.cdc;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@link ChangeEvent} view of Oracle GoldenGate's JSON (the JSON formatter of GoldenGate for
 * Big Data, operation-modelled: {@code {"table":"SCHEMA.TABLE","op_type":"U","op_ts":..,
 * "current_ts":..,"pos":..,"primary_keys":[..],"tokens":{..},"before":{..},"after":{..}}}),
 * schemaless or schema'd.
 *
 * <h2>Recognised by its full shape</h2>
 * It has {@code table}, the operation, {@code op_ts} and at least one of {@code before} and
 * {@code after} (the formatter writes the images an operation has; {@code current_ts} and
 * {@code pos} are not required: {@code includeCurrentTimestamp} and {@code includePosition} switch
 * them off). A truncate, which has no image, has {@code current_ts} and {@code pos} instead (a
 * schema without image fields, then, both of them). Every key is one the formatter writes: {@code table}, {@code op_type} (or {@code op}, which some
 * formatter configurations write instead; never both keys, even with one null), {@code op_ts}, {@code current_ts},
 * {@code pos}, {@code primary_keys}, {@code tokens}, {@code before}, {@code after}; {@code table}
 * and {@code op_ts} are strings and the operation is one of {@code I}, {@code U}, {@code D},
 * {@code T} or their spelled-out {@code INSERT}, {@code UPDATE}, {@code DELETE}, {@code TRUNCATE}
 * (ops {@code c}, {@code u}, {@code d}, {@code t}); {@code before} and {@code after} are rows (maps,
 * structs) or null, {@code primary_keys} a list of strings, {@code tokens} a map,
 * {@code current_ts} a string, {@code pos} a string or number. A schema is recognised by the same
 * field names and types (the operation's value is then read per record: an unknown one gives a
 * null {@link #opCode()}).
 *
 * <h2>Images</h2>
 * The operation decides: {@link #after()} is {@code after} for {@code I} and {@code U},
 * {@link #before()} is {@code before} for {@code U} and {@code D}; an operation without the image
 * it needs ({@code I}/{@code U} without {@code after}, {@code D} without {@code before}) is a
 * {@link DataException} naming the field, never a delete or a live row.
 *
 * <h2>Metadata</h2>
 * {@code table} is the part of GoldenGate's {@code table} after the last dot, {@code schema} the
 * part before it, {@code db} the first part (the catalog of {@code CATALOG.SCHEMA.TABLE}, else the
 * schema); {@code ts_ms} is {@code op_ts} (GoldenGate's {@code yyyy-MM-dd HH:mm:ss.SSSSSS} text in
 * UTC, or its ISO-8601 form with a {@code T}) in milliseconds, {@code ts_us} and {@code ts_ns} the
 * same instant in micro- and nanoseconds; anything else is the key of that
 * name ({@code pos}, {@code current_ts}, {@code primary_keys}, {@code tokens.<name>}).
 */
final class GoldenGateChangeEvent extends FlatChangeEvent {

    static final String TABLE = "table";
    static final String OP_TYPE = "op_type";
    static final String OP = "op";
    static final String OP_TS = "op_ts";
    static final String CURRENT_TS = "current_ts";
    static final String POS = "pos";
    static final String PRIMARY_KEYS = "primary_keys";
    static final String TOKENS = "tokens";

    private static final Set<String> KEYS = Set.of(TABLE, OP_TYPE, OP, OP_TS, CURRENT_TS, POS, PRIMARY_KEYS, TOKENS,
            ChangeEvents.FIELD_BEFORE, ChangeEvents.FIELD_AFTER);

    private GoldenGateChangeEvent(Object value, EnvelopeSchema envelope, String opCode) {
        super(value, envelope, Dialect.GOLDENGATE, opCode);
    }

    /** The view of a Struct of {@code envelope}'s layout (checked by the caller). */
    GoldenGateChangeEvent(EnvelopeSchema envelope, Struct value) {
        this(value, envelope, opCode(EnvelopeSchema.getString(value, envelope.opField())));
    }

    /** The view of {@code map}, or null if it does not have GoldenGate's shape. */
    static GoldenGateChangeEvent detect(Map<?, ?> map) {
        return guarded(GoldenGateChangeEvent::detectUnguarded, map);
    }

    private static GoldenGateChangeEvent detectUnguarded(Map<?, ?> map) {
        if (map.containsKey(OP_TYPE) && map.containsKey(OP)) {
            return null;
        }
        Object opType = map.containsKey(OP_TYPE) ? map.get(OP_TYPE) : map.get(OP);
        String code = opType instanceof String ? opCode((String) opType) : null;
        if (code == null || !(map.get(TABLE) instanceof String) || !(map.get(OP_TS) instanceof String)
                || !map.containsKey(ChangeEvents.FIELD_BEFORE) && !map.containsKey(ChangeEvents.FIELD_AFTER)
                        && !("t".equals(code) && map.containsKey(CURRENT_TS) && map.containsKey(POS))
                || !nullOr(map.get(ChangeEvents.FIELD_BEFORE), Map.class)
                || !nullOr(map.get(ChangeEvents.FIELD_AFTER), Map.class)
                || !nullOr(map.get(CURRENT_TS), String.class)
                || !(map.get(POS) == null || map.get(POS) instanceof String || map.get(POS) instanceof Number)
                || !nullOr(map.get(PRIMARY_KEYS), List.class) || !nullOr(map.get(TOKENS), Map.class)
                || !onlyKeys(map, KEYS)) {
            return null;
        }
        return new GoldenGateChangeEvent(map, null, code);
    }

    /**
     * The field holding the operation if {@code schema} has GoldenGate's shape (see the class
     * comment), else null.
     */
    static Field detect(Schema schema) {
        Field op = schema.field(OP_TYPE);
        if (op == null) {
            op = schema.field(OP);
        } else if (schema.field(OP) != null) {
            return null;
        }
        if (op == null || op.schema().type() != Schema.Type.STRING
                || !fieldOf(schema, TABLE, Schema.Type.STRING) || !fieldOf(schema, OP_TS, Schema.Type.STRING)
                || schema.field(ChangeEvents.FIELD_BEFORE) == null && schema.field(ChangeEvents.FIELD_AFTER) == null
                        && (schema.field(CURRENT_TS) == null || schema.field(POS) == null)
                || !absentOr(schema, ChangeEvents.FIELD_BEFORE, Schema.Type.STRUCT)
                || !absentOr(schema, ChangeEvents.FIELD_AFTER, Schema.Type.STRUCT)
                || !absentOr(schema, CURRENT_TS, Schema.Type.STRING)
                || !absentOr(schema, POS, Schema.Type.STRING, Schema.Type.INT64, Schema.Type.INT32)
                || !absentOrStrings(schema, PRIMARY_KEYS)
                || !absentOr(schema, TOKENS, Schema.Type.MAP, Schema.Type.STRUCT)
                || !onlyFields(schema, KEYS)) {
            return null;
        }
        return op;
    }

    /** Debezium's op code of a GoldenGate operation, or null if unknown. */
    static String opCode(String type) {
        if (type == null) {
            return null;
        }
        switch (type) {
            case "I":
            case "INSERT":
                return "c";
            case "U":
            case "UPDATE":
                return "u";
            case "D":
            case "DELETE":
                return "d";
            case "T":
            case "TRUNCATE":
                return "t";
            default:
                return null;
        }
    }

    /**
     * {@code before}: the deleted row of a {@code D}, the previous row of a {@code U} (null if the
     * formatter left it out), null for an {@code I} and a {@code T}.
     *
     * @throws DataException naming {@code before} for a {@code D} without it
     */
    @Override
    public Object before() {
        if ("c".equals(opCode) || "t".equals(opCode)) {
            return null;
        }
        Object before = get(ChangeEvents.FIELD_BEFORE);
        if (before == null && "d".equals(opCode)) {
            throw missing(ChangeEvents.FIELD_BEFORE, "D");
        }
        return before;
    }

    /**
     * {@code after}: the row of an {@code I} or a {@code U}, null for a {@code D} and a {@code T}
     * (whatever the message holds there).
     *
     * @throws DataException naming {@code after} for an {@code I} or a {@code U} without it
     */
    @Override
    public Object after() {
        if ("d".equals(opCode) || "t".equals(opCode)) {
            return null;
        }
        Object after = get(ChangeEvents.FIELD_AFTER);
        if (after == null && opCode != null) {
            throw missing(ChangeEvents.FIELD_AFTER, "c".equals(opCode) ? "I" : "U");
        }
        return after;
    }

    private static DataException missing(String field, String op) {
        return new DataException("Change event field '" + field + "' is missing or null: a GoldenGate " + op
                + " operation carries its row there");
    }

    @Override
    public Object row() {
        Operation op = op();
        if (op == null || !op.carriesRow()) {
            return null;
        }
        return op.rowIsAfter() ? after() : before();
    }

    @Override
    Object mapped(String name) {
        switch (name) {
            case ChangeEvents.FIELD_TS_MS:
                return tsMs();
            case ChangeEvents.FIELD_TS_US:
                return tsUs();
            case ChangeEvents.FIELD_TS_NS:
                return tsNs();
            case TABLE:
            case "schema":
            case "db": {
                Object table = get(TABLE);
                if (!(table instanceof String)) {
                    return table == null ? null : ABSENT;
                }
                return part((String) table, name);
            }
            default:
                return ABSENT;
        }
    }

    /** One part of a qualified name: {@code table} the last, {@code schema} the one before, {@code db} the first. */
    private static String part(String qualified, String which) {
        int last = qualified.lastIndexOf('.');
        if (TABLE.equals(which)) {
            return qualified.substring(last + 1);
        }
        if (last < 0) {
            return null;
        }
        if ("db".equals(which)) {
            int first = qualified.indexOf('.');
            return qualified.substring(0, first);
        }
        int before = qualified.lastIndexOf('.', last - 1);
        return qualified.substring(before + 1, last);
    }

    /** {@code op_ts} as an instant, or null if absent or null. */
    private Instant opTs() {
        Object raw = get(OP_TS);
        if (raw == null) {
            return null;
        }
        if (!(raw instanceof String)) {
            throw notA(OP_TS, "a string");
        }
        return parseTimestamp((String) raw, OP_TS);
    }

    /**
     * GoldenGate's timestamp text ({@code yyyy-MM-dd HH:mm:ss[.fraction]}, or with {@code T} for
     * the ISO-8601 form), read as UTC.
     *
     * @throws DataException naming {@code field} (never the text) if it is not such a timestamp
     */
    static Instant parseTimestamp(String text, String field) {
        String iso = text.length() > 10 && text.charAt(10) == ' '
                ? text.substring(0, 10) + 'T' + text.substring(11) : text;
        try {
            return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw notA(field, "a GoldenGate timestamp (yyyy-MM-dd HH:mm:ss.SSSSSS, UTC)");
        }
    }

    @Override
    public Long tsMs() {
        Instant ts = opTs();
        return ts == null ? null : ts.toEpochMilli();
    }

    @Override
    public Long tsUs() {
        Instant ts = opTs();
        return ts == null ? null : ts.getEpochSecond() * 1_000_000L + ts.getNano() / 1_000;
    }

    @Override
    public Long tsNs() {
        Instant ts = opTs();
        return ts == null ? null : ts.getEpochSecond() * 1_000_000_000L + ts.getNano();
    }
}
