package io.cdckit.smt.mapping;

import org.apache.kafka.connect.data.Schema;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The type a field is cast to, as a user writes it after the colon of a {@code cast} entry
 * ({@code amount:decimal(12,2)}): {@code int8}, {@code int16}, {@code int32}, {@code int64},
 * {@code float32}, {@code float64}, {@code boolean}, {@code string}, {@code bytes}, or
 * {@code decimal(p,s)}, a Connect {@code Decimal} of scale {@code s} holding at most {@code p}
 * digits.
 *
 * <p>Bounds of {@code decimal(p,s)}: {@code 1 <= p <= 1000} (PostgreSQL's largest declared
 * {@code numeric} precision, far beyond any other database's) and {@code 0 <= s <= p}, as SQL's
 * {@code DECIMAL(p,s)}; a negative scale is not offered. Parsing ignores case and blanks around the
 * text and around the numbers ({@code DECIMAL( 12 , 2 )}); {@link #toString()} gives the canonical
 * text back ({@code decimal(12,2)}). Instances are immutable and compare by value.
 */
public final class CastType {

    /** The kind of target, one per config word. */
    public enum Kind {
        INT8(Schema.Type.INT8), INT16(Schema.Type.INT16), INT32(Schema.Type.INT32), INT64(Schema.Type.INT64),
        FLOAT32(Schema.Type.FLOAT32), FLOAT64(Schema.Type.FLOAT64), BOOLEAN(Schema.Type.BOOLEAN),
        STRING(Schema.Type.STRING), BYTES(Schema.Type.BYTES), DECIMAL(Schema.Type.BYTES);

        private final Schema.Type schemaType;

        Kind(Schema.Type schemaType) {
            this.schemaType = schemaType;
        }

        /** The Connect type of the cast's values ({@code BYTES} for {@code DECIMAL}, as Connect's {@code Decimal}). */
        public Schema.Type schemaType() {
            return schemaType;
        }

        String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The largest precision of {@code decimal(p,s)}. */
    public static final int MAX_PRECISION = 1000;

    /** The valid texts, for messages and config documentation. */
    public static final String VALID_TYPES = "int8, int16, int32, int64, float32, float64, boolean, string, bytes, "
            + "decimal(p,s) with 1 <= p <= " + MAX_PRECISION + " and 0 <= s <= p";

    public static final CastType INT8 = new CastType(Kind.INT8, 0, 0);
    public static final CastType INT16 = new CastType(Kind.INT16, 0, 0);
    public static final CastType INT32 = new CastType(Kind.INT32, 0, 0);
    public static final CastType INT64 = new CastType(Kind.INT64, 0, 0);
    public static final CastType FLOAT32 = new CastType(Kind.FLOAT32, 0, 0);
    public static final CastType FLOAT64 = new CastType(Kind.FLOAT64, 0, 0);
    public static final CastType BOOLEAN = new CastType(Kind.BOOLEAN, 0, 0);
    public static final CastType STRING = new CastType(Kind.STRING, 0, 0);
    public static final CastType BYTES = new CastType(Kind.BYTES, 0, 0);

    private static final CastType[] SIMPLE = {INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING, BYTES};
    private static final Pattern DECIMAL = Pattern.compile("decimal\\s*\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)");

    private final Kind kind;
    private final int precision;
    private final int scale;
    /** Converters of schemaless values, by {@link Source} ordinal, made on first use (stateless, so a race is harmless). */
    private final Converter[] schemaless = new Converter[Source.values().length];

    private CastType(Kind kind, int precision, int scale) {
        this.kind = kind;
        this.precision = precision;
        this.scale = scale;
    }

    /**
     * Parses a target type.
     *
     * @param text e.g. {@code int64}, {@code string}, {@code decimal(12,2)}
     * @throws IllegalArgumentException naming the text and listing the valid types
     */
    public static CastType parse(String text) {
        if (text == null) {
            throw invalid(null, "no type given");
        }
        String t = text.strip().toLowerCase(Locale.ROOT);
        for (CastType type : SIMPLE) {
            if (type.kind.text().equals(t)) {
                return type;
            }
        }
        Matcher m = DECIMAL.matcher(t);
        if (!m.matches()) {
            throw invalid(text, "unknown type");
        }
        int p = bounded(m.group(1));
        int s = bounded(m.group(2));
        if (p < 1 || p > MAX_PRECISION || s > p) {
            throw invalid(text, "precision or scale out of bounds");
        }
        return new CastType(Kind.DECIMAL, p, s);
    }

    /**
     * A {@code decimal(p,s)} target.
     *
     * @throws IllegalArgumentException if not {@code 1 <= precision <= 1000} and {@code 0 <= scale <= precision}
     */
    public static CastType decimal(int precision, int scale) {
        if (precision < 1 || precision > MAX_PRECISION || scale < 0 || scale > precision) {
            throw invalid("decimal(" + precision + "," + scale + ")", "precision or scale out of bounds");
        }
        return new CastType(Kind.DECIMAL, precision, scale);
    }

    /** The number, or -1 (out of bounds) for one too long for an int. */
    private static int bounded(String digits) {
        return digits.length() > 6 ? -1 : Integer.parseInt(digits);
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException("Invalid cast type " + (text == null ? "null" : "'" + text + "'")
                + " (" + why + "); valid types are " + VALID_TYPES);
    }

    /** @return the kind of target */
    public Kind kind() {
        return kind;
    }

    /** @return the Connect type of the cast's values ({@code BYTES} for a decimal) */
    public Schema.Type schemaType() {
        return kind.schemaType;
    }

    /** @return the precision {@code p} of {@code decimal(p,s)}; 0 for other kinds */
    public int precision() {
        return precision;
    }

    /** @return the scale {@code s} of {@code decimal(p,s)}; 0 for other kinds */
    public int scale() {
        return scale;
    }

    /** @return true for the integer kinds {@code int8} to {@code int64} */
    public boolean isInteger() {
        return kind == Kind.INT8 || kind == Kind.INT16 || kind == Kind.INT32 || kind == Kind.INT64;
    }

    Converter schemalessConverter(Source source) {
        Converter c = schemaless[source.ordinal()];
        if (c == null) {
            c = Source.converter(source, this);
            if (c == null) {
                c = Converter.UNSUPPORTED;
            }
            schemaless[source.ordinal()] = c;
        }
        return c == Converter.UNSUPPORTED ? null : c;
    }

    /** @return the config text: {@code int32}, {@code decimal(12,2)} */
    @Override
    public String toString() {
        return kind == Kind.DECIMAL ? "decimal(" + precision + "," + scale + ")" : kind.text();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CastType && ((CastType) o).kind == kind && ((CastType) o).precision == precision
                && ((CastType) o).scale == scale;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, precision, scale);
    }
}
