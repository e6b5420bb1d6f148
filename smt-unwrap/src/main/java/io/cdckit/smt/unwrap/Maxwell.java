package io.cdckit.smt.unwrap;

import java.util.Map;
import java.util.Set;

/**
 * Maxwell's JSON change events ({@code {"database":..,"table":..,"type":"insert","ts":..,"xid":..,
 * "data":{..},"old":{..}}}), delivered as schemaless Maps. Detected by shape: {@code type} is one
 * of Maxwell's row types, {@code database} and {@code table} are strings, {@code data} is a map,
 * and every key is one Maxwell writes. Bootstrap control records, DDL records and anything else
 * are not row events.
 */
final class Maxwell {

    private static final Set<String> KEYS = Set.of("database", "table", "type", "ts", "xid", "xoffset", "commit",
            "data", "old", "position", "gtid", "server_id", "thread_id", "schema_id", "primary_key",
            "primary_key_columns", "query", "comment");

    private Maxwell() {
    }

    /** The Debezium-style op code of a Maxwell row event, or null if {@code value} is not one. */
    static String opCode(Map<?, ?> value) {
        Object type = value.get("type");
        if (!(type instanceof String) || !(value.get("database") instanceof String)
                || !(value.get("table") instanceof String) || !(value.get("data") instanceof Map)) {
            return null;
        }
        String op;
        switch ((String) type) {
            case "insert":
                op = "c";
                break;
            case "update":
                op = "u";
                break;
            case "delete":
                op = "d";
                break;
            case "bootstrap-insert":
                op = "r";
                break;
            default:
                return null;
        }
        Object old = value.get("old");
        if (old != null && !(old instanceof Map)) {
            return null;
        }
        for (Object k : value.keySet()) {
            if (!KEYS.contains(k)) {
                return null;
            }
        }
        return op;
    }

    /** The row image: {@code data} (for a delete, the deleted row). */
    static Map<?, ?> data(Map<?, ?> value) {
        return (Map<?, ?>) value.get("data");
    }

    /**
     * Reads an {@code add.fields}/{@code add.headers} entry from a Maxwell event: {@code op} gives
     * the Debezium-style code, {@code ts_ms} Maxwell's {@code ts} (seconds) in milliseconds,
     * {@code db} Maxwell's {@code database}; other names ({@code table}, {@code database},
     * {@code xid}, {@code commit}, {@code position}, {@code server_id}, {@code ts}...) the key of
     * that name. The struct part of an entry ({@code source.table}) is ignored: Maxwell's metadata
     * is flat.
     */
    static Object read(Map<?, ?> value, MetadataField f, String opCode) {
        switch (f.field) {
            case "op":
                return opCode;
            case "ts_ms":
                if (value.containsKey("ts_ms")) {
                    return value.get("ts_ms");
                }
                Object ts = value.get("ts");
                return ts instanceof Number ? ((Number) ts).longValue() * 1000L : MetadataField.MISSING;
            case "db":
                return value.containsKey("database") ? value.get("database") : MetadataField.MISSING;
            default:
                return value.containsKey(f.field) ? value.get(f.field) : MetadataField.MISSING;
        }
    }
}
