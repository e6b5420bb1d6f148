package io.cdckit.smt.enrich;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the {@code topic} source turns one consumed record, once its converters have read it, into an
 * entry of its table: the key's text, matched against the text of a lookup's key fields
 * ({@link KeyText}), and the row of the declared columns, each of its declared type
 * ({@link ColumnType}).
 *
 * <p>A key that is a Struct or a Map gives the values of its fields ({@code topic.key.fields}, or
 * every field of a Struct in its schema's order, or the one entry of a Map), joined by
 * {@code topic.key.separator}; any other key is its own text. A value that is a Struct or a Map gives
 * the columns by field name, a missing field being null. Whatever does not fit is a {@link Skip}
 * whose message names fields, columns and types, never a value.
 */
final class TopicRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Why a record is left out of the table: names fields, columns and types, never a value. */
    static final class Skip extends Exception {
        Skip(String problem) {
            super(problem, null, false, false);
        }
    }

    private final Schema columns;
    private final List<String> names;
    private final List<ColumnType.Declared> types;
    private final List<String> keyFields;
    private final String separator;

    /**
     * @param declared   the looked-up columns and their types, in order
     * @param schemaName the name of the columns' STRUCT schema
     * @param keyFields  the fields of a Struct or Map key that form the key, in order; empty for the defaults
     * @param separator  what joins the parts of a key
     */
    TopicRecords(Map<String, ColumnType.Declared> declared, String schemaName, List<String> keyFields,
                 String separator) {
        SchemaBuilder struct = SchemaBuilder.struct().name(schemaName).optional();
        declared.forEach((name, type) -> struct.field(name, type.schema()));
        this.columns = struct.build();
        this.names = List.copyOf(declared.keySet());
        this.types = List.copyOf(declared.values());
        this.keyFields = List.copyOf(keyFields);
        this.separator = separator;
    }

    Schema columns() {
        return columns;
    }

    // ------------------------------------------------------------------ keys

    /** The text a lookup's key must have to find this record's row. */
    String keyText(Object key) throws Skip {
        if (key == null) {
            throw new Skip("it has no key");
        }
        List<Object> parts;
        if (key instanceof Struct struct) {
            parts = structParts(struct);
        } else if (key instanceof Map<?, ?> map) {
            parts = mapParts(map);
        } else if (key instanceof List) {
            throw new Skip("its key is a list, not a single value, a struct or a map");
        } else {
            return KeyText.of(key);
        }
        return KeyText.of(parts, separator);
    }

    private List<Object> structParts(Struct key) throws Skip {
        List<String> fields = keyFields;
        if (fields.isEmpty()) {
            fields = key.schema().fields().stream().map(Field::name).toList();
        }
        List<Object> parts = new ArrayList<>(fields.size());
        for (String name : fields) {
            Field field = key.schema().field(name);
            if (field == null) {
                throw new Skip("its key has no field '" + name + "' (" + TopicSource.KEY_FIELDS + ")");
            }
            parts.add(part(name, key.get(field)));
        }
        if (parts.isEmpty()) {
            throw new Skip("its key is a struct without fields");
        }
        return parts;
    }

    private List<Object> mapParts(Map<?, ?> key) throws Skip {
        if (keyFields.isEmpty()) {
            if (key.size() != 1) {
                throw new Skip("its key is a map of " + key.size() + " entries, whose order is unknown: name the "
                        + "fields that form the key in " + TopicSource.KEY_FIELDS);
            }
            Map.Entry<?, ?> only = key.entrySet().iterator().next();
            return List.of(part(String.valueOf(only.getKey()), only.getValue()));
        }
        List<Object> parts = new ArrayList<>(keyFields.size());
        for (String name : keyFields) {
            if (!key.containsKey(name)) {
                throw new Skip("its key has no field '" + name + "' (" + TopicSource.KEY_FIELDS + ")");
            }
            parts.add(part(name, key.get(name)));
        }
        return parts;
    }

    private static Object part(String field, Object value) throws Skip {
        if (value == null) {
            throw new Skip("its key field '" + field + "' is null");
        }
        if (value instanceof Struct || value instanceof Map || value instanceof List) {
            throw new Skip("its key field '" + field + "' holds a " + kind(value) + ", not a single value");
        }
        return value;
    }

    // ------------------------------------------------------------------ rows

    /** The row of a (non-null) value: each declared column from the field of its name. */
    LookupRow row(Object value) throws Skip {
        Object[] values = new Object[names.size()];
        if (value instanceof Struct struct) {
            for (int i = 0; i < values.length; i++) {
                Field field = struct.schema().field(names.get(i));
                values[i] = typed(i, field == null ? null : struct.get(field));
            }
        } else if (value instanceof Map<?, ?> map) {
            for (int i = 0; i < values.length; i++) {
                values[i] = typed(i, map.get(names.get(i)));
            }
        } else {
            throw new Skip("its value is a " + kind(value) + ", not a struct or a map");
        }
        try {
            return LookupRow.of(columns, values);
        } catch (DataException e) {
            throw new Skip("a value does not fit its column's schema");
        }
    }

    private Object typed(int column, Object value) throws Skip {
        try {
            return typed(types.get(column), value);
        } catch (IllegalArgumentException e) {
            throw new Skip("column '" + names.get(column) + "' " + e.getMessage());
        }
    }

    /**
     * {@code value}, as a converter gives it, as a value of {@code type}: text as
     * {@link ColumnType.Declared#fromText}, numbers and booleans as {@link ColumnType.Declared#fromJson}
     * (so a topic's JSON and a JSON lines file agree), Connect's dates and timestamps as themselves, and
     * for a string column anything else but a struct as its text (maps and lists as their JSON).
     *
     * @throws IllegalArgumentException naming the types, never the value
     */
    static Object typed(ColumnType.Declared type, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return type.fromText(s);
        }
        if (value instanceof java.util.Date d) {
            return date(type, d);
        }
        JsonNode node = scalar(value);
        if (node != null) {
            return type.fromJson(node);
        }
        if (type.type() == ColumnType.STRING) {
            if (value instanceof byte[] || value instanceof ByteBuffer) {
                return KeyText.of(value);
            }
            if (value instanceof Map || value instanceof List) {
                try {
                    return JSON.valueToTree(value).toString();
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("is a " + kind(value) + " that has no JSON text (it holds "
                            + "structs or bytes), not a string value");
                }
            }
        }
        throw new IllegalArgumentException("is a " + kind(value) + ", not a " + type.text() + " value");
    }

    private static JsonNode scalar(Object value) {
        if (value instanceof Boolean b) {
            return BooleanNode.valueOf(b);
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return IntNode.valueOf(((Number) value).intValue());
        }
        if (value instanceof Long l) {
            return LongNode.valueOf(l);
        }
        if (value instanceof Double d) {
            return DoubleNode.valueOf(d);
        }
        if (value instanceof Float f) {
            return FloatNode.valueOf(f);
        }
        if (value instanceof BigDecimal d) {
            return DecimalNode.valueOf(d);
        }
        if (value instanceof BigInteger i) {
            return BigIntegerNode.valueOf(i);
        }
        return null;
    }

    private static Object date(ColumnType.Declared type, java.util.Date d) {
        switch (type.type()) {
            case TIMESTAMP:
                return d;
            case DATE:
                if (Math.floorMod(d.getTime(), 86_400_000L) == 0) {
                    return d;
                }
                throw new IllegalArgumentException("is a timestamp within a day, not a date value");
            case STRING:
                return KeyText.of(d);
            default:
                throw new IllegalArgumentException("is a date or timestamp, not a " + type.text() + " value");
        }
    }

    /** What a value is, for messages: its kind, never its content. */
    static String kind(Object value) {
        if (value instanceof Struct) {
            return "struct";
        }
        if (value instanceof Map) {
            return "map";
        }
        if (value instanceof List) {
            return "list";
        }
        if (value instanceof byte[] || value instanceof ByteBuffer) {
            return "bytes value";
        }
        if (value instanceof java.util.Date) {
            return "date or timestamp";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof Number) {
            return "number";
        }
        return value.getClass().getSimpleName();
    }
}
