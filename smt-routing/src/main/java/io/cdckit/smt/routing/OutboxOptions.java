package io.cdckit.smt.routing;

import io.cdckit.core.config.ConfigValue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The values of {@link OutboxRouter}'s choice keys and its {@code table.fields.additional.placement}
 * entries, as Debezium's {@code EventRouter} spells them (case-insensitive). Immutable.
 */
final class OutboxOptions {

    private OutboxOptions() {
    }

    /** {@code table.op.invalid.behavior}: what an update of the outbox table does. */
    enum InvalidOperation implements ConfigValue {
        /** Dropped with a warning. */
        WARN,
        /** Dropped with an error in the log. */
        ERROR,
        /** The record fails. */
        FATAL
    }

    /** {@code table.field.additional.missing}: an additional column the row lacks. */
    enum MissingColumn implements ConfigValue {
        /** The record fails. */
        ERROR,
        /** The entry is skipped. */
        IGNORE
    }

    /** {@code table.json.payload.null.behavior}: a JSON null in an expanded payload. */
    enum JsonNulls implements ConfigValue {
        /** The field is left out of the schema. */
        IGNORE,
        /** The field is kept, an optional bytes field that is null. */
        OPTIONAL_BYTES;

        @Override
        public String configValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code table.json.payload.empty.array.behavior}: an empty JSON array in an expanded payload. */
    enum JsonEmptyArrays implements ConfigValue {
        /** The field is left out of the schema. */
        IGNORE,
        /** The field is kept, an optional array of optional strings. */
        OPTIONAL_STRING;

        @Override
        public String configValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * {@code field.name.adjustment.mode}: how the names of an expanded payload's JSON keys become
     * Connect field names, as Debezium's connectors adjust names for Avro.
     */
    enum FieldNames implements ConfigValue {
        /** Names as they are. */
        NONE,
        /**
         * A character Avro does not allow in a name becomes {@code _}: letters, digits and {@code _}
         * are kept, and a leading digit gets a {@code _} before it ({@code 1st} is {@code _1st}).
         */
        AVRO,
        /**
         * A character other than a letter (or a digit, after the first) becomes {@code _u} and its
         * UTF-16 code in hex, four digits when it has two or fewer ({@code _} is {@code _u005f},
         * {@code -} is {@code _u002d}).
         */
        AVRO_UNICODE;

        @Override
        public String configValue() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The Connect field name of a JSON key. */
        String adjust(String name) {
            if (this == NONE || name.isEmpty()) {
                return name;
            }
            StringBuilder b = null;
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                boolean letter = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
                boolean digit = c >= '0' && c <= '9';
                boolean valid = this == AVRO ? letter || c == '_' || (i > 0 && digit) : letter || (i > 0 && digit);
                if (valid) {
                    if (b != null) {
                        b.append(c);
                    }
                    continue;
                }
                if (b == null) {
                    b = new StringBuilder(name.length() + 8).append(name, 0, i);
                }
                if (this == AVRO) {
                    b.append('_');
                    if (i == 0 && digit) {
                        b.append(c);
                    }
                } else {
                    String hex = Integer.toHexString(c);
                    b.append("_u").append(hex.length() <= 2 ? "00" : "").append(hex);
                }
            }
            return b == null ? name : b.toString();
        }
    }

    /** Where an additional column goes. */
    enum Place {
        HEADER, ENVELOPE, PARTITION
    }

    /**
     * One {@code table.fields.additional.placement} entry: {@code column:placement} or
     * {@code column:placement:alias} (the alias names the header or envelope field; a partition has
     * none).
     */
    record Placement(String column, Place place, String alias) {
    }

    /** The entries of {@code table.fields.additional.placement}, checked. */
    static List<Placement> placements(List<?> entries) {
        List<Placement> out = new ArrayList<>();
        for (Object e : entries) {
            String entry = String.valueOf(e).trim();
            String[] parts = entry.split(":"); // as Debezium splits them: trailing empty parts dropped
            if (parts.length != 2 && parts.length != 3) {
                throw new IllegalArgumentException("entry '" + entry + "' must be column:placement or "
                        + "column:placement:alias");
            }
            String column = parts[0].trim();
            String place = parts[1].trim().toUpperCase(Locale.ROOT);
            String alias = parts.length == 3 ? parts[2].trim() : column;
            if (column.isEmpty() || alias.isEmpty()) {
                throw new IllegalArgumentException("entry '" + entry + "' has an empty column or alias");
            }
            Place p;
            try {
                p = Place.valueOf(place);
            } catch (IllegalArgumentException unknown) {
                throw new IllegalArgumentException("entry '" + entry + "': the placement must be header, envelope or "
                        + "partition");
            }
            out.add(new Placement(column, p, alias));
        }
        Set<String> envelope = new HashSet<>();
        envelope.add(OutboxPlan.PAYLOAD);
        for (Placement p : out) {
            if (p.place() == Place.ENVELOPE && !envelope.add(p.alias())) {
                throw new IllegalArgumentException("the envelope field '" + p.alias() + "' is named twice (the "
                        + "payload is '" + OutboxPlan.PAYLOAD + "')");
            }
        }
        return List.copyOf(out);
    }

    /** What is wrong with a {@code table.fields.additional.placement} value, or null. */
    static String placementProblem(List<?> entries) {
        try {
            placements(entries);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
