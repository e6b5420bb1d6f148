package io.cdckit.core.cdc;

import io.cdckit.core.record.RawStructs;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the views of flat dialects (Maxwell's, GoldenGate's and Canal's JSON, whose metadata sits
 * beside the rows at the top level) have in common, in both forms: a schemaless {@link Map}
 * (JsonConverter with {@code schemas.enable=false}) or a {@link Struct} of a detected
 * {@link EnvelopeSchema} (JsonConverter with {@code schemas.enable=true}, often unnamed; Maxwell has
 * no schema'd form). Each key is read by name, in place; nothing is copied.
 *
 * <p>Metadata ({@link #metadata}) is looked up by Debezium's names, which each dialect maps onto its
 * keys ({@link #mapped}); a block other than {@code source} is a key holding a map or struct
 * ({@code tokens.txid}), and anything else is the key of that name.
 */
abstract class FlatChangeEvent extends AbstractChangeEvent {

    private final Dialect dialect;
    /** Debezium's op code: known at detection for a Map, read per record for a Struct; null if unknown. */
    final String opCode;

    FlatChangeEvent(Object value, EnvelopeSchema envelope, Dialect dialect, String opCode) {
        super(value, envelope);
        this.dialect = dialect;
        this.opCode = opCode;
    }

    @Override
    public final Dialect dialect() {
        return dialect;
    }

    @Override
    public final String opCode() {
        return opCode;
    }

    /** The raw value of {@code key}, or null when absent or null. */
    final Object get(String key) {
        if (envelope == null) {
            return ((Map<?, ?>) value).get(key);
        }
        Struct struct = (Struct) value;
        Field field = struct.schema().field(key);
        return field == null ? null : RawStructs.get(struct, field);
    }

    /** Whether the envelope has the key (a Map's key, a Struct's field), null or not. */
    final boolean has(String key) {
        return envelope == null ? ((Map<?, ?>) value).containsKey(key) : ((Struct) value).schema().field(key) != null;
    }

    /**
     * The metadata value Debezium's {@code name} stands for in this dialect (e.g. {@code db}), or
     * {@link #ABSENT} to read the key of that name.
     */
    abstract Object mapped(String name);

    /** Flat dialects have no source block: their metadata is top-level (see {@link #sourceField}). */
    @Override
    public final Object source() {
        return null;
    }

    @Override
    public final Object sourceField(String name) {
        Object v = metadata(ChangeEvents.FIELD_SOURCE, name);
        return v == ABSENT ? null : v;
    }

    @Override
    public final Object metadata(String block, String name) {
        if (block != null && !ChangeEvents.FIELD_SOURCE.equals(block) && has(block)) {
            Object holder = get(block);
            if (holder instanceof Map) {
                Map<?, ?> m = (Map<?, ?>) holder;
                return m.containsKey(name) ? m.get(name) : ABSENT;
            }
            if (holder instanceof Struct) {
                Field f = ((Struct) holder).schema().field(name);
                return f == null ? ABSENT : RawStructs.get((Struct) holder, f);
            }
            return holder == null ? null : ABSENT;
        }
        if (ChangeEvents.FIELD_OP.equals(name)) {
            return opCode();
        }
        Object mapped = mapped(name);
        if (mapped != ABSENT) {
            return mapped;
        }
        return has(name) ? get(name) : ABSENT;
    }

    @Override
    public final Object transaction() {
        return null;
    }

    @Override
    public final Object message() {
        return null;
    }

    @Override
    public final Object updateDescription() {
        return null;
    }

    /**
     * The schema of what {@link #metadata} reads from events of {@code env} (a flat dialect's), or
     * null if they have no such metadata.
     */
    static Schema metadataSchema(EnvelopeSchema env, String block, String name) {
        Schema schema = env.schema();
        if (block != null && !ChangeEvents.FIELD_SOURCE.equals(block) && schema.field(block) != null) {
            Schema holder = schema.field(block).schema();
            if (holder.type() == Schema.Type.STRUCT) {
                Field f = holder.field(name);
                return f == null ? null : f.schema();
            }
            return holder.type() == Schema.Type.MAP ? holder.valueSchema() : null;
        }
        if (ChangeEvents.FIELD_OP.equals(name)) {
            return Schema.OPTIONAL_STRING_SCHEMA;
        }
        String key = name;
        if (env.dialect() == Dialect.GOLDENGATE) {
            switch (name) {
                case ChangeEvents.FIELD_TS_MS:
                case ChangeEvents.FIELD_TS_US:
                case ChangeEvents.FIELD_TS_NS:
                    return Schema.OPTIONAL_INT64_SCHEMA;
                case GoldenGateChangeEvent.TABLE:
                case "schema":
                case "db":
                    return Schema.OPTIONAL_STRING_SCHEMA;
                default:
                    break;
            }
        } else if (ChangeEvents.FIELD_TS_MS.equals(name)) {
            key = CanalChangeEvent.ES;
        } else if ("db".equals(name)) {
            key = CanalChangeEvent.DATABASE;
        }
        Field f = schema.field(key);
        return f == null ? null : f.schema();
    }

    // ------------------------------------------------------------------ detection helpers

    /**
     * {@code detect} of {@code map}, or null where the map throws on a lookup (sorted maps with
     * other keys, maps refusing some lookups): such a map cannot be an event.
     */
    static <T> T guarded(java.util.function.Function<Map<?, ?>, T> detect, Map<?, ?> map) {
        try {
            return detect.apply(map);
        } catch (ClassCastException | NullPointerException e) {
            return null;
        }
    }

    /** Whether every key of {@code map} is one of {@code keys}. */
    static boolean onlyKeys(Map<?, ?> map, Set<String> keys) {
        for (Object k : map.keySet()) {
            if (!keys.contains(k)) {
                return false;
            }
        }
        return true;
    }

    /** Whether every field of {@code schema} is one of {@code keys}. */
    static boolean onlyFields(Schema schema, Set<String> keys) {
        for (Field f : schema.fields()) {
            if (!keys.contains(f.name())) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code name} is absent from {@code schema} or of one of {@code types}. */
    static boolean absentOr(Schema schema, String name, Schema.Type... types) {
        Field f = schema.field(name);
        if (f == null) {
            return true;
        }
        for (Schema.Type t : types) {
            if (f.schema().type() == t) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code name} is a field of {@code schema} of type {@code type}. */
    static boolean fieldOf(Schema schema, String name, Schema.Type type) {
        Field f = schema.field(name);
        return f != null && f.schema().type() == type;
    }

    /** Whether {@code name} is absent or an array of strings. */
    static boolean absentOrStrings(Schema schema, String name) {
        Field f = schema.field(name);
        return f == null || f.schema().type() == Schema.Type.ARRAY
                && f.schema().valueSchema().type() == Schema.Type.STRING;
    }

    static boolean nullOr(Object v, Class<?> type) {
        return v == null || type.isInstance(v);
    }

    /** Whether {@code v} is null or a list whose elements are all maps. */
    static boolean nullOrListOfMaps(Object v) {
        return nullOrListOfMaps(v, false);
    }

    /** Whether {@code v} is null or a list whose elements are all maps (or null, if {@code nullRows}). */
    static boolean nullOrListOfMaps(Object v, boolean nullRows) {
        if (v == null) {
            return true;
        }
        if (!(v instanceof List)) {
            return false;
        }
        for (Object e : (List<?>) v) {
            if (!(e instanceof Map) && !(nullRows && e == null)) {
                return false;
            }
        }
        return true;
    }

    /** {@code raw} as a Long (integral numbers only), or null; a DataException naming {@code field} otherwise. */
    static Long integral(Object raw, String field) {
        return MapChangeEvent.toLong(raw, field);
    }

    static DataException notA(String field, String what) {
        return new DataException("Change event field '" + field + "' does not hold " + what);
    }
}
