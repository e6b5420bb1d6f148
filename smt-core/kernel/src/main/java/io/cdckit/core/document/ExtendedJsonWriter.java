package io.cdckit.core.document;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Writes documents as extended JSON in the legacy strict mode, as Debezium's MongoDB connector
 * writes {@code before} and {@code after} ({@code org.bson.json.JsonWriter} with
 * {@code JsonMode.STRICT}, no line breaks): int64 as {@code $numberLong}, dates as
 * {@code {"$date": <millis>}}, binary as {@code $binary} with {@code $type}, and so on; a
 * DBPointer as {@code $dbPointer} (the strict mode's {@code $ref}/{@code $id} form would read back
 * as a plain document). What {@link ExtendedJson} reads, this writes back to the same types, and
 * also the Java values a row transform may leave: {@link Date} (a date), {@code byte[]} (binary),
 * {@link BigDecimal} (a decimal), {@link Short}, {@link Byte} (int32), {@link Float} (double),
 * {@link BigInteger} within 64 bits (int64). Anything else is a {@link DocumentException} naming
 * the field path and the Java type, as is a key that is null or not a String, and nesting deeper
 * than {@link ExtendedJson#MAX_DEPTH} levels (what the reader would refuse; a row transform's Map
 * holding itself would otherwise overflow the stack).
 */
public final class ExtendedJsonWriter {

    private ExtendedJsonWriter() {
    }

    /** The document as strict extended JSON text. */
    public static String write(Map<String, ?> doc) {
        StringBuilder sb = new StringBuilder(128);
        document(doc, sb, "", 1);
        return sb.toString();
    }

    private static void document(Map<String, ?> doc, StringBuilder sb, String path, int depth) {
        nest(path, depth);
        sb.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : doc.entrySet()) {
            Object key = e.getKey();
            if (!(key instanceof String)) {
                throw DocumentSchemas.refused(where(path), key == null ? "a null key"
                        : "a key of type " + key.getClass().getSimpleName() + " (keys are strings)");
            }
            if (!first) {
                sb.append(',');
            }
            first = false;
            string((String) key, sb);
            sb.append(": ");
            value(e.getValue(), sb, DocumentSchemas.join(path, (String) key), depth);
        }
        sb.append('}');
    }

    private static void nest(String path, int depth) {
        if (depth > ExtendedJson.MAX_DEPTH) {
            throw DocumentSchemas.refused(where(path), "nesting deeper than " + ExtendedJson.MAX_DEPTH + " levels");
        }
    }

    private static String where(String path) {
        return path.isEmpty() ? "(the document)" : path;
    }

    /** {@code depth}: the levels of arrays and documents {@code v} is inside. */
    @SuppressWarnings("unchecked")
    private static void value(Object v, StringBuilder sb, String path, int depth) {
        if (depth >= ExtendedJson.MAX_DEPTH - 1 && isWrapped(v)) {
            // a wrapper is an object to the reader ($dbPointer's $id one more)
            nest(path, depth + (v instanceof BsonValues.DbPointer ? 2 : 1));
        }
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String) {
            string((String) v, sb);
        } else if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            sb.append(((Number) v).intValue());
        } else if (v instanceof Long) {
            sb.append("{\"$numberLong\": \"").append(v).append("\"}");
        } else if (v instanceof Double || v instanceof Float) {
            sb.append(Double.toString(((Number) v).doubleValue()));
        } else if (v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Map) {
            document((Map<String, ?>) v, sb, path, depth + 1);
        } else if (v instanceof List) {
            nest(path, depth + 1);
            sb.append('[');
            boolean first = true;
            for (Object o : (List<?>) v) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                value(o, sb, path, depth + 1);
            }
            sb.append(']');
        } else if (v instanceof BsonValues.ObjectId) {
            sb.append("{\"$oid\": \"").append(((BsonValues.ObjectId) v).hex()).append("\"}");
        } else if (v instanceof BsonValues.DateTime) {
            sb.append("{\"$date\": ").append(((BsonValues.DateTime) v).millis()).append('}');
        } else if (v instanceof Date) {
            sb.append("{\"$date\": ").append(((Date) v).getTime()).append('}');
        } else if (v instanceof BsonValues.Decimal) {
            sb.append("{\"$numberDecimal\": \"").append(((BsonValues.Decimal) v).text()).append("\"}");
        } else if (v instanceof BigDecimal) {
            sb.append("{\"$numberDecimal\": \"").append(((BigDecimal) v).toString()).append("\"}");
        } else if (v instanceof BigInteger && ((BigInteger) v).bitLength() < 64) {
            sb.append("{\"$numberLong\": \"").append(v).append("\"}");
        } else if (v instanceof BsonValues.Binary) {
            binary(((BsonValues.Binary) v).data(), ((BsonValues.Binary) v).subtype(), sb);
        } else if (v instanceof byte[]) {
            binary((byte[]) v, 0, sb);
        } else if (v instanceof BsonValues.Regex) {
            sb.append("{\"$regex\": ");
            string(((BsonValues.Regex) v).pattern(), sb);
            sb.append(", \"$options\": ");
            string(((BsonValues.Regex) v).options(), sb);
            sb.append('}');
        } else if (v instanceof BsonValues.Timestamp) {
            BsonValues.Timestamp t = (BsonValues.Timestamp) v;
            sb.append("{\"$timestamp\": {\"t\": ").append(t.time()).append(", \"i\": ").append(t.increment()).append("}}");
        } else if (v instanceof BsonValues.Code) {
            sb.append("{\"$code\": ");
            string(((BsonValues.Code) v).code(), sb);
            sb.append('}');
        } else if (v instanceof BsonValues.CodeWithScope) {
            sb.append("{\"$code\": ");
            string(((BsonValues.CodeWithScope) v).code(), sb);
            sb.append(", \"$scope\": ");
            document(((BsonValues.CodeWithScope) v).scope(), sb, path, depth + 2);
            sb.append('}');
        } else if (v instanceof BsonValues.Symbol) {
            sb.append("{\"$symbol\": ");
            string(((BsonValues.Symbol) v).symbol(), sb);
            sb.append('}');
        } else if (v instanceof BsonValues.DbPointer) {
            BsonValues.DbPointer p = (BsonValues.DbPointer) v;
            sb.append("{\"$dbPointer\": {\"$ref\": ");
            string(p.namespace(), sb);
            sb.append(", \"$id\": {\"$oid\": \"").append(p.id().hex()).append("\"}}}");
        } else if (v == BsonValues.Marker.MIN_KEY) {
            sb.append("{\"$minKey\": 1}");
        } else if (v == BsonValues.Marker.MAX_KEY) {
            sb.append("{\"$maxKey\": 1}");
        } else if (v == BsonValues.Marker.UNDEFINED) {
            sb.append("{\"$undefined\": true}");
        } else {
            throw DocumentSchemas.refused(path, "a " + v.getClass().getSimpleName()
                    + " has no extended JSON form");
        }
    }

    /** Whether {@code v} is written as a type wrapper (an object), not as a JSON scalar, array or document. */
    private static boolean isWrapped(Object v) {
        return !(v == null || v instanceof String || v instanceof Integer || v instanceof Short || v instanceof Byte
                || v instanceof Double || v instanceof Float || v instanceof Boolean || v instanceof Map
                || v instanceof List);
    }

    private static void binary(byte[] data, int subtype, StringBuilder sb) {
        sb.append("{\"$binary\": \"").append(Base64.getEncoder().encodeToString(data)).append("\", \"$type\": \"")
                .append(Character.forDigit(subtype >> 4, 16)).append(Character.forDigit(subtype & 15, 16)).append("\"}");
    }

    private static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                case '\b':
                    sb.append("\\b");
                    break;
                case '\f':
                    sb.append("\\f");
                    break;
                default:
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }
}
