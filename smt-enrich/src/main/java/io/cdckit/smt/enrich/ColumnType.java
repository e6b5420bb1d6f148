package io.cdckit.smt.enrich;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Timestamp;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The type a user declares for a column of a file, a topic's JSON or an HTTP answer
 * ({@code credit:int64}): its Connect schema (optional) and the conversion of the text or JSON value
 * the source holds. Types: {@code string}, {@code boolean}, {@code int32}, {@code int64},
 * {@code float64}, {@code decimal(s)} (a Connect Decimal of scale {@code s}; more digits are a
 * mistake, not rounded), {@code date} ({@code 2024-05-31}) and {@code timestamp} (ISO-8601 with an
 * offset, or epoch milliseconds).
 */
enum ColumnType {
    STRING(Schema.OPTIONAL_STRING_SCHEMA),
    BOOLEAN(Schema.OPTIONAL_BOOLEAN_SCHEMA),
    INT32(Schema.OPTIONAL_INT32_SCHEMA),
    INT64(Schema.OPTIONAL_INT64_SCHEMA),
    FLOAT64(Schema.OPTIONAL_FLOAT64_SCHEMA),
    DECIMAL(null),
    DATE(Date.builder().optional().build()),
    TIMESTAMP(Timestamp.builder().optional().build());

    static final String NAMES = "string, boolean, int32, int64, float64, decimal(s), date, timestamp";
    private static final Pattern DECIMAL_TYPE = Pattern.compile("decimal\\(\\s*(\\d{1,3})\\s*\\)");

    private final Schema schema;

    ColumnType(Schema schema) {
        this.schema = schema;
    }

    /** A declared type with its scale (decimals only). */
    record Declared(ColumnType type, int scale, Schema schema) {

        /**
         * The value of {@code text} (a CSV cell, a JSON string) as this type; empty text is null
         * for every type but string.
         *
         * @throws IllegalArgumentException naming the type, never the text
         */
        Object fromText(String text) {
            if (text == null || (text.isEmpty() && type != STRING)) {
                return null;
            }
            try {
                switch (type) {
                    case STRING:
                        return text;
                    case BOOLEAN:
                        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                            return Boolean.parseBoolean(text);
                        }
                        throw new IllegalArgumentException("is not a boolean (true or false)");
                    case INT32:
                        return Integer.parseInt(text.trim());
                    case INT64:
                        return Long.parseLong(text.trim());
                    case FLOAT64:
                        return Double.parseDouble(text.trim());
                    case DECIMAL:
                        return decimal(new BigDecimal(text.trim()));
                    case DATE:
                        return new java.util.Date(LocalDate.parse(text.trim()).toEpochDay() * 86_400_000L);
                    case TIMESTAMP:
                        return timestamp(text.trim());
                    default:
                        throw new IllegalStateException(type.name());
                }
            } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
                throw new IllegalArgumentException("is not a " + text() + " value");
            }
        }

        /**
         * The value of a JSON node as this type: numbers and booleans as themselves where they fit,
         * text as {@link #fromText}, JSON null (or a missing node) as null; an object or array is a
         * string of its JSON for {@code string} and a mistake otherwise.
         *
         * @throws IllegalArgumentException naming the type, never the value
         */
        Object fromJson(JsonNode node) {
            if (node == null || node.isNull() || node.isMissingNode()) {
                return null;
            }
            if (node.isTextual()) {
                return fromText(node.textValue());
            }
            switch (type) {
                case STRING:
                    return node.isValueNode() ? node.asText() : node.toString();
                case BOOLEAN:
                    if (node.isBoolean()) {
                        return node.booleanValue();
                    }
                    break;
                case INT32:
                    if (node.isIntegralNumber() && node.canConvertToInt()) {
                        return node.intValue();
                    }
                    break;
                case INT64:
                    if (node.isIntegralNumber() && node.canConvertToLong()) {
                        return node.longValue();
                    }
                    break;
                case FLOAT64:
                    if (node.isNumber()) {
                        return node.doubleValue();
                    }
                    break;
                case DECIMAL:
                    if (node.isNumber()) {
                        try {
                            return decimal(node.decimalValue());
                        } catch (ArithmeticException e) {
                            throw new IllegalArgumentException("is not a " + text() + " value");
                        }
                    }
                    break;
                case TIMESTAMP:
                    if (node.isIntegralNumber() && node.canConvertToLong()) {
                        return new java.util.Date(node.longValue());
                    }
                    break;
                default:
                    break;
            }
            throw new IllegalArgumentException("is a JSON " + node.getNodeType().name().toLowerCase(Locale.ROOT)
                    + ", not a " + text() + " value");
        }

        private BigDecimal decimal(BigDecimal d) {
            return d.setScale(scale, RoundingMode.UNNECESSARY);
        }

        private static java.util.Date timestamp(String text) {
            if (!text.isEmpty() && text.chars().allMatch(c -> c == '-' || Character.isDigit(c))
                    && text.lastIndexOf('-') <= 0) {
                return new java.util.Date(Long.parseLong(text));
            }
            try {
                return java.util.Date.from(OffsetDateTime.parse(text).toInstant());
            } catch (DateTimeParseException e) {
                return java.util.Date.from(Instant.parse(text));
            }
        }

        /** The type as a user writes it. */
        String text() {
            return type == DECIMAL ? "decimal(" + scale + ")" : type.name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Parses a type as a user writes it.
     *
     * @throws IllegalArgumentException if it is none of {@link #NAMES}
     */
    static Declared parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = DECIMAL_TYPE.matcher(t);
        if (m.matches()) {
            int scale = Integer.parseInt(m.group(1));
            return new Declared(DECIMAL, scale, Decimal.builder(scale).optional().build());
        }
        for (ColumnType c : values()) {
            if (c != DECIMAL && c.name().toLowerCase(Locale.ROOT).equals(t)) {
                return new Declared(c, 0, c.schema);
            }
        }
        throw new IllegalArgumentException("'" + text.trim() + "' is not a type: " + NAMES);
    }

    /** The declared type of undeclared columns. */
    static Declared string() {
        return new Declared(STRING, 0, STRING.schema);
    }
}
