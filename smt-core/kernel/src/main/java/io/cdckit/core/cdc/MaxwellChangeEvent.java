package io.cdckit.core.cdc;

import java.util.Map;
import java.util.Set;

/**
 * The {@link ChangeEvent} view of Maxwell's JSON change events
 * ({@code {"database":..,"table":..,"type":"insert","ts":..,"xid":..,"data":{..},"old":{..}}}),
 * delivered as schemaless Maps.
 *
 * <p>Recognised by shape: {@code type} is one of Maxwell's row types ({@code insert},
 * {@code update}, {@code delete}, {@code bootstrap-insert}: ops {@code c}, {@code u}, {@code d},
 * {@code r}), {@code database} and {@code table} are strings, {@code data} is a map, {@code old} is
 * absent, null or a map, and every key is one Maxwell writes. Bootstrap control records, DDL records
 * and anything else are not change events.
 *
 * <p>{@code after} is {@code data} (null for a delete); {@code before} is {@code data} for a delete
 * and {@code old} for an update: the previous values of the changed columns only
 * ({@link Dialect#partialBefore()}). Maxwell's metadata is flat: {@code source.table} is its
 * {@code table}, {@code source.db} its {@code database}, {@code ts_ms} its {@code ts} (seconds) in
 * milliseconds, and any other source field the key of that name.
 */
final class MaxwellChangeEvent extends FlatChangeEvent {

    private static final Set<String> KEYS = Set.of("database", "table", "type", "ts", "xid", "xoffset", "commit",
            "data", "old", "position", "gtid", "server_id", "thread_id", "schema_id", "primary_key",
            "primary_key_columns", "query", "comment");

    private final Map<?, ?> data;
    private final Map<?, ?> old;

    private MaxwellChangeEvent(Map<?, ?> value, String opCode, Map<?, ?> data, Map<?, ?> old) {
        super(value, null, Dialect.MAXWELL, opCode);
        this.data = data;
        this.old = old;
    }

    /** The view of {@code map}, or null if it is not a Maxwell row event. */
    static MaxwellChangeEvent detect(Map<?, ?> map) {
        return guarded(MaxwellChangeEvent::detectUnguarded, map);
    }

    private static MaxwellChangeEvent detectUnguarded(Map<?, ?> map) {
        Object type = map.get("type");
        Object data = map.get("data");
        if (!(type instanceof String) || !(map.get("database") instanceof String)
                || !(map.get("table") instanceof String) || !(data instanceof Map)) {
            return null;
        }
        String op = opCode((String) type);
        Object old = map.get("old");
        if (op == null || (old != null && !(old instanceof Map))) {
            return null;
        }
        for (Object k : map.keySet()) {
            if (!KEYS.contains(k)) {
                return null;
            }
        }
        return new MaxwellChangeEvent(map, op, (Map<?, ?>) data, (Map<?, ?>) old);
    }

    private static String opCode(String type) {
        switch (type) {
            case "insert":
                return "c";
            case "update":
                return "u";
            case "delete":
                return "d";
            case "bootstrap-insert":
                return "r";
            default:
                return null;
        }
    }

    @Override
    public Object before() {
        return "d".equals(opCode) ? data : "u".equals(opCode) ? old : null;
    }

    @Override
    public Object after() {
        return "d".equals(opCode) ? null : data;
    }

    @Override
    public Object row() {
        return data;
    }

    @Override
    Object mapped(String name) {
        switch (name) {
            case ChangeEvents.FIELD_TS_MS:
                Object ts = get("ts");
                return ts instanceof Number ? ((Number) ts).longValue() * 1000L : ABSENT;
            case "db":
                return has("database") ? get("database") : ABSENT;
            default:
                return ABSENT;
        }
    }

    @Override
    public Long tsMs() {
        Object v = metadata(null, "ts_ms");
        return v == ABSENT ? null : MapChangeEvent.toLong(v, "ts");
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
