package io.cdckit.core.cdc;

import org.apache.kafka.connect.errors.DataException;

import java.math.BigInteger;
import java.util.Map;

/**
 * The {@link ChangeEvent} view of a schemaless Debezium envelope. The values of the envelope's keys
 * are looked up once, when the map is recognised, and held by the view; the map itself is neither
 * copied nor modified.
 */
final class MapChangeEvent extends AbstractChangeEvent {

    /** How many keys a Debezium envelope map may have at most: see {@link ChangeEvents}. */
    private static final int KNOWN_KEYS = 10;

    private final Map<?, ?> map;
    private final Dialect dialect;
    private final String opCode;
    private final Object before;
    private final Object after;
    private final Map<?, ?> source;
    private final Object transaction;
    private final Object message;
    private final Object updateDescription;
    private final Object tsMs;
    private final Object tsUs;
    private final Object tsNs;

    private MapChangeEvent(Map<?, ?> value, Dialect dialect, String opCode, Object before,
                           Object after, Map<?, ?> source, Object transaction, Object message,
                           Object updateDescription, Object tsMs, Object tsUs, Object tsNs) {
        super(value, null);
        this.map = value;
        this.dialect = dialect;
        this.opCode = opCode;
        this.before = before;
        this.after = after;
        this.source = source;
        this.transaction = transaction;
        this.message = message;
        this.updateDescription = updateDescription;
        this.tsMs = tsMs;
        this.tsUs = tsUs;
        this.tsNs = tsNs;
    }

    /**
     * Recognise a Debezium envelope map according to the rules documented on {@link ChangeEvents}.
     *
     * @param map a non-null map
     * @return the view, or null if the map does not have the shape of a Debezium envelope
     */
    static MapChangeEvent detectDebezium(Map<?, ?> map) {
        try {
            return detectUnguarded(map);
        } catch (ClassCastException | NullPointerException e) {
            // Some maps (sorted ones with non-string keys, maps refusing some lookups) throw on
            // lookups of a string key; such a map cannot be an envelope.
            return null;
        }
    }

    private static MapChangeEvent detectUnguarded(Map<?, ?> map) {
        int size = map.size();
        if (size < 2 || size > KNOWN_KEYS) {
            return null;
        }
        Object op = map.get(ChangeEvents.FIELD_OP);
        Object source = map.get(ChangeEvents.FIELD_SOURCE);
        if (!(op instanceof String) || !(source instanceof Map)) {
            return null;
        }
        Object before = map.get(ChangeEvents.FIELD_BEFORE);
        Object after = map.get(ChangeEvents.FIELD_AFTER);
        Object transaction = map.get(ChangeEvents.FIELD_TRANSACTION);
        Object message = map.get(ChangeEvents.FIELD_MESSAGE);
        Object updateDescription = map.get(ChangeEvents.FIELD_UPDATE_DESCRIPTION);
        Object tsMs = map.get(ChangeEvents.FIELD_TS_MS);
        Object tsUs = map.get(ChangeEvents.FIELD_TS_US);
        Object tsNs = map.get(ChangeEvents.FIELD_TS_NS);

        boolean hasUpdateDescription = present(map, ChangeEvents.FIELD_UPDATE_DESCRIPTION, updateDescription);
        int known = 2
                + count(present(map, ChangeEvents.FIELD_BEFORE, before))
                + count(present(map, ChangeEvents.FIELD_AFTER, after))
                + count(present(map, ChangeEvents.FIELD_TRANSACTION, transaction))
                + count(present(map, ChangeEvents.FIELD_MESSAGE, message))
                + count(hasUpdateDescription)
                + count(present(map, ChangeEvents.FIELD_TS_MS, tsMs))
                + count(present(map, ChangeEvents.FIELD_TS_US, tsUs))
                + count(present(map, ChangeEvents.FIELD_TS_NS, tsNs));
        if (known != size) {
            // Some key is not one of an envelope's.
            return null;
        }
        if (!nullOrMap(transaction) || !nullOrMap(message) || !nullOrMap(updateDescription)) {
            return null;
        }
        boolean rowsAsMaps = before instanceof Map || after instanceof Map;
        boolean rowsAsText = before instanceof String || after instanceof String;
        if (!isRow(before) || !isRow(after) || (rowsAsMaps && rowsAsText)) {
            return null;
        }
        Map<?, ?> sourceMap = (Map<?, ?>) source;
        Dialect dialect;
        if (rowsAsText) {
            dialect = Dialect.DEBEZIUM_MONGODB;
        } else if (rowsAsMaps) {
            dialect = Dialect.DEBEZIUM;
        } else if (hasUpdateDescription
                || ChangeEvents.MONGODB_CONNECTOR.equals(sourceMap.get("connector"))) {
            dialect = Dialect.DEBEZIUM_MONGODB;
        } else {
            dialect = Dialect.DEBEZIUM;
        }
        return new MapChangeEvent(map, dialect, (String) op, before, after, sourceMap, transaction,
                message, updateDescription, tsMs, tsUs, tsNs);
    }

    private static boolean present(Map<?, ?> map, String key, Object value) {
        return value != null || map.containsKey(key);
    }

    private static int count(boolean present) {
        return present ? 1 : 0;
    }

    private static boolean nullOrMap(Object value) {
        return value == null || value instanceof Map;
    }

    private static boolean isRow(Object value) {
        return value == null || value instanceof Map || value instanceof String;
    }

    /**
     * Convert the raw value of a timestamp key to a {@link Long}.
     *
     * @param raw   the value in the map; may be null
     * @param field the key, used in the error message
     * @return the value as a Long, or null if {@code raw} is null
     * @throws DataException if {@code raw} is not an integral number that fits in a long; the
     *         message names the field and the value's type, never the value
     */
    static Long toLong(Object raw, String field) {
        if (raw == null) {
            return null;
        }
        if (raw instanceof Long) {
            return (Long) raw;
        }
        if (raw instanceof Integer || raw instanceof Short || raw instanceof Byte) {
            return ((Number) raw).longValue();
        }
        if (raw instanceof BigInteger && ((BigInteger) raw).bitLength() < Long.SIZE) {
            return ((BigInteger) raw).longValue();
        }
        throw new DataException("Change event field '" + field
                + "' must hold an integral number that fits in a long, but holds a "
                + raw.getClass().getName());
    }

    @Override
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public String opCode() {
        return opCode;
    }

    @Override
    public Object before() {
        return before;
    }

    @Override
    public Object after() {
        return after;
    }

    @Override
    public Object row() {
        Operation op = op();
        if (op == null || !op.carriesRow()) {
            return null;
        }
        return op.rowIsAfter() ? after : before;
    }

    @Override
    public Map<?, ?> source() {
        return source;
    }

    @Override
    public Object sourceField(String name) {
        try {
            return source.get(name);
        } catch (ClassCastException | NullPointerException e) {
            // The source map cannot hold such a key (a sorted map with non-string keys, or a map
            // refusing null keys).
            return null;
        }
    }

    @Override
    public Object metadata(String block, String name) {
        if (block == null) {
            return map.containsKey(name) ? map.get(name) : ABSENT;
        }
        if (!map.containsKey(block)) {
            return ABSENT;
        }
        Object parent = map.get(block);
        if (parent instanceof Map && ((Map<?, ?>) parent).containsKey(name)) {
            return ((Map<?, ?>) parent).get(name);
        }
        if (map.containsKey(name)) {
            return map.get(name);
        }
        // A null block has no keys to look at: a field Debezium always writes in it is null (as
        // with a schema); anything else is absent.
        return parent == null && ChangeEvents.isAlwaysWritten(block, name) ? null : ABSENT;
    }

    @Override
    public Object transaction() {
        return transaction;
    }

    @Override
    public Object message() {
        return message;
    }

    @Override
    public Object updateDescription() {
        return updateDescription;
    }

    @Override
    public Long tsMs() {
        return toLong(tsMs, ChangeEvents.FIELD_TS_MS);
    }

    @Override
    public Long tsUs() {
        return toLong(tsUs, ChangeEvents.FIELD_TS_US);
    }

    @Override
    public Long tsNs() {
        return toLong(tsNs, ChangeEvents.FIELD_TS_NS);
    }
}
