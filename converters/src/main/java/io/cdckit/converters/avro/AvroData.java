/*
 * Over 400 lines on purpose: the four directions (Connect schema to Avro and back, Connect value
 * to Avro datum and back) are one mapping (the table in the class comment), and each direction
 * must follow every row of it; split across files, a change to one row would be made in one
 * direction and forgotten in another. The compiled fast path is AvroBinary; this is the reference
 * translation, and the one that explains bad input.
 */
package io.cdckit.converters.avro;

import io.cdckit.core.cache.PlanCache;
import io.cdckit.core.record.RawStructs;
import io.cdckit.core.record.SchemaCopy;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Lossless translation between Kafka Connect schemas/values and Avro schemas/data.
 *
 * <h2>Connect to Avro</h2>
 * <table>
 * <caption>type mapping</caption>
 * <tr><th>Connect</th><th>Avro</th></tr>
 * <tr><td>INT8, INT16</td><td>{@code int} with {@code "connect.type": "int8"|"int16"}</td></tr>
 * <tr><td>INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING, BYTES</td><td>int, long, float, double,
 * boolean, string, bytes</td></tr>
 * <tr><td>Decimal</td><td>bytes, logicalType decimal (precision from {@code connect.decimal.precision},
 * else {@value #DEFAULT_DECIMAL_PRECISION})</td></tr>
 * <tr><td>Date / Time / Timestamp</td><td>int date / int time-millis / long timestamp-millis</td></tr>
 * <tr><td>ARRAY</td><td>array</td></tr>
 * <tr><td>MAP with plain required STRING keys</td><td>map</td></tr>
 * <tr><td>any other MAP</td><td>array of records {key, value}, the array marked
 * {@code "connect.type": "map"}</td></tr>
 * <tr><td>STRUCT</td><td>record (name from the Connect name, sanitized; generated from the path when
 * the struct has no name, marked {@code "connect.anonymous": true})</td></tr>
 * <tr><td>optional T</td><td>{@code ["null", T]}, or {@code [T, "null"]} when the default is not
 * null</td></tr>
 * </table>
 * Connect metadata travels in properties of the non-null Avro schema: {@value #NAME_PROP},
 * {@value #VERSION_PROP}, {@value #DOC_PROP}, {@value #PARAMETERS_PROP}, {@value #TYPE_PROP},
 * {@value #DEFAULT_PROP} (a JSON encoding of the Connect default, see below), and on fields
 * {@value #FIELD_NAME_PROP} when the field name had to be sanitized. Field defaults are also
 * written as Avro field defaults whenever Avro can express them.
 *
 * <h2>Avro to Connect (schemas not written by this class)</h2>
 * enum → STRING named by the enum full name with parameter {@value #ENUM_SYMBOLS_PARAM} (comma separated
 * symbols); fixed → BYTES named by the fixed full name with parameter {@value #FIXED_SIZE_PARAM};
 * decimal (bytes or fixed) → Connect Decimal; date/time-millis/timestamp-millis → Connect Date/Time/Timestamp;
 * timestamp-micros → INT64 {@code io.debezium.time.MicroTimestamp}; time-micros → INT64
 * {@code io.debezium.time.MicroTime}; timestamp-nanos → INT64 {@code io.debezium.time.NanoTimestamp};
 * local-timestamp-millis/micros → INT64 {@code io.debezium.time.Timestamp}/{@code MicroTimestamp};
 * uuid → STRING {@code io.debezium.data.Uuid}; a union of null and one type → optional; a union of
 * several non-null types → STRUCT {@value #UNION_NAME} with one optional field per branch (named by the
 * branch's full name or type name), exactly one set; records keep their full name. A union holding only
 * null, a bare null, or a recursive record throws {@link DataException}.
 *
 * <p>Instances are thread-safe; translations are cached by schema.
 */
public class AvroData {

    public static final String NAME_PROP = "connect.name";
    public static final String VERSION_PROP = "connect.version";
    public static final String DOC_PROP = "connect.doc";
    public static final String PARAMETERS_PROP = "connect.parameters";
    public static final String TYPE_PROP = "connect.type";
    public static final String DEFAULT_PROP = "connect.default";
    public static final String ANONYMOUS_PROP = "connect.anonymous";
    public static final String FIELD_NAME_PROP = "connect.field.name";

    /** Connect's parameter carrying a decimal's precision. */
    public static final String DECIMAL_PRECISION_PARAM = "connect.decimal.precision";
    public static final String ENUM_SYMBOLS_PARAM = "avro.enum.symbols";
    public static final String FIXED_SIZE_PARAM = "avro.fixed.size";
    public static final String UNION_NAME = "io.cdckit.converters.avro.Union";
    /** Namespace of generated record names. */
    public static final String GENERATED_NAMESPACE = "io.cdckit.connect";
    public static final int DEFAULT_DECIMAL_PRECISION = 64;

    private static final String MAP_ENTRY_KEY = "key";
    private static final String MAP_ENTRY_VALUE = "value";

    private final PlanCache<Schema, org.apache.avro.Schema> toAvroCache;
    private final PlanCache<org.apache.avro.Schema, Schema> toConnectCache;

    /**
     * @param cacheSize how many schema translations to keep in each direction (at least 1 is used)
     */
    public AvroData(int cacheSize) {
        this.toAvroCache = PlanCache.of(Math.max(1, cacheSize), s -> new ToAvro().convert(s, "", "Root"));
        this.toConnectCache = PlanCache.of(Math.max(1, cacheSize), a -> new ToConnect().convert(a, "", null));
    }

    // ------------------------------------------------------------------ Connect schema -> Avro schema

    /**
     * The Avro schema for a Connect schema; cached, so the same (or an equal) Connect schema gives the
     * same Avro schema object.
     *
     * @throws DataException for a null schema or an invalid one (e.g. Decimal without a numeric scale)
     */
    public org.apache.avro.Schema fromConnectSchema(Schema schema) {
        if (schema == null) {
            throw new DataException("Cannot translate a null Connect schema to Avro");
        }
        return toAvroCache.get(schema);
    }

    /** State of one Connect→Avro translation: record names in use, for reuse and uniqueness. */
    private final class ToAvro {
        private final Map<String, org.apache.avro.Schema> records = new HashMap<>();

        org.apache.avro.Schema convert(Schema s, String path, String genName) {
            org.apache.avro.Schema t = convertNonOptional(s, path, genName);
            if (!s.isOptional()) {
                return t;
            }
            org.apache.avro.Schema nul = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.NULL);
            return s.defaultValue() != null
                ? org.apache.avro.Schema.createUnion(t, nul)
                : org.apache.avro.Schema.createUnion(nul, t);
        }

        private org.apache.avro.Schema convertNonOptional(Schema s, String path, String genName) {
            Map<String, Object> props = metadata(s, path);
            org.apache.avro.Schema a;
            String name = s.name();
            switch (s.type()) {
                case INT8:
                case INT16:
                    a = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT);
                    props.put(TYPE_PROP, s.type().getName());
                    break;
                case INT32:
                    a = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT);
                    if (Date.LOGICAL_NAME.equals(name)) {
                        LogicalTypes.date().addToSchema(a);
                    } else if (Time.LOGICAL_NAME.equals(name)) {
                        LogicalTypes.timeMillis().addToSchema(a);
                    }
                    break;
                case INT64:
                    a = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG);
                    if (Timestamp.LOGICAL_NAME.equals(name)) {
                        LogicalTypes.timestampMillis().addToSchema(a);
                    }
                    break;
                case FLOAT32:
                    a = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.FLOAT);
                    break;
                case FLOAT64:
                    a = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.DOUBLE);
                    break;
                case BOOLEAN:
                    a = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BOOLEAN);
                    break;
                case STRING:
                    a = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.STRING);
                    break;
                case BYTES:
                    a = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BYTES);
                    if (Decimal.LOGICAL_NAME.equals(name)) {
                        addDecimal(s, a, path);
                    }
                    break;
                case ARRAY:
                    requireChild(s.valueSchema(), path, "array value");
                    a = org.apache.avro.Schema.createArray(convert(s.valueSchema(), path + "[]", genName + "_item"));
                    break;
                case MAP:
                    requireChild(s.keySchema(), path, "map key");
                    requireChild(s.valueSchema(), path, "map value");
                    if (isPlainStringKey(s.keySchema())) {
                        a = org.apache.avro.Schema.createMap(convert(s.valueSchema(), path + "{}", genName + "_value"));
                    } else {
                        List<org.apache.avro.Schema.Field> fields = new ArrayList<>(2);
                        fields.add(field(MAP_ENTRY_KEY, s.keySchema(), convert(s.keySchema(), path + "{key}", genName + "_key"), path + "{key}"));
                        fields.add(field(MAP_ENTRY_VALUE, s.valueSchema(), convert(s.valueSchema(), path + "{}", genName + "_value"), path + "{}"));
                        Map<String, Object> entryProps = new LinkedHashMap<>();
                        entryProps.put(ANONYMOUS_PROP, Boolean.TRUE);
                        org.apache.avro.Schema entry = record(GENERATED_NAMESPACE + "." + AvroNames.escapeComponent(genName + "_entry"), null, fields, entryProps);
                        a = org.apache.avro.Schema.createArray(entry);
                        props.put(TYPE_PROP, "map");
                    }
                    break;
                case STRUCT: {
                    List<org.apache.avro.Schema.Field> fields = new ArrayList<>(s.fields().size());
                    Set<String> used = new HashSet<>();
                    String recordName = name != null ? AvroNames.escapeFullName(name) : GENERATED_NAMESPACE + "." + AvroNames.escapeComponent(genName);
                    String simple = recordName.substring(recordName.lastIndexOf('.') + 1);
                    for (Field f : s.fields()) {
                        String fpath = path.isEmpty() ? f.name() : path + "." + f.name();
                        String avroName = AvroNames.escapeComponent(f.name());
                        String unique = avroName;
                        for (int i = 2; !used.add(unique); i++) {
                            unique = avroName + "_" + i;
                        }
                        org.apache.avro.Schema fs = convert(f.schema(), fpath, simple + "_" + AvroNames.escapeComponent(f.name()));
                        org.apache.avro.Schema.Field af = field(unique, f.schema(), fs, fpath);
                        if (!unique.equals(f.name())) {
                            af.addProp(FIELD_NAME_PROP, f.name());
                        }
                        fields.add(af);
                    }
                    if (name == null) {
                        props.put(ANONYMOUS_PROP, Boolean.TRUE);
                    }
                    return record(recordName, s.doc(), fields, props);
                }
                default:
                    throw new DataException("Unsupported Connect type " + s.type() + " at " + describe(path));
            }
            for (Map.Entry<String, Object> e : props.entrySet()) {
                a.addProp(e.getKey(), e.getValue());
            }
            return a;
        }

        /** A record with that name; reuses an equal one, else finds a unique name. */
        private org.apache.avro.Schema record(String fullName, String doc, List<org.apache.avro.Schema.Field> fields, Map<String, Object> props) {
            String candidate = fullName;
            for (int i = 2; ; i++) {
                org.apache.avro.Schema existing = records.get(candidate);
                if (existing == null) {
                    break;
                }
                if (existing.getFields().equals(fields) && existing.getObjectProps().equals(props)
                    && Objects.equals(existing.getDoc(), doc)) {
                    return existing;
                }
                candidate = fullName + "_" + i;
            }
            int dot = candidate.lastIndexOf('.');
            String ns = dot < 0 ? null : candidate.substring(0, dot);
            String simple = candidate.substring(dot + 1);
            org.apache.avro.Schema r = org.apache.avro.Schema.createRecord(simple, doc, ns, false);
            r.setFields(fields);
            for (Map.Entry<String, Object> e : props.entrySet()) {
                r.addProp(e.getKey(), e.getValue());
            }
            records.put(candidate, r);
            return r;
        }

        private org.apache.avro.Schema.Field field(String name, Schema connect, org.apache.avro.Schema avro, String path) {
            if (connect.defaultValue() == null) {
                return connect.isOptional()
                    ? new org.apache.avro.Schema.Field(name, avro, null, org.apache.avro.Schema.Field.NULL_DEFAULT_VALUE)
                    : new org.apache.avro.Schema.Field(name, avro);
            }
            try {
                Object datum = toAvroValue(connect, avro, connect.defaultValue(), path);
                return new org.apache.avro.Schema.Field(name, avro, null, avroDefaultJson(avro, datum));
            } catch (RuntimeException e) {
                // Avro cannot express this default (e.g. nested union values): connect.default keeps it.
                return new org.apache.avro.Schema.Field(name, avro);
            }
        }
    }

    private static void requireChild(Schema child, String path, String what) {
        if (child == null) {
            throw new DataException("Connect schema at " + describe(path) + " has no " + what + " schema");
        }
    }

    private static boolean isPlainStringKey(Schema k) {
        return k.type() == Schema.Type.STRING && !k.isOptional() && k.name() == null && k.version() == null
            && k.doc() == null && (k.parameters() == null || k.parameters().isEmpty()) && k.defaultValue() == null;
    }

    private Map<String, Object> metadata(Schema s, String path) {
        Map<String, Object> props = new LinkedHashMap<>();
        if (s.name() != null) {
            props.put(NAME_PROP, s.name());
        }
        if (s.version() != null) {
            props.put(VERSION_PROP, s.version());
        }
        if (s.doc() != null) {
            props.put(DOC_PROP, s.doc());
        }
        if (s.parameters() != null && !s.parameters().isEmpty()) {
            props.put(PARAMETERS_PROP, new LinkedHashMap<>(s.parameters()));
        }
        if (s.defaultValue() != null) {
            props.put(DEFAULT_PROP, connectToJson(s, s.defaultValue(), path));
        }
        return props;
    }

    private static void addDecimal(Schema s, org.apache.avro.Schema a, String path) {
        Map<String, String> params = s.parameters();
        String scaleText = params == null ? null : params.get(Decimal.SCALE_FIELD);
        String precisionText = params == null ? null : params.get(DECIMAL_PRECISION_PARAM);
        try {
            int scale = scaleText == null ? 0 : Integer.parseInt(scaleText);
            int precision = precisionText == null ? Math.max(DEFAULT_DECIMAL_PRECISION, scale) : Integer.parseInt(precisionText);
            LogicalTypes.decimal(precision, scale).addToSchema(a);
        } catch (IllegalArgumentException e) {
            throw new DataException("Invalid Decimal scale/precision parameters at " + describe(path), e);
        }
    }

    // ------------------------------------------------------------------ Connect value -> Avro datum

    /**
     * The Avro datum of a Connect value, valid for {@link #fromConnectSchema(Schema) fromConnectSchema(schema)}:
     * {@link GenericData.Record}, Integer, Long, Float, Double, Boolean, String, ByteBuffer, List, Map.
     * A null for an optional schema stays null (also when the schema has a default, so that the round trip
     * is lossless); a null for a required schema with a default becomes the default. The input is never
     * modified.
     *
     * @throws DataException naming the field path and the types (never the value) when the value does not
     *                       match the schema
     */
    public Object fromConnectData(Schema schema, Object value) {
        if (schema == null) {
            throw new DataException("Cannot translate a value without a Connect schema to Avro");
        }
        return toAvroValue(schema, fromConnectSchema(schema), value, "");
    }

    private Object toAvroValue(Schema s, org.apache.avro.Schema a, Object value, String path) {
        if (value == null) {
            // Optional: null stays null (lossless). Required: Connect's default stands in, as Struct.get does.
            if (s.isOptional()) {
                return null;
            }
            value = s.defaultValue();
            if (value == null) {
                throw new DataException("Null value for required " + s.type() + " schema at " + describe(path));
            }
        }
        if (a.getType() == org.apache.avro.Schema.Type.UNION) {
            a = nonNullBranch(a, path);
        }
        String name = s.name();
        switch (s.type()) {
            case INT8:
                return ((Byte) expect(value, Byte.class, s, path)).intValue();
            case INT16:
                return ((Short) expect(value, Short.class, s, path)).intValue();
            case INT32:
                if (Date.LOGICAL_NAME.equals(name)) {
                    return Date.fromLogical(s, (java.util.Date) expect(value, java.util.Date.class, s, path));
                }
                if (Time.LOGICAL_NAME.equals(name)) {
                    return Time.fromLogical(s, (java.util.Date) expect(value, java.util.Date.class, s, path));
                }
                return expect(value, Integer.class, s, path);
            case INT64:
                if (Timestamp.LOGICAL_NAME.equals(name)) {
                    return Timestamp.fromLogical(s, (java.util.Date) expect(value, java.util.Date.class, s, path));
                }
                return expect(value, Long.class, s, path);
            case FLOAT32:
                return expect(value, Float.class, s, path);
            case FLOAT64:
                return expect(value, Double.class, s, path);
            case BOOLEAN:
                return expect(value, Boolean.class, s, path);
            case STRING:
                return ((CharSequence) expect(value, CharSequence.class, s, path)).toString();
            case BYTES:
                if (Decimal.LOGICAL_NAME.equals(name)) {
                    BigDecimal d = (BigDecimal) expect(value, BigDecimal.class, s, path);
                    try {
                        return ByteBuffer.wrap(Decimal.fromLogical(s, d));
                    } catch (DataException e) {
                        throw new DataException("Decimal value does not match the schema's scale at " + describe(path));
                    }
                }
                if (value instanceof byte[]) {
                    return ByteBuffer.wrap((byte[]) value);
                }
                return ((ByteBuffer) expect(value, ByteBuffer.class, s, path)).duplicate();
            case ARRAY: {
                Collection<?> list = (Collection<?>) expect(value, Collection.class, s, path);
                org.apache.avro.Schema items = a.getElementType();
                List<Object> out = new ArrayList<>(list.size());
                String p = path + "[]";
                for (Object o : list) {
                    out.add(toAvroValue(s.valueSchema(), items, o, p));
                }
                return out;
            }
            case MAP: {
                Map<?, ?> map = (Map<?, ?>) expect(value, Map.class, s, path);
                if (a.getType() == org.apache.avro.Schema.Type.MAP) {
                    Map<String, Object> out = new LinkedHashMap<>(Math.max(4, map.size() * 2));
                    for (Map.Entry<?, ?> e : map.entrySet()) {
                        if (!(e.getKey() instanceof String)) {
                            throw new DataException("Map key at " + describe(path) + " is "
                                + (e.getKey() == null ? "null" : "a " + e.getKey().getClass().getName()) + " but STRING was expected");
                        }
                        String k = (String) e.getKey();
                        out.put(k, toAvroValue(s.valueSchema(), a.getValueType(), e.getValue(), path + "{}"));
                    }
                    return out;
                }
                org.apache.avro.Schema entry = a.getElementType();
                org.apache.avro.Schema ks = entry.getFields().get(0).schema();
                org.apache.avro.Schema vs = entry.getFields().get(1).schema();
                List<Object> out = new ArrayList<>(map.size());
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    GenericData.Record r = new GenericData.Record(entry);
                    r.put(0, toAvroValue(s.keySchema(), ks, e.getKey(), path + "{key}"));
                    r.put(1, toAvroValue(s.valueSchema(), vs, e.getValue(), path + "{}"));
                    out.add(r);
                }
                return out;
            }
            case STRUCT: {
                Struct struct = (Struct) expect(value, Struct.class, s, path);
                Schema vs = struct.schema();
                if (vs != s && !vs.equals(s)) {
                    throw new DataException("Struct at " + describe(path) + " has schema " + describeSchema(vs)
                        + " but " + describeSchema(s) + " was expected");
                }
                GenericData.Record r = new GenericData.Record(a);
                List<Field> fields = s.fields();
                List<org.apache.avro.Schema.Field> afields = a.getFields();
                // raw values by index (no lookup by name); see RawStructs
                Object[] raw = RawStructs.read(struct);
                for (int i = 0; i < fields.size(); i++) {
                    Field f = fields.get(i);
                    Object v = raw != null ? raw[f.index()] : RawStructs.get(struct, f);
                    r.put(i, toAvroValue(f.schema(), afields.get(i).schema(), v,
                        path.isEmpty() ? f.name() : path + "." + f.name()));
                }
                return r;
            }
            default:
                throw new DataException("Unsupported Connect type " + s.type() + " at " + describe(path));
        }
    }

    private static int nonNullCount(org.apache.avro.Schema union) {
        int n = 0;
        for (org.apache.avro.Schema t : union.getTypes()) {
            if (t.getType() != org.apache.avro.Schema.Type.NULL) {
                n++;
            }
        }
        return n;
    }

    /** Jackson parses integral numbers that fit an int as int: store them so, so that schemas equal their parsed text. */
    private static Object jsonNumber(Object v) {
        if (v instanceof Long) {
            long l = (Long) v;
            if (l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
                return (int) l;
            }
        } else if (v instanceof Float) {
            return ((Float) v).doubleValue();
        }
        return v;
    }

    private static org.apache.avro.Schema nonNullBranch(org.apache.avro.Schema union, String path) {
        for (org.apache.avro.Schema t : union.getTypes()) {
            if (t.getType() != org.apache.avro.Schema.Type.NULL) {
                return t;
            }
        }
        throw new DataException("Avro union at " + describe(path) + " has no non-null branch");
    }

    private static Object expect(Object value, Class<?> type, Schema s, String path) {
        if (!type.isInstance(value)) {
            throw new DataException("Value at " + describe(path) + " is a " + value.getClass().getName()
                + " but schema " + describeSchema(s) + " expects " + type.getName());
        }
        return value;
    }

    // ------------------------------------------------------------------ Avro schema -> Connect schema

    /**
     * The Connect schema of an Avro schema: exactly the original for schemas made by
     * {@link #fromConnectSchema(Schema)}, the mapping in the class comment for others. Cached.
     *
     * @throws DataException for Avro schemas Connect cannot represent (null type, null-only unions,
     *                       recursive records, unions with two branches of the same name)
     */
    public Schema toConnectSchema(org.apache.avro.Schema avro) {
        if (avro == null) {
            throw new DataException("Cannot translate a null Avro schema to Connect");
        }
        return toConnectCache.get(avro);
    }

    private final class ToConnect {
        private final Set<org.apache.avro.Schema> inProgress = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

        Schema convert(org.apache.avro.Schema a, String path, org.apache.avro.Schema.Field field) {
            boolean optional = false;
            org.apache.avro.Schema t = a;
            if (a.getType() == org.apache.avro.Schema.Type.UNION) {
                List<org.apache.avro.Schema> nonNull = new ArrayList<>();
                for (org.apache.avro.Schema b : a.getTypes()) {
                    if (b.getType() == org.apache.avro.Schema.Type.NULL) {
                        optional = true;
                    } else {
                        nonNull.add(b);
                    }
                }
                if (nonNull.isEmpty()) {
                    throw new DataException("Avro union at " + describe(path) + " has only the null type, which Connect cannot represent");
                }
                if (nonNull.size() > 1) {
                    SchemaBuilder b = SchemaBuilder.struct().name(UNION_NAME);
                    Set<String> names = new HashSet<>();
                    for (org.apache.avro.Schema branch : nonNull) {
                        String fn = branchName(branch);
                        if (!names.add(fn)) {
                            throw new DataException("Avro union at " + describe(path) + " has two branches named " + fn);
                        }
                        b.field(fn, SchemaCopy.optional(convert(branch, path + "<" + fn + ">", null)));
                    }
                    if (optional) {
                        b.optional();
                    }
                    return b.build();
                }
                t = nonNull.get(0);
            } else if (a.getType() == org.apache.avro.Schema.Type.NULL) {
                throw new DataException("Avro null schema at " + describe(path) + " cannot be represented in Connect");
            }
            SchemaBuilder b = builder(t, path);
            if (optional) {
                b.optional();
            }
            Object json = t.getObjectProp(DEFAULT_PROP);
            try {
                if (json != null) {
                    b.defaultValue(jsonToConnect(b, json, path));
                } else if (field != null && field.hasDefaultValue()) {
                    Object datum = GenericData.get().getDefaultValue(field);
                    if (datum != null) {
                        b.defaultValue(toConnectValue(a, b, datum, path));
                    }
                }
            } catch (DataException e) {
                throw new DataException("Invalid default value at " + describe(path) + " for " + describeSchema(b) + ": " + e.getMessage());
            } catch (AvroRuntimeException e) {
                throw new DataException("Invalid Avro default value at " + describe(path) + " for Avro type " + t.getType());
            }
            return b.build();
        }

        private SchemaBuilder builder(org.apache.avro.Schema t, String path) {
            String connectName = t.getProp(NAME_PROP);
            String connectType = t.getProp(TYPE_PROP);
            LogicalType logical = t.getLogicalType();
            SchemaBuilder b;
            String foreignName = null;
            Map<String, String> foreignParams = new LinkedHashMap<>();
            switch (t.getType()) {
                case INT:
                    if ("int8".equals(connectType)) {
                        b = SchemaBuilder.int8();
                    } else if ("int16".equals(connectType)) {
                        b = SchemaBuilder.int16();
                    } else {
                        b = SchemaBuilder.int32();
                        if (connectName == null && logical instanceof LogicalTypes.Date) {
                            b = Date.builder();
                        } else if (connectName == null && logical instanceof LogicalTypes.TimeMillis) {
                            b = Time.builder();
                        }
                    }
                    break;
                case LONG:
                    b = SchemaBuilder.int64();
                    if (connectName == null && logical != null) {
                        switch (logical.getName()) {
                            case "timestamp-millis":
                                b = Timestamp.builder();
                                break;
                            case "timestamp-micros":
                            case "local-timestamp-micros":
                                foreignName = "io.debezium.time.MicroTimestamp";
                                break;
                            case "time-micros":
                                foreignName = "io.debezium.time.MicroTime";
                                break;
                            case "timestamp-nanos":
                            case "local-timestamp-nanos":
                                foreignName = "io.debezium.time.NanoTimestamp";
                                break;
                            case "local-timestamp-millis":
                                foreignName = "io.debezium.time.Timestamp";
                                break;
                            default:
                                break;
                        }
                    }
                    break;
                case FLOAT:
                    b = SchemaBuilder.float32();
                    break;
                case DOUBLE:
                    b = SchemaBuilder.float64();
                    break;
                case BOOLEAN:
                    b = SchemaBuilder.bool();
                    break;
                case STRING:
                    b = SchemaBuilder.string();
                    if (connectName == null && logical != null && "uuid".equals(logical.getName())) {
                        foreignName = "io.debezium.data.Uuid";
                    }
                    break;
                case ENUM:
                    b = SchemaBuilder.string();
                    if (connectName == null) {
                        foreignName = t.getFullName();
                        foreignParams.put(ENUM_SYMBOLS_PARAM, String.join(",", t.getEnumSymbols()));
                    }
                    break;
                case BYTES:
                case FIXED:
                    b = SchemaBuilder.bytes();
                    if (connectName == null && logical instanceof LogicalTypes.Decimal) {
                        LogicalTypes.Decimal d = (LogicalTypes.Decimal) logical;
                        b = Decimal.builder(d.getScale()).parameter(DECIMAL_PRECISION_PARAM, Integer.toString(d.getPrecision()));
                    }
                    if (connectName == null && t.getType() == org.apache.avro.Schema.Type.FIXED) {
                        if (b.name() == null) {
                            foreignName = t.getFullName();
                        }
                        foreignParams.put(FIXED_SIZE_PARAM, Integer.toString(t.getFixedSize()));
                    }
                    break;
                case ARRAY:
                    if ("map".equals(connectType) && t.getElementType().getType() == org.apache.avro.Schema.Type.RECORD
                        && t.getElementType().getFields().size() == 2) {
                        org.apache.avro.Schema entry = t.getElementType();
                        b = SchemaBuilder.map(convert(entry.getFields().get(0).schema(), path + "{key}", entry.getFields().get(0)),
                            convert(entry.getFields().get(1).schema(), path + "{}", entry.getFields().get(1)));
                    } else {
                        b = SchemaBuilder.array(convert(t.getElementType(), path + "[]", null));
                    }
                    break;
                case MAP:
                    b = SchemaBuilder.map(Schema.STRING_SCHEMA, convert(t.getValueType(), path + "{}", null));
                    break;
                case RECORD: {
                    if (!inProgress.add(t)) {
                        throw new DataException("Avro record " + t.getFullName() + " at " + describe(path) + " is recursive, which Connect cannot represent");
                    }
                    try {
                        b = SchemaBuilder.struct();
                        for (org.apache.avro.Schema.Field f : t.getFields()) {
                            String original = f.getProp(FIELD_NAME_PROP);
                            String fn = original != null ? original : f.name();
                            b.field(fn, convert(f.schema(), path.isEmpty() ? fn : path + "." + fn, f));
                        }
                    } finally {
                        inProgress.remove(t);
                    }
                    if (connectName == null && !Boolean.TRUE.equals(t.getObjectProp(ANONYMOUS_PROP))) {
                        foreignName = t.getFullName();
                        if (t.getDoc() != null && t.getProp(DOC_PROP) == null) {
                            b.doc(t.getDoc());
                        }
                    }
                    break;
                }
                default:
                    throw new DataException("Unsupported Avro type " + t.getType() + " at " + describe(path));
            }
            if (connectName != null) {
                b.name(connectName);
            } else if (foreignName != null) {
                b.name(foreignName);
            }
            Object version = t.getObjectProp(VERSION_PROP);
            if (version instanceof Number) {
                b.version(((Number) version).intValue());
            }
            String doc = t.getProp(DOC_PROP);
            if (doc != null) {
                b.doc(doc);
            }
            Object params = t.getObjectProp(PARAMETERS_PROP);
            if (params instanceof Map) {
                Map<String, String> p = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) params).entrySet()) {
                    p.put(String.valueOf(e.getKey()), e.getValue() == null ? null : String.valueOf(e.getValue()));
                }
                b.parameters(p);
            } else if (!foreignParams.isEmpty()) {
                b.parameters(foreignParams);
            }
            return b;
        }
    }

    /** The Connect field name of a branch of a union of several non-null types. */
    static String branchName(org.apache.avro.Schema branch) {
        switch (branch.getType()) {
            case RECORD:
            case ENUM:
            case FIXED:
                return branch.getFullName();
            default:
                return branch.getType().getName();
        }
    }

    // ------------------------------------------------------------------ Avro datum -> Connect value

    /**
     * The Connect value of an Avro datum of schema {@code avro}, for {@link #toConnectSchema} of it.
     * Accepts the generic representation (Utf8 or String, ByteBuffer, GenericFixed, GenericEnumSymbol,
     * IndexedRecord, ...) and, for logical types, the converted forms (BigDecimal, LocalDate, LocalTime,
     * Instant, UUID).
     *
     * @throws DataException naming the field path and the types (never the value) on a mismatch
     */
    public Object toConnectData(org.apache.avro.Schema avro, Object datum) {
        if (avro == null) {
            throw new DataException("Cannot translate an Avro datum without a schema to Connect");
        }
        return toConnectValue(avro, toConnectSchema(avro), datum, "");
    }

    private Object toConnectValue(org.apache.avro.Schema a, Schema s, Object datum, String path) {
        if (datum == null || datum == JsonProperties.NULL_VALUE) {
            if (s.isOptional()) {
                return null;
            }
            if (s.defaultValue() != null) {
                return s.defaultValue();
            }
            throw new DataException("Null Avro datum for required " + s.type() + " schema at " + describe(path));
        }
        if (a.getType() == org.apache.avro.Schema.Type.UNION) {
            if (s.type() == Schema.Type.STRUCT && UNION_NAME.equals(s.name()) && nonNullCount(a) > 1) {
                int index;
                try {
                    index = GenericData.get().resolveUnion(a, datum);
                } catch (AvroRuntimeException e) {
                    throw new DataException("Avro datum at " + describe(path) + " of class " + datum.getClass().getName()
                        + " matches no branch of the union");
                }
                org.apache.avro.Schema branch = a.getTypes().get(index);
                Struct out = new Struct(s);
                Field f = s.field(branchName(branch));
                if (f == null) {
                    throw new DataException("Avro union branch " + branchName(branch) + " at " + describe(path)
                        + " is not a field of Connect schema " + describeSchema(s) + " " + s.fields());
                }
                out.put(f, toConnectValue(branch, f.schema(), datum, path + "<" + f.name() + ">"));
                return out;
            }
            a = nonNullBranch(a, path);
        }
        try {
            switch (a.getType()) {
                case INT: {
                    int v;
                    if (datum instanceof LocalDate) {
                        v = (int) ((LocalDate) datum).toEpochDay();
                    } else if (datum instanceof LocalTime) {
                        v = (int) (((LocalTime) datum).toNanoOfDay() / 1_000_000L);
                    } else {
                        v = ((Integer) expectAvro(datum, Integer.class, a, path));
                    }
                    switch (s.type()) {
                        case INT8:
                            return (byte) v;
                        case INT16:
                            return (short) v;
                        default:
                            if (Date.LOGICAL_NAME.equals(s.name())) {
                                return Date.toLogical(s, v);
                            }
                            if (Time.LOGICAL_NAME.equals(s.name())) {
                                return Time.toLogical(s, v);
                            }
                            return v;
                    }
                }
                case LONG: {
                    long v;
                    if (datum instanceof Instant) {
                        Instant i = (Instant) datum;
                        LogicalType lt = a.getLogicalType();
                        v = lt instanceof LogicalTypes.TimestampMicros
                            ? i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000L
                            : i.toEpochMilli();
                    } else {
                        v = (Long) expectAvro(datum, Long.class, a, path);
                    }
                    if (Timestamp.LOGICAL_NAME.equals(s.name())) {
                        return Timestamp.toLogical(s, v);
                    }
                    return v;
                }
                case FLOAT:
                    return expectAvro(datum, Float.class, a, path);
                case DOUBLE:
                    return expectAvro(datum, Double.class, a, path);
                case BOOLEAN:
                    return expectAvro(datum, Boolean.class, a, path);
                case STRING:
                    if (datum instanceof UUID) {
                        return datum.toString();
                    }
                    return ((CharSequence) expectAvro(datum, CharSequence.class, a, path)).toString();
                case ENUM:
                    if (datum instanceof GenericEnumSymbol || datum instanceof CharSequence) {
                        return datum.toString();
                    }
                    throw avroMismatch(datum, a, path, "an enum symbol");
                case BYTES:
                case FIXED: {
                    if (datum instanceof BigDecimal) {
                        return Decimal.LOGICAL_NAME.equals(s.name()) ? datum : Decimal.fromLogical(s, (BigDecimal) datum);
                    }
                    byte[] bytes;
                    if (datum instanceof ByteBuffer) {
                        ByteBuffer bb = ((ByteBuffer) datum).duplicate();
                        bytes = new byte[bb.remaining()];
                        bb.get(bytes);
                    } else if (datum instanceof GenericFixed) {
                        bytes = ((GenericFixed) datum).bytes().clone();
                    } else if (datum instanceof byte[]) {
                        bytes = ((byte[]) datum).clone();
                    } else {
                        throw avroMismatch(datum, a, path, "bytes");
                    }
                    if (Decimal.LOGICAL_NAME.equals(s.name())) {
                        return Decimal.toLogical(s, bytes);
                    }
                    return bytes;
                }
                case ARRAY: {
                    Collection<?> list = (Collection<?>) expectAvro(datum, Collection.class, a, path);
                    org.apache.avro.Schema items = a.getElementType();
                    if (s.type() == Schema.Type.MAP) {
                        Map<Object, Object> out = new LinkedHashMap<>(Math.max(4, list.size() * 2));
                        org.apache.avro.Schema ks = items.getFields().get(0).schema();
                        org.apache.avro.Schema vs = items.getFields().get(1).schema();
                        for (Object o : list) {
                            IndexedRecord r = (IndexedRecord) expectAvro(o, IndexedRecord.class, items, path + "[]");
                            out.put(toConnectValue(ks, s.keySchema(), r.get(0), path + "{key}"),
                                toConnectValue(vs, s.valueSchema(), r.get(1), path + "{}"));
                        }
                        return out;
                    }
                    List<Object> out = new ArrayList<>(list.size());
                    for (Object o : list) {
                        out.add(toConnectValue(items, s.valueSchema(), o, path + "[]"));
                    }
                    return out;
                }
                case MAP: {
                    Map<?, ?> map = (Map<?, ?>) expectAvro(datum, Map.class, a, path);
                    Map<Object, Object> out = new LinkedHashMap<>(Math.max(4, map.size() * 2));
                    for (Map.Entry<?, ?> e : map.entrySet()) {
                        if (e.getKey() == null) {
                            throw new DataException("Avro map at " + describe(path) + " has a null key");
                        }
                        out.put(e.getKey().toString(), toConnectValue(a.getValueType(), s.valueSchema(), e.getValue(), path + "{}"));
                    }
                    return out;
                }
                case RECORD: {
                    IndexedRecord r = (IndexedRecord) expectAvro(datum, IndexedRecord.class, a, path);
                    if (r.getSchema() != a && !r.getSchema().getFullName().equals(a.getFullName())) {
                        throw new DataException("Avro record at " + describe(path) + " has schema " + r.getSchema().getFullName()
                            + " but " + a.getFullName() + " was expected");
                    }
                    // the generic route (explaining bad input, schema resolution): Struct.put checks each value
                    Struct out = new Struct(s);
                    List<org.apache.avro.Schema.Field> afields = a.getFields();
                    List<Field> fields = s.fields();
                    for (int i = 0; i < afields.size(); i++) {
                        Field f = fields.get(i);
                        out.put(f, toConnectValue(afields.get(i).schema(), f.schema(), r.get(i),
                            path.isEmpty() ? f.name() : path + "." + f.name()));
                    }
                    return out;
                }
                default:
                    throw new DataException("Unsupported Avro type " + a.getType() + " at " + describe(path));
            }
        } catch (ClassCastException | IndexOutOfBoundsException e) {
            throw new DataException("Avro datum at " + describe(path) + " of class " + datum.getClass().getName()
                + " does not match Avro type " + a.getType() + " / Connect type " + s.type());
        }
    }

    private static Object expectAvro(Object datum, Class<?> type, org.apache.avro.Schema a, String path) {
        if (!type.isInstance(datum)) {
            throw avroMismatch(datum, a, path, type.getName());
        }
        return datum;
    }

    private static DataException avroMismatch(Object datum, org.apache.avro.Schema a, String path, String expected) {
        return new DataException("Avro datum at " + describe(path) + " is a " + datum.getClass().getName()
            + " but Avro type " + a.getType() + " expects " + expected);
    }

    // ------------------------------------------------------------------ defaults

    /** The Avro field-default form (Jackson-convertible Java objects) of an Avro datum. */
    private static Object avroDefaultJson(org.apache.avro.Schema a, Object datum) {
        if (datum == null) {
            return JsonProperties.NULL_VALUE;
        }
        switch (a.getType()) {
            case UNION:
                // Avro defaults of a union are of its first branch.
                return avroDefaultJson(a.getTypes().get(0), datum);
            case NULL:
                throw new DataException("non-null default for a null branch");
            case RECORD: {
                IndexedRecord r = (IndexedRecord) datum;
                Map<String, Object> out = new LinkedHashMap<>();
                for (org.apache.avro.Schema.Field f : a.getFields()) {
                    out.put(f.name(), avroDefaultJson(f.schema(), r.get(f.pos())));
                }
                return out;
            }
            case ARRAY: {
                List<Object> out = new ArrayList<>();
                for (Object o : (Collection<?>) datum) {
                    out.add(avroDefaultJson(a.getElementType(), o));
                }
                return out;
            }
            case MAP: {
                Map<String, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) datum).entrySet()) {
                    out.put(e.getKey().toString(), avroDefaultJson(a.getValueType(), e.getValue()));
                }
                return out;
            }
            case BYTES: {
                ByteBuffer bb = ((ByteBuffer) datum).duplicate();
                byte[] bytes = new byte[bb.remaining()];
                bb.get(bytes);
                return bytes;
            }
            default:
                return jsonNumber(datum);
        }
    }

    /** The {@value #DEFAULT_PROP} JSON form of a Connect value. */
    private static Object connectToJson(Schema s, Object v, String path) {
        if (v == null) {
            return JsonProperties.NULL_VALUE;
        }
        try {
            switch (s.type()) {
                case INT8:
                    return ((Byte) v).intValue();
                case INT16:
                    return ((Short) v).intValue();
                case INT32:
                    if (Date.LOGICAL_NAME.equals(s.name())) {
                        return Date.fromLogical(s, (java.util.Date) v);
                    }
                    if (Time.LOGICAL_NAME.equals(s.name())) {
                        return Time.fromLogical(s, (java.util.Date) v);
                    }
                    return (Integer) v;
                case INT64:
                    if (Timestamp.LOGICAL_NAME.equals(s.name())) {
                        return jsonNumber(Timestamp.fromLogical(s, (java.util.Date) v));
                    }
                    return jsonNumber((Long) v);
                case FLOAT32:
                    return ((Float) v).doubleValue();
                case FLOAT64:
                    return (Double) v;
                case BOOLEAN:
                    return (Boolean) v;
                case STRING:
                    return v.toString();
                case BYTES:
                    if (Decimal.LOGICAL_NAME.equals(s.name())) {
                        return ((BigDecimal) v).toString();
                    }
                    byte[] bytes;
                    if (v instanceof ByteBuffer) {
                        ByteBuffer bb = ((ByteBuffer) v).duplicate();
                        bytes = new byte[bb.remaining()];
                        bb.get(bytes);
                    } else {
                        bytes = (byte[]) v;
                    }
                    return Base64.getEncoder().encodeToString(bytes);
                case ARRAY: {
                    List<Object> out = new ArrayList<>();
                    for (Object o : (Collection<?>) v) {
                        out.add(connectToJson(s.valueSchema(), o, path + "[]"));
                    }
                    return out;
                }
                case MAP: {
                    List<Object> out = new ArrayList<>();
                    for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                        List<Object> pair = new ArrayList<>(2);
                        pair.add(connectToJson(s.keySchema(), e.getKey(), path + "{key}"));
                        pair.add(connectToJson(s.valueSchema(), e.getValue(), path + "{}"));
                        out.add(pair);
                    }
                    return out;
                }
                case STRUCT: {
                    Struct st = (Struct) v;
                    Map<String, Object> out = new LinkedHashMap<>();
                    for (Field f : s.fields()) {
                        out.put(f.name(), connectToJson(f.schema(), RawStructs.get(st, f), path + "." + f.name()));
                    }
                    return out;
                }
                default:
                    throw new DataException("Unsupported Connect type " + s.type() + " at " + describe(path));
            }
        } catch (ClassCastException e) {
            throw new DataException("Default value at " + describe(path) + " of class " + v.getClass().getName()
                + " does not match schema " + describeSchema(s));
        }
    }

    /** Decodes the {@value #DEFAULT_PROP} JSON form back to a Connect value of {@code s}. */
    private static Object jsonToConnect(Schema s, Object j, String path) {
        if (j == null || j == JsonProperties.NULL_VALUE) {
            return null;
        }
        try {
            switch (s.type()) {
                case INT8:
                    return ((Number) j).byteValue();
                case INT16:
                    return ((Number) j).shortValue();
                case INT32: {
                    int v = ((Number) j).intValue();
                    if (Date.LOGICAL_NAME.equals(s.name())) {
                        return Date.toLogical(s, v);
                    }
                    if (Time.LOGICAL_NAME.equals(s.name())) {
                        return Time.toLogical(s, v);
                    }
                    return v;
                }
                case INT64: {
                    long v = ((Number) j).longValue();
                    if (Timestamp.LOGICAL_NAME.equals(s.name())) {
                        return Timestamp.toLogical(s, v);
                    }
                    return v;
                }
                case FLOAT32:
                    return ((Number) j).floatValue();
                case FLOAT64:
                    return ((Number) j).doubleValue();
                case BOOLEAN:
                    return (Boolean) j;
                case STRING:
                    return (String) j;
                case BYTES:
                    if (Decimal.LOGICAL_NAME.equals(s.name())) {
                        return new BigDecimal((String) j);
                    }
                    return Base64.getDecoder().decode((String) j);
                case ARRAY: {
                    List<Object> out = new ArrayList<>();
                    for (Object o : (Collection<?>) j) {
                        out.add(jsonToConnect(s.valueSchema(), o, path + "[]"));
                    }
                    return out;
                }
                case MAP: {
                    Map<Object, Object> out = new LinkedHashMap<>();
                    for (Object o : (Collection<?>) j) {
                        List<?> pair = (List<?>) o;
                        out.put(jsonToConnect(s.keySchema(), pair.get(0), path + "{key}"),
                            jsonToConnect(s.valueSchema(), pair.get(1), path + "{}"));
                    }
                    return out;
                }
                case STRUCT: {
                    Map<?, ?> m = (Map<?, ?>) j;
                    Struct out = new Struct(s);
                    for (Field f : s.fields()) {
                        out.put(f, jsonToConnect(f.schema(), m.get(f.name()), path + "." + f.name()));
                    }
                    return out;
                }
                default:
                    throw new DataException("Unsupported Connect type " + s.type() + " at " + describe(path));
            }
        } catch (ClassCastException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new DataException("Malformed " + DEFAULT_PROP + " at " + describe(path) + " for Connect type " + s.type());
        }
    }

    // ------------------------------------------------------------------ messages

    private static String describe(String path) {
        return path.isEmpty() ? "the root" : "field '" + path + "'";
    }

    private static String describeSchema(Schema s) {
        return s.type() + (s.name() != null ? " '" + s.name() + "'" : "") + (s.isOptional() ? " (optional)" : "");
    }
}
