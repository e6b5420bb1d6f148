package io.cdckit.core.cdc;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@link ChangeEvent} view of Alibaba Canal's flat messages ({@code canal.mq.flatMessage=true}:
 * {@code {"id":..,"database":..,"table":..,"pkNames":[..],"isDdl":false,"type":"UPDATE","es":..,
 * "ts":..,"sql":"","sqlType":{..},"mysqlType":{..},"data":[{..}],"old":[{..}],"gtid":..}}),
 * schemaless or schema'd.
 *
 * <h2>Recognised by its full shape</h2>
 * It has the keys Canal always writes: {@code data}, {@code isDdl} (a boolean), {@code es} and
 * {@code ts} (integral numbers), {@code database}, {@code table} and {@code type}. Every key is one a flat message has ({@code id}, {@code database}, {@code table},
 * {@code pkNames}, {@code isDdl}, {@code type}, {@code es}, {@code ts}, {@code sql},
 * {@code sqlType}, {@code mysqlType}, {@code data}, {@code old}, {@code gtid}); {@code database},
 * {@code table} and {@code type} are strings; {@code data} and {@code old} are null or lists of
 * rows (maps; in a schema, arrays of structs); {@code isDdl} a boolean; {@code es}, {@code ts} and
 * {@code id} integral numbers; {@code pkNames} a list; {@code sqlType} and {@code mysqlType} maps.
 * {@code type} {@code INSERT}, {@code UPDATE}, {@code DELETE} (ops {@code c}, {@code u},
 * {@code d}, with {@code isDdl} false) and {@code TRUNCATE} (op {@code t}, with {@code isDdl} true:
 * Canal sets it to "not DML"; no rows) are change events; a DML type with {@code isDdl} true (or a
 * truncate with false) is not a message Canal writes and is no change event. Any other type
 * ({@code CREATE}, {@code ALTER}, ... with {@code isDdl=true}) is a DDL record
 * ({@link ChangeEvents#isControlRecord(Map)}), not a change event, and passes through. A schema
 * is recognised by the same field names and types; {@code isDdl} is then checked per record (a
 * record whose {@code type} and {@code isDdl} disagree has a null {@link #opCode()}).
 *
 * <h2>Rows</h2>
 * A message may carry several rows ({@link #rowCount()}); the view's images are those of the first:
 * {@code after} is {@code data[0]} (null for a delete); {@code before} is {@code data[0]} for a delete
 * and {@code old[0]} for an update: the previous values of the changed columns only
 * ({@link Dialect#partialBefore()}). An insert, update or delete whose {@code data} is null or
 * empty, or whose first row is null, is a {@link DataException} naming {@code data[0]}, never a
 * delete or nothing.
 *
 * <h2>Metadata</h2>
 * {@code db} is {@code database}, {@code ts_ms} is {@code es} (the binlog time, in ms), anything
 * else the key of that name ({@code table}, {@code ts}, {@code pkNames}, {@code gtid}, ...).
 */
final class CanalChangeEvent extends FlatChangeEvent {

    static final String DATA = "data";
    static final String OLD = "old";
    static final String TYPE = "type";
    static final String DATABASE = "database";
    static final String TABLE = "table";
    static final String ES = "es";
    static final String TS = "ts";
    static final String IS_DDL = "isDdl";

    static final Set<String> KEYS = Set.of("id", DATABASE, TABLE, "pkNames", IS_DDL, TYPE, ES, TS, "sql",
            "sqlType", "mysqlType", DATA, OLD, "gtid");


    private CanalChangeEvent(Object value, EnvelopeSchema envelope, String opCode) {
        super(value, envelope, Dialect.CANAL, opCode);
    }

    /** The view of a Struct of {@code envelope}'s layout (checked by the caller). */
    CanalChangeEvent(EnvelopeSchema envelope, Struct value) {
        this(value, envelope, opCode(EnvelopeSchema.getString(value, envelope.opField()), isDdl(value)));
    }

    private static Object isDdl(Struct value) {
        Field f = value.schema().field(IS_DDL);
        return f == null ? null : value.get(f);
    }

    /**
     * Debezium's op code of a message of {@code type} and {@code isDdl}, or null if it is no change
     * event: Canal sets {@code isDdl} to "not a DML type", so a change event's {@code isDdl} is
     * false for {@code INSERT}, {@code UPDATE}, {@code DELETE} and true for {@code TRUNCATE}; any
     * other pair is not one Canal writes.
     */
    private static String opCode(String type, Object isDdl) {
        String code = opCode(type);
        return code != null && isDdl instanceof Boolean && (Boolean) isDdl == "t".equals(code) ? code : null;
    }

    /** The view of {@code map}, or null if it is not a Canal row (or truncate) message. */
    static CanalChangeEvent detect(Map<?, ?> map) {
        return guarded(CanalChangeEvent::detectUnguarded, map);
    }

    private static CanalChangeEvent detectUnguarded(Map<?, ?> map) {
        Object type = map.get(TYPE);
        String code = type instanceof String ? opCode((String) type, map.get(IS_DDL)) : null;
        if (code == null || !(map.get(DATABASE) instanceof String) || !(map.get(TABLE) instanceof String)
                || !hasShape(map)) {
            return null;
        }
        return new CanalChangeEvent(map, null, code);
    }

    /**
     * Whether {@code map} is one of Canal's DDL messages ({@code CREATE}, {@code ALTER}, ...): the
     * full shape, {@code isDdl} true, and a type that is no change event's.
     */
    static boolean isDdlMessage(Map<?, ?> map) {
        return Boolean.TRUE.equals(guarded(m -> Boolean.TRUE.equals(m.get(IS_DDL)) && m.get(TYPE) instanceof String
                && opCode((String) m.get(TYPE)) == null && nullOr(m.get(DATABASE), String.class)
                && nullOr(m.get(TABLE), String.class) && hasShape(m), map));
    }

    /**
     * The shape every flat message has, whatever its type: the keys Canal always writes
     * ({@code data}, a boolean {@code isDdl}, {@code es}, {@code ts}), every key one of Canal's, each
     * of the type Canal writes. The rows of {@code data} may be null here: the view says they are
     * missing ({@link #first}).
     */
    private static boolean hasShape(Map<?, ?> map) {
        return map.containsKey(DATA) && map.get(IS_DDL) instanceof Boolean
                && integral(map.get(ES)) && integral(map.get(TS))
                && nullOrListOfMaps(map.get(DATA), true) && nullOrListOfMaps(map.get(OLD), true)
                && integralOrNull(map.get("id"))
                && nullOr(map.get("pkNames"), List.class) && nullOr(map.get("sqlType"), Map.class)
                && nullOr(map.get("mysqlType"), Map.class) && nullOr(map.get("sql"), String.class)
                && nullOr(map.get("gtid"), String.class) && onlyKeys(map, KEYS);
    }

    private static boolean integralOrNull(Object v) {
        return v == null || integral(v);
    }

    private static boolean integral(Object v) {
        return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
                || v instanceof java.math.BigInteger;
    }

    /** The field holding the type if {@code schema} has Canal's shape (see the class comment), else null. */
    static Field detect(Schema schema) {
        Field type = schema.field(TYPE);
        if (type == null || type.schema().type() != Schema.Type.STRING
                || !fieldOf(schema, DATABASE, Schema.Type.STRING) || !fieldOf(schema, TABLE, Schema.Type.STRING)
                || schema.field(DATA) == null || !rowsOrAbsent(schema.field(DATA))
                || !rowsOrAbsent(schema.field(OLD))
                || !fieldOf(schema, IS_DDL, Schema.Type.BOOLEAN)
                || schema.field(ES) == null || !absentOr(schema, ES, Schema.Type.INT64, Schema.Type.INT32)
                || schema.field(TS) == null || !absentOr(schema, TS, Schema.Type.INT64, Schema.Type.INT32)
                || !absentOr(schema, "id", Schema.Type.INT64, Schema.Type.INT32)
                || !absentOrStrings(schema, "pkNames")
                || !absentOr(schema, "sqlType", Schema.Type.MAP, Schema.Type.STRUCT)
                || !absentOr(schema, "mysqlType", Schema.Type.MAP, Schema.Type.STRUCT)
                || !absentOr(schema, "sql", Schema.Type.STRING) || !absentOr(schema, "gtid", Schema.Type.STRING)
                || !onlyFields(schema, KEYS)) {
            return null;
        }
        return type;
    }

    private static boolean rowsOrAbsent(Field f) {
        return f == null || f.schema().type() == Schema.Type.ARRAY
                && f.schema().valueSchema().type() == Schema.Type.STRUCT;
    }

    /** Debezium's op code of a Canal message type, or null for DDL types and unknown ones. */
    static String opCode(String type) {
        if (type == null) {
            return null;
        }
        switch (type) {
            case "INSERT":
                return "c";
            case "UPDATE":
                return "u";
            case "DELETE":
                return "d";
            case "TRUNCATE":
                return "t";
            default:
                return null;
        }
    }

    /** The rows of {@code data}, or null. */
    List<?> data() {
        return rows(DATA);
    }

    private List<?> rows(String key) {
        Object rows = get(key);
        if (rows == null || rows instanceof List) {
            return (List<?>) rows;
        }
        throw notA(key, "a list of rows");
    }

    /** The first row of {@code key}, or null if there is none. */
    private Object first(String key) {
        List<?> rows = rows(key);
        if (rows == null || rows.isEmpty()) {
            return null;
        }
        Object row = rows.get(0);
        if (row == null || row instanceof Map || row instanceof Struct) {
            return row;
        }
        throw notA(key, "a list of rows");
    }

    /**
     * The row of an {@code INSERT}, {@code UPDATE} or {@code DELETE}: {@code data[0]}.
     *
     * @throws DataException naming {@code data[0]} if {@code data} is null or empty or its first row
     *                       is null: such a message is broken, not a delete or nothing
     */
    private Object firstData() {
        Object row = first(DATA);
        if (row == null) {
            throw new DataException("Change event field '" + DATA + "[0]' is missing or null: a Canal "
                    + get(TYPE) + " message carries its row there");
        }
        return row;
    }

    /**
     * The number of rows in {@code data}. Canal leaves out the {@code old} row of a row whose
     * columns did not change, so {@code old[i]} need not be the previous values of {@code data[i]}
     * beyond the first row.
     */
    @Override
    public int rowCount() {
        if (opCode == null || "t".equals(opCode)) {
            return 0;
        }
        List<?> rows = data();
        return rows == null ? 0 : rows.size();
    }

    /**
     * {@code data[0]} for a delete, {@code old[0]} (null if absent) for an update: the previous
     * values of {@code data[0]}'s changed columns, as far as Canal keeps them aligned (it leaves out
     * empty old rows; see {@link #rowCount()}).
     *
     * @throws DataException naming {@code data[0]} for a delete without it
     */
    @Override
    public Object before() {
        if ("d".equals(opCode)) {
            return firstData();
        }
        if ("u".equals(opCode)) {
            firstData();
            return first(OLD);
        }
        return null;
    }

    /** @throws DataException naming {@code data[0]} for an insert or update without it */
    @Override
    public Object after() {
        return "c".equals(opCode) || "u".equals(opCode) ? firstData() : null;
    }

    @Override
    public Object row() {
        return opCode == null || "t".equals(opCode) ? null : firstData();
    }

    @Override
    Object mapped(String name) {
        switch (name) {
            case ChangeEvents.FIELD_TS_MS:
                return has(ES) ? get(ES) : ABSENT;
            case "db":
                return has(DATABASE) ? get(DATABASE) : ABSENT;
            default:
                return ABSENT;
        }
    }

    @Override
    public Long tsMs() {
        return integral(get(ES), ES);
    }

    @Override
    public Long tsUs() {
        return null;
    }

    @Override
    public Long tsNs() {
        return null;
    }
}
