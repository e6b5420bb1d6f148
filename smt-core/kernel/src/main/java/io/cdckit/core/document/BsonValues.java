package io.cdckit.core.document;

import java.util.Arrays;
import java.util.Map;

/**
 * The BSON values that have no plain Java counterpart, as {@link ExtendedJson} reads them. Every
 * other BSON type is a plain Java value: a document is a {@code LinkedHashMap<String, Object>}, an
 * array a {@code List<Object>}, a string a {@link String}, int32 an {@link Integer}, int64 a
 * {@link Long}, a double a {@link Double}, a boolean a {@link Boolean}, BSON null {@code null}.
 * {@link BsonKind#of} tells the type of any of them. All are immutable and compare by content.
 */
public final class BsonValues {

    private BsonValues() {
    }

    /** An ObjectId, as its 24 lower-case hex digits. */
    public record ObjectId(String hex) {
    }

    /** A UTC datetime, in milliseconds since the epoch. */
    public record DateTime(long millis) {
    }

    /** A BSON timestamp: seconds since the epoch and an ordinal (both unsigned 32-bit). */
    public record Timestamp(long time, long increment) {
    }

    /** A Decimal128, as the text it was written as. */
    public record Decimal(String text) {
    }

    /** Binary data with its subtype. */
    public record Binary(int subtype, byte[] data) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Binary b && b.subtype == subtype && Arrays.equals(b.data, data);
        }

        @Override
        public int hashCode() {
            return 31 * subtype + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Binary(" + subtype + ", " + data.length + " bytes)";
        }
    }

    /** A regular expression and its options. */
    public record Regex(String pattern, String options) {
    }

    /** JavaScript code. */
    public record Code(String code) {
    }

    /** JavaScript code with a scope document. */
    public record CodeWithScope(String code, Map<String, Object> scope) {
    }

    /** A (deprecated) symbol. */
    public record Symbol(String symbol) {
    }

    /** A (deprecated) DBPointer: a namespace and an ObjectId. */
    public record DbPointer(String namespace, ObjectId id) {
    }

    /** The three value-less types. */
    public enum Marker {
        MIN_KEY, MAX_KEY, UNDEFINED
    }

}
