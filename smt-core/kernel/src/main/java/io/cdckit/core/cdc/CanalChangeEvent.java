package io.cdckit.core.cdc;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

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
 * Every key is one a flat message has ({@code id}, {@code database}, {@code table},
 * {@code pkNames}, {@code isDdl}, {@code type}, {@code es}, {@code ts}, {@code sql},
 * {@code sqlType}, {@code mysqlType}, {@code data}, {@code old}, {@code gtid}); {@code database},
 * {@code table} and {@code type} are strings; {@code data} and {@code old} are null or lists of
 * rows (maps; in a schema, arrays of structs); {@code isDdl} a boolean; {@code es}, {@code ts} and
 * {@code id} integral numbers; {@code pkNames} a list; {@code sqlType} and {@code mysqlType} maps.
 * {@code type} {@code INSERT}, {@code UPDATE}, {@code DELETE} (ops {@code c}, {@code u},
 * {@code d}, with a {@code data} list) and {@code TRUNCATE} (op {@code t}, a DDL record with no
 * rows) are change events; any other type ({@code CREATE}, {@code ALTER}, ... with
 * {@code isDdl=true}) is a DDL record, not a change event, and passes through.
 *
 * <h2>Rows</h2>
 * A message may carry several rows ({@link #rowCount()}); the view's images are those of the first:
 * {@code after} is {@code data[0]} (null for a delete); {@code before} is {@code data[0]} for a delete
 * and {@code old[0]} for an update: the previous values of the changed columns only
 * ({@link Dialect#partialBefore()}).
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

    static final Set<String> KEYS = Set.of("id", DATABASE, TABLE, "pkNames", "isDdl", TYPE, ES, "ts", "sql",
            "sqlType", "mysqlType", DATA, OLD, "gtid");


    private CanalChangeEvent(Object value, EnvelopeSchema envelope, String opCode) {
        super(value, envelope, Dialect.CANAL, opCode);
    }

    /** The view of a Struct of {@code envelope}'s layout (checked by the caller). */
    CanalChangeEvent(EnvelopeSchema envelope, Struct value) {
        this(value, envelope, opCode(EnvelopeSchema.getString(value, envelope.opField())));
    }

    /** The view of {@code map}, or null if it is not a Canal row (or truncate) message. */
    static CanalChangeEvent detect(Map<?, ?> map) {
        return guarded(CanalChangeEvent::detectUnguarded, map);
    }

    private static CanalChangeEvent detectUnguarded(Map<?, ?> map) {
        Object type = map.get(TYPE);
        String code = type instanceof String ? opCode((String) type) : null;
        if (code == null) {
            return null;
        }
        Object data = map.get(DATA);
        if (!(map.get(DATABASE) instanceof String) || !(map.get(TABLE) instanceof String)
                || !nullOrListOfMaps(data) || !nullOrListOfMaps(map.get(OLD))
                || (data == null && !"t".equals(code))
                || !nullOr(map.get("isDdl"), Boolean.class) || !integralOrNull(map.get(ES))
                || !integralOrNull(map.get("ts")) || !integralOrNull(map.get("id"))
                || !nullOr(map.get("pkNames"), List.class) || !nullOr(map.get("sqlType"), Map.class)
                || !nullOr(map.get("mysqlType"), Map.class) || !nullOr(map.get("sql"), String.class)
                || !nullOr(map.get("gtid"), String.class) || !onlyKeys(map, KEYS)) {
            return null;
        }
        return new CanalChangeEvent(map, null, code);
    }

    private static boolean integralOrNull(Object v) {
        return v == null || v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
                || v instanceof java.math.BigInteger;
    }

    /** The field holding the type if {@code schema} has Canal's shape (see the class comment), else null. */
    static Field detect(Schema schema) {
        Field type = schema.field(TYPE);
        if (type == null || type.schema().type() != Schema.Type.STRING
                || !fieldOf(schema, DATABASE, Schema.Type.STRING) || !fieldOf(schema, TABLE, Schema.Type.STRING)
                || !rowsOrAbsent(schema.field(DATA)) || !rowsOrAbsent(schema.field(OLD))
                || !absentOr(schema, "isDdl", Schema.Type.BOOLEAN)
                || !absentOr(schema, ES, Schema.Type.INT64, Schema.Type.INT32)
                || !absentOr(schema, "ts", Schema.Type.INT64, Schema.Type.INT32)
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

    @Override
    public int rowCount() {
        if (opCode == null || "t".equals(opCode)) {
            return 0;
        }
        List<?> rows = data();
        return rows == null ? 0 : rows.size();
    }

    @Override
    public Object before() {
        return "d".equals(opCode) ? first(DATA) : "u".equals(opCode) ? first(OLD) : null;
    }

    @Override
    public Object after() {
        return "c".equals(opCode) || "u".equals(opCode) ? first(DATA) : null;
    }

    @Override
    public Object row() {
        return opCode == null || "t".equals(opCode) ? null : first(DATA);
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
