package io.cdckit.smt.routing;

import io.cdckit.core.path.FieldPath;
import io.cdckit.core.path.FieldPathSyntaxException;

import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of {@code ComputeField}'s {@code fields}: {@code name:type:expression}, where the name is
 * a field path, the type one of {@code int32}, {@code int64}, {@code float64}, {@code boolean},
 * {@code string}, {@code decimal(p,s)}, and the expression the rest of the entry (colons and commas
 * included). Entries are separated by commas outside brackets, parentheses, braces and quotes, so
 * {@code a:int32:Math.max(x, y), b:string:[p, q].join('-')} is two entries.
 */
record ComputedField(FieldPath path, String name, Type type, String expression) {

    private static final Pattern DECIMAL = Pattern.compile("decimal\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)");

    /** The declared type: the field's schema and the conversion of an expression's result to it. */
    record Type(String text, Schema schema, int precision, int scale) {

        static Type parse(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            switch (t) {
                case "int32":
                    return new Type(t, Schema.OPTIONAL_INT32_SCHEMA, 0, 0);
                case "int64":
                    return new Type(t, Schema.OPTIONAL_INT64_SCHEMA, 0, 0);
                case "float64":
                    return new Type(t, Schema.OPTIONAL_FLOAT64_SCHEMA, 0, 0);
                case "boolean":
                    return new Type(t, Schema.OPTIONAL_BOOLEAN_SCHEMA, 0, 0);
                case "string":
                    return new Type(t, Schema.OPTIONAL_STRING_SCHEMA, 0, 0);
                default:
                    break;
            }
            Matcher m = DECIMAL.matcher(t);
            if (m.matches()) {
                int p = Integer.parseInt(m.group(1));
                int s = Integer.parseInt(m.group(2));
                if (p < 1 || p > 1000 || s > p) {
                    throw new IllegalArgumentException("'" + text.trim() + "' needs 1 <= precision <= 1000 and scale <= "
                            + "precision");
                }
                Schema schema = Decimal.builder(s).parameter("connect.decimal.precision", String.valueOf(p)).optional()
                        .build();
                return new Type("decimal(" + p + "," + s + ")", schema, p, s);
            }
            throw new IllegalArgumentException("'" + text.trim() + "' is not a type: int32, int64, float64, boolean, "
                    + "string or decimal(p,s)");
        }

        /**
         * An expression's result as a value of this type (null stays null).
         *
         * @throws IllegalArgumentException naming the result's type, never its value
         */
        Object convert(Object result) {
            if (result == null) {
                return null;
            }
            switch (text) {
                case "boolean":
                    if (result instanceof Boolean) {
                        return result;
                    }
                    break;
                case "string":
                    if (result instanceof CharSequence || result instanceof Number || result instanceof Boolean
                            || result instanceof Character) {
                        return result.toString();
                    }
                    break;
                case "float64":
                    if (result instanceof Number n) {
                        double d = n.doubleValue();
                        if (Double.isInfinite(d) && (n instanceof BigDecimal || n instanceof BigInteger)) {
                            throw new IllegalArgumentException("the result is beyond the range of float64");
                        }
                        return d;
                    }
                    break;
                default:
                    if (result instanceof Number n) {
                        return number(n);
                    }
                    break;
            }
            throw new IllegalArgumentException("the result is a " + result.getClass().getName() + ", not " + text);
        }

        private Object number(Number n) {
            BigDecimal d = decimal(n);
            try {
                switch (text) {
                    case "int32":
                        return d.intValueExact();
                    case "int64":
                        return d.longValueExact();
                    default:
                        long before = (long) d.precision() - d.scale(); // digits before the point (negative: zeros after it)
                        if (d.signum() != 0 && before > precision - scale) {
                            throw new IllegalArgumentException("the result has more than " + (precision - scale)
                                    + " digits before the point, too many for " + text);
                        }
                        if (d.signum() == 0 || before < -scale - 1) {
                            return BigDecimal.ZERO.setScale(scale); // below half a unit of the last digit: rounds to 0
                        }
                        BigDecimal scaled = d.setScale(scale, RoundingMode.HALF_UP);
                        if (scaled.precision() > precision && scaled.signum() != 0) {
                            throw new IllegalArgumentException("the result has more than " + (precision - scale)
                                    + " digits before the point, too many for " + text);
                        }
                        return scaled;
                }
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("the result is not a whole number in the range of " + text);
            }
        }

        private BigDecimal decimal(Number n) {
            if (n instanceof BigDecimal d) {
                return d;
            }
            if (n instanceof BigInteger b) {
                return new BigDecimal(b);
            }
            if (n instanceof Double || n instanceof Float) {
                double v = n.doubleValue();
                if (Double.isNaN(v) || Double.isInfinite(v)) {
                    throw new IllegalArgumentException("the result is not a finite number, not " + text);
                }
                return BigDecimal.valueOf(v);
            }
            return BigDecimal.valueOf(n.longValue());
        }
    }

    /** @throws IllegalArgumentException naming the entry that does not parse */
    static List<ComputedField> parseList(String text) {
        List<ComputedField> out = new ArrayList<>();
        for (String entry : split(text)) {
            if (!entry.isBlank()) {
                out.add(parse(entry.trim()));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("names no field: name:type:expression,...");
        }
        List<String> names = new ArrayList<>();
        for (ComputedField f : out) {
            if (names.contains(f.name)) {
                throw new IllegalArgumentException("computes the field '" + f.name + "' twice");
            }
            names.add(f.name);
        }
        return out;
    }

    private static ComputedField parse(String entry) {
        int first = entry.indexOf(':');
        int second = first < 0 ? -1 : entry.indexOf(':', first + 1);
        if (first <= 0 || second < 0 || entry.substring(second + 1).isBlank()) {
            throw new IllegalArgumentException("has an entry that is not name:type:expression (entry " + (first <= 0
                    ? "'" + entry + "'" : "of '" + entry.substring(0, first).trim() + "'") + ")");
        }
        String name = entry.substring(0, first).trim();
        FieldPath path;
        try {
            path = FieldPath.parse(name);
        } catch (FieldPathSyntaxException e) {
            throw new IllegalArgumentException("has a name that is not a field path: '" + name + "': " + e.getMessage());
        }
        if (!path.isSingleValued()) {
            throw new IllegalArgumentException("computes '" + name + "', a pattern: a computed field needs a literal name");
        }
        Type type;
        try {
            type = Type.parse(entry.substring(first + 1, second));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("has a wrong type for '" + name + "': " + e.getMessage());
        }
        return new ComputedField(path, name, type, entry.substring(second + 1).trim());
    }

    /** Splits at commas outside brackets, parentheses, braces and quoted text. */
    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(text.substring(start, i));
                start = i + 1;
            }
        }
        out.add(text.substring(start));
        return out;
    }
}
