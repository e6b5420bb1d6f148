package io.cdckit.converters.avro;

/**
 * Avro name sanitization used by {@link AvroData}.
 *
 * <p>A valid Avro name component matches {@code [A-Za-z_][A-Za-z0-9_]*}. A component that is
 * already valid is kept unchanged. Any other component is escaped: a leading digit gets a
 * {@code _} prefix, an empty component becomes {@code _}, and every character outside
 * {@code [A-Za-z0-9_]} becomes {@code _u} followed by its four-digit hexadecimal UTF-16 code unit
 * (so {@code a-b} becomes {@code a_u002db} and {@code 1col} becomes {@code _1col}). The escaped form is
 * deterministic but not guaranteed injective against arbitrary valid names, so {@link AvroData}
 * always keeps the original in a property ({@code connect.name} or {@code connect.field.name})
 * and resolves collisions with numeric suffixes.
 */
final class AvroNames {

    private AvroNames() {
    }

    /** Whether {@code s} is a valid Avro simple name (one component, no dots). */
    static boolean isValidComponent(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        char c0 = s.charAt(0);
        if (!(isLetter(c0) || c0 == '_')) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(isLetter(c) || isDigit(c) || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code s} is a valid Avro full name (dot separated valid components). */
    static boolean isValidFullName(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (String part : s.split("\\.", -1)) {
            if (!isValidComponent(part)) {
                return false;
            }
        }
        return true;
    }

    /** A valid Avro simple name for {@code s}: {@code s} itself when valid, else its escaped form. */
    static String escapeComponent(String s) {
        if (isValidComponent(s)) {
            return s;
        }
        if (s == null || s.isEmpty()) {
            return "_";
        }
        StringBuilder b = new StringBuilder(s.length() + 8);
        if (isDigit(s.charAt(0))) {
            b.append('_');
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isLetter(c) || isDigit(c) || c == '_') {
                b.append(c);
            } else {
                b.append("_u").append(String.format("%04x", (int) c));
            }
        }
        return b.toString();
    }

    /** A valid Avro full name for {@code s}: every dot separated component escaped. */
    static String escapeFullName(String s) {
        if (isValidFullName(s)) {
            return s;
        }
        String[] parts = s.split("\\.", -1);
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                b.append('.');
            }
            b.append(escapeComponent(parts[i]));
        }
        return b.toString();
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
