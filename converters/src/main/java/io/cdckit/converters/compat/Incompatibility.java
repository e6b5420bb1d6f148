package io.cdckit.converters.compat;

import java.util.Objects;

/**
 * One reason why a candidate schema is not compatible with one earlier version.
 *
 * @param version   the version of the subject the candidate conflicts with
 * @param direction which schema was reading: {@link Direction#NEW_READS_OLD} (backward check) or
 *                  {@link Direction#OLD_READS_NEW} (forward check)
 * @param path      dotted field path, e.g. {@code after.email}; array elements appear as {@code [*]},
 *                  map values as {@code {*}}; {@code <root>} for the top-level schema itself
 * @param kind      what is wrong
 * @param oldType   short form of the type in the old version, e.g. {@code long} or {@code ["null","string"]};
 *                  {@code absent} when the old version has no such field
 * @param newType   short form of the type in the candidate; {@code absent} when the candidate has no such field
 * @param detail    extra words (missing symbols, the union branch that cannot be read...), or null
 * @param location  Avro's JSON pointer into the reader schema, e.g. {@code /fields/3/type/fields/1/type}
 *                  (for differences found inside a union branch, the pointer continues into the branch)
 * @param avroMessage Avro's own message
 */
public record Incompatibility(
        int version,
        Direction direction,
        String path,
        IncompatibilityKind kind,
        String oldType,
        String newType,
        String detail,
        String location,
        String avroMessage) {

    public Incompatibility {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(oldType, "oldType");
        Objects.requireNonNull(newType, "newType");
    }

    /**
     * One line describing this incompatibility, without the version, e.g.
     * {@code after.amount: type mismatch, old long, new int}.
     */
    public String describe() {
        StringBuilder sb = new StringBuilder(path).append(": ");
        if (kind == IncompatibilityKind.READER_FIELD_MISSING_DEFAULT && detail != null) {
            sb.append(detail).append(" (").append(kind.words()).append(')');
        } else {
            sb.append(kind.words());
            if (detail != null) {
                sb.append(" (").append(detail).append(')');
            }
        }
        sb.append(", old ").append(oldType).append(", new ").append(newType);
        return sb.toString();
    }

    @Override
    public String toString() {
        return "v" + version + " [" + direction.words() + "] " + describe();
    }
}
