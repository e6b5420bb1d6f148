package io.cdckit.smt.mapping;

import io.cdckit.core.path.FieldPath;
import io.cdckit.core.path.PathMapping;

import java.util.List;

/**
 * A FieldMapper configuration, parsed: the steps in the order they run, each naming fields as the
 * steps before it left them. {@code drop} and {@code rename} name input fields; {@code cast} names
 * fields by their names after {@code rename}.
 *
 * @param drop      fields and patterns removed
 * @param renames   literal paths and their new names
 * @param casts     literal paths (after renames) and their target types
 * @param onError   what a value that cannot be cast does
 * @param missing   what an entry naming a field a row lacks does
 */
record MappingSpec(List<FieldPath> drop, List<Rename> renames, List<CastEntry> casts, CastOnError onError,
                   MissingFields missing) {

    /** One {@code rename} entry. */
    record Rename(FieldPath path, String newName, String entry) {
        static Rename of(PathMapping m) {
            return new Rename(m.path(), m.target(), m.entry());
        }
    }

    /** One {@code cast} entry. */
    record CastEntry(FieldPath path, CastType type, String entry) {
        static CastEntry of(PathMapping m) {
            return new CastEntry(m.path(), CastType.parse(m.target()), m.entry());
        }
    }

    boolean isEmpty() {
        return drop.isEmpty() && renames.isEmpty() && casts.isEmpty();
    }
}
