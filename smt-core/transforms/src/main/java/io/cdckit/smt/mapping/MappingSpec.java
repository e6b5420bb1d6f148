package io.cdckit.smt.mapping;

import io.cdckit.core.path.FieldPath;
import io.cdckit.core.path.PathMapping;

import java.util.List;

/**
 * A FieldMapper configuration, parsed: the steps in the order they run, each naming fields as the
 * steps before it left them. {@code keep}, {@code drop} and {@code rename} name input fields;
 * {@code move} names fields by their names after {@code rename}, {@code copy} after {@code move},
 * {@code cast} after {@code copy}; {@code insert} adds fields, {@code flatten} flattens the result.
 *
 * @param keep     fields and patterns kept (empty: all)
 * @param drop     fields and patterns removed
 * @param renames  literal paths and their new names
 * @param moves    fields moved to another path
 * @param copies   fields copied to another path
 * @param casts    literal paths (after the steps before) and their target types
 * @param inserts  fields added, and where their values come from
 * @param flatten  the delimiter of the flatten step, or null if there is none
 * @param onError  what a value that cannot be cast does
 * @param missing  what an entry naming a field a row lacks does
 */
record MappingSpec(List<FieldPath> keep, List<FieldPath> drop, List<Rename> renames, List<Relocation> moves,
                   List<Relocation> copies, List<CastEntry> casts, List<Insert> inserts, String flatten,
                   CastOnError onError, MissingFields missing) {

    /** One {@code rename} entry. */
    record Rename(FieldPath path, String newName, String entry) {
        static Rename of(PathMapping m) {
            return new Rename(m.path(), m.target(), m.entry());
        }
    }

    /** One {@code move} or {@code copy} entry. */
    record Relocation(FieldPath from, FieldPath to, boolean copy, String entry) {
        static Relocation of(PathMapping m, boolean copy) {
            return new Relocation(m.path(), FieldPath.parse(m.target()), copy, m.entry());
        }

        String verb() {
            return copy ? "copied" : "moved";
        }
    }

    /** One {@code cast} entry. */
    record CastEntry(FieldPath path, CastType type, String entry) {
        static CastEntry of(PathMapping m) {
            return new CastEntry(m.path(), CastType.parse(m.target()), m.entry());
        }
    }

    /** One {@code insert} entry. */
    record Insert(FieldPath path, InsertSource source, String entry) {
        /** @param cacheSize how many key or value schemas a {@code $key.} or {@code $value.} source resolves its path for */
        static Insert of(PathMapping m, int cacheSize) {
            return new Insert(m.path(), InsertSource.parse(m.target(), cacheSize), m.entry());
        }
    }

    boolean isEmpty() {
        return keep.isEmpty() && drop.isEmpty() && renames.isEmpty() && moves.isEmpty() && copies.isEmpty()
                && casts.isEmpty() && inserts.isEmpty() && flatten == null;
    }
}
