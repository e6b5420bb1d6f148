package io.cdckit.core.row;

import io.cdckit.core.path.FieldPath;
import io.cdckit.core.path.FieldPath.Segment;
import io.cdckit.core.path.FieldPathException;
import io.cdckit.core.path.Strictness;
import io.cdckit.core.row.MapTree.KeyNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link RowPlan}'s schemaless form: its operations on nested {@code Map}s with string keys and
 * {@code List}s (JSON without schemas), compiled once into a tree of segments and applied to many
 * rows without mutating them.
 *
 * <p>Pattern segments are matched against the keys of each row's maps; {@code [*]} addresses every
 * element of a {@code List} and every value of a {@code Map}. The schemas of operations are
 * ignored: a replace function gets only the value.
 *
 * <h2>Rows</h2>
 * <p>{@link #apply} is copy-on-write: a map or list is copied only if something in it actually
 * changes (a removed, renamed or added key, or a value that is not the same object as before), so a
 * row nothing applies to is returned as is, and every untouched map, list and value is shared with
 * the input. Copied maps are {@code LinkedHashMap}s in the input's key order (a renamed key keeps
 * its position, added keys come last); copied lists are {@code ArrayList}s. A null value at a
 * position is passed to a replace function; a null parent has nothing under it and is skipped. An
 * added key whose parent maps are missing creates them; one whose parent is null or not a map
 * fails the row if its value is not null (it would be lost). A key added at or below a name the
 * plan removes or does not keep, or at a name it renames away, is a new one (in a new map), after
 * the others; one below a name renamed away goes into the renamed map.
 *
 * <h2>Strictness</h2>
 * <p>In the literal prefix of a STRICT path (before its first pattern segment), a missing key, a
 * name applied to a value that is not a map, or {@code [*]} applied to a value that is neither a
 * list nor a map throws a {@link FieldPathException}; LENIENT paths skip them, and after a pattern
 * they are always skipped. Renaming a key onto a key the map already has (and that is not itself
 * removed or renamed), and adding a key the map already has without overwriting, always throw.
 * A partial image (Maxwell's {@code old}) requires no key and gets only the additions whose values
 * come from the row ({@link RowPlan.Builder#addFromRow}), where the row has them.
 *
 * <h2>Conflicts</h2>
 * <p>Since keys are only known per row, building rejects operations that <em>could</em> meet on the
 * same key: two operations on paths that may match the same position (e.g. {@code *.email} and
 * {@code after.email}); a REPLACE with any operation that may lie inside it; a REMOVE with an
 * operation inside the same path ({@code a} and {@code a.b}; next to a pattern reaching inside,
 * such as {@code email} and {@code *.zip}, the key simply goes first, and additions inside a
 * removed key make a new one); an addition inside another; and a position addressed both as a
 * collection ({@code a[*]...}) and as a map ({@code a.b}).
 *
 * <p>The tree of positions, its building and its checks are {@link MapTree}; applying it to one
 * row is {@link MapRun}; this class collects the operations.
 */
final class MapForm {

    private final KeyNode root;
    private final boolean needsContext;
    /** The last step, or null. */
    private final RowFlatten flatten;

    private MapForm(KeyNode root, boolean needsContext, RowFlatten flatten) {
        this.root = root;
        this.needsContext = needsContext;
        this.flatten = flatten;
    }

    static Builder builder() {
        return new Builder();
    }

    /** @return true if there are no operations, so {@link #apply} returns its input */
    boolean isIdentity() {
        return root == null && flatten == null;
    }

    boolean needsContext() {
        return needsContext;
    }

    /**
     * Rewrites one row.
     *
     * @param input   the row; may be null
     * @param context what additions read; may be null if {@link #needsContext()} is false
     * @param partial whether the row is a partial image (Maxwell's {@code old}): no key is required
     *                and only additions from the row are made
     * @return the rewritten row, or the input itself if nothing changed
     */
    Map<String, Object> apply(Map<String, Object> input, RowContext context, boolean partial) {
        if (input == null) {
            return null;
        }
        Map<String, Object> out = root == null ? input : MapRun.apply(root, input, context, partial);
        return flatten == null ? out : flatten.apply(out);
    }

    /** Collects operations. Not thread-safe. */
    static final class Builder {
        private final List<FieldPath> paths = new ArrayList<>();
        private final List<Strictness> strictness = new ArrayList<>();
        private final List<FieldOperation> operations = new ArrayList<>();
        private final List<Addition> additions = new ArrayList<>();
        private List<FieldPath> kept = List.of();
        private RowFlatten flatten;

        private Builder() {
        }

        /** Flattens the rewritten row as the last step; null for none. */
        Builder flatten(RowFlatten flatten) {
            this.flatten = flatten;
            return this;
        }

        /** Removes every key no path of {@code paths} keeps; see {@link RowPlan.Builder#keepOnly}. */
        Builder keepOnly(List<FieldPath> paths) {
            this.kept = List.copyOf(paths);
            return this;
        }

        Builder add(FieldPath path, FieldOperation operation) {
            return add(path, Strictness.STRICT, operation);
        }

        Builder add(FieldPath path, Strictness strict, FieldOperation operation) {
            Objects.requireNonNull(path, "path");
            if (operation == null || operation.keeps()) {
                return this;
            }
            List<Segment> segments = path.segments();
            if (segments.get(segments.size() - 1).elements() > 0 && (operation.removes() || operation.renames())) {
                throw new FieldPathException("Cannot " + operation + " '" + path
                    + "': it addresses the elements of a list or the values of a map, which can only be replaced");
            }
            paths.add(path);
            strictness.add(Objects.requireNonNull(strict, "strictness"));
            operations.add(operation);
            return this;
        }

        /** Adds a key at a literal path; its schema is not used. */
        Builder addField(Addition addition) {
            additions.add(addition);
            return this;
        }

        MapForm build() {
            if (paths.isEmpty() && additions.isEmpty() && kept.isEmpty()) {
                return new MapForm(null, false, flatten);
            }
            boolean context = false;
            for (Addition a : additions) {
                context |= !a.source.isConstant();
            }
            return new MapForm(MapTree.build(paths, strictness, operations, additions, kept), context, flatten);
        }
    }
}
