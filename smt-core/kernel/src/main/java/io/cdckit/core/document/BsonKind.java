package io.cdckit.core.document;

import java.util.List;
import java.util.Map;

/** The BSON type of a value read by {@link ExtendedJson} (see {@link BsonValues} for the Java forms). */
public enum BsonKind {
    DOUBLE, STRING, DOCUMENT, ARRAY, BINARY, UNDEFINED, OBJECT_ID, BOOLEAN, DATE_TIME, NULL, REGULAR_EXPRESSION,
    DB_POINTER, JAVASCRIPT, SYMBOL, JAVASCRIPT_WITH_SCOPE, INT32, TIMESTAMP, INT64, DECIMAL128, MIN_KEY, MAX_KEY;

    /** The type of {@code value}; a value of no BSON form is an {@link IllegalArgumentException}. */
    public static BsonKind of(Object value) {
        if (value == null) {
            return NULL;
        }
        if (value instanceof String) {
            return STRING;
        }
        if (value instanceof Integer) {
            return INT32;
        }
        if (value instanceof Long) {
            return INT64;
        }
        if (value instanceof Double) {
            return DOUBLE;
        }
        if (value instanceof Boolean) {
            return BOOLEAN;
        }
        if (value instanceof Map) {
            return DOCUMENT;
        }
        if (value instanceof List) {
            return ARRAY;
        }
        if (value instanceof BsonValues.ObjectId) {
            return OBJECT_ID;
        }
        if (value instanceof BsonValues.DateTime) {
            return DATE_TIME;
        }
        if (value instanceof BsonValues.Decimal) {
            return DECIMAL128;
        }
        if (value instanceof BsonValues.Binary) {
            return BINARY;
        }
        if (value instanceof BsonValues.Timestamp) {
            return TIMESTAMP;
        }
        if (value instanceof BsonValues.Regex) {
            return REGULAR_EXPRESSION;
        }
        if (value instanceof BsonValues.Code) {
            return JAVASCRIPT;
        }
        if (value instanceof BsonValues.CodeWithScope) {
            return JAVASCRIPT_WITH_SCOPE;
        }
        if (value instanceof BsonValues.Symbol) {
            return SYMBOL;
        }
        if (value instanceof BsonValues.DbPointer) {
            return DB_POINTER;
        }
        if (value instanceof BsonValues.Marker) {
            switch ((BsonValues.Marker) value) {
                case MIN_KEY:
                    return MIN_KEY;
                case MAX_KEY:
                    return MAX_KEY;
                default:
                    return UNDEFINED;
            }
        }
        throw new IllegalArgumentException("no BSON type for " + value.getClass().getSimpleName());
    }
}
