package io.cdckit.core.document;

import io.cdckit.core.config.ConfigValue;

/**
 * How document field names (and schema names) are made valid for Avro, as Debezium's
 * {@code field.name.adjustment.mode}: {@code none}, {@code avro} (every character other than a
 * letter, digit or underscore becomes {@code _}, as does a first character that is not a letter or
 * underscore) or {@code avro_unicode} (such characters become {@code _uXXXX}).
 */
public enum FieldNames implements ConfigValue {
    NONE, AVRO, AVRO_UNICODE;

    @Override
    public String configValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The field name {@code name} becomes (dots are replaced too). */
    public String field(String name) {
        return this == NONE ? name : adjust(name, false);
    }

    /** One dot-separated segment of a schema name. */
    public String schemaSegment(String segment) {
        return this == NONE ? segment : adjust(segment, false);
    }

    private String adjust(String name, boolean keepDots) {
        int n = name.length();
        int i = 0;
        for (; i < n; i++) {
            if (!valid(name.charAt(i), i == 0, keepDots, this == AVRO_UNICODE)) {
                break;
            }
        }
        if (i == n) {
            return name;
        }
        StringBuilder sb = new StringBuilder(n + 8).append(name, 0, i);
        for (; i < n; i++) {
            char c = name.charAt(i);
            if (valid(c, i == 0, keepDots, this == AVRO_UNICODE)) {
                sb.append(c);
            } else if (i == 0 && c >= '0' && c <= '9' && this == AVRO) {
                // a leading digit is kept behind an underscore
                sb.append('_').append(c);
            } else if (this == AVRO) {
                sb.append('_');
            } else {
                sb.append(String.format("_u%04x", (int) c));
            }
        }
        return sb.toString();
    }

    /** avro_unicode escapes with _, so an underscore is escaped too. */
    private static boolean valid(char c, boolean first, boolean keepDots, boolean unicode) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c == '_' && !unicode)) {
            return true;
        }
        if (c >= '0' && c <= '9') {
            return !first;
        }
        return keepDots && c == '.';
    }
}
