package io.cdckit.core.row;

import io.cdckit.core.path.FieldPath;
import io.cdckit.core.path.FieldPath.Segment;
import io.cdckit.core.path.FieldPathException;
import io.cdckit.core.path.MapPaths;
import io.cdckit.core.path.Strictness;
import io.cdckit.core.row.MapTree.KeyNode;
import io.cdckit.core.row.MapTree.ValueNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * <p>The tree of positions, its building and its checks are {@link MapTree}; this class collects
 * the operations and applies the tree to rows.
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
    @SuppressWarnings("unchecked")
    Map<String, Object> apply(Map<String, Object> input, RowContext context, boolean partial) {
        if (input == null) {
            return null;
        }
        Map<String, Object> out = root == null ? input
                : (Map<String, Object>) new Run(context, !partial, partial ? Adds.FROM_ROW : Adds.ALL).keys(root, input);
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

    // ------------------------------------------------------------------------------------------
    // Apply: one Run per row.

    /** Which additions a run makes: all; in a partial image only those from the row; none. */
    private enum Adds { ALL, FROM_ROW, NONE }

    private static final class Run {
        private final RowContext context;
        /** Whether the keys of STRICT paths must be there (not in a partial image, nor in a created map). */
        private final boolean required;
        private final Adds adds;

        Run(RowContext context, boolean required, Adds adds) {
            this.context = context;
            this.required = required;
            this.adds = adds;
        }

        private boolean makes(Addition a) {
            return adds == Adds.ALL || adds == Adds.FROM_ROW && a.fromRow;
        }

        /** The run that builds a map the row does not have: only additions. */
        private Run creating() {
            return required ? new Run(context, false, adds) : this;
        }

        Object keys(KeyNode node, Map<?, ?> in) {
            if (required) {
                for (ValueNode literal : node.required) {
                    if (MapPaths.lookup(in, literal.segment.name()) == MapPaths.MISSING) {
                        throw new FieldPathException("Cannot rewrite '" + literal.path + "': "
                            + where(node) + " has no key '" + literal.segment.name() + "'");
                    }
                }
            }
            ValueNode[] patterns = node.patterns;
            boolean hasLiterals = !node.literals.isEmpty();
            Map<Object, Object> out = null;
            int index = 0;
            for (Map.Entry<?, ?> entry : in.entrySet()) {
                Object key = entry.getKey();
                Object value = entry.getValue();
                Object newKey = key;
                Object newValue = value;
                boolean removed = false;
                if (!(key instanceof String)) {
                    removed = node.closed;
                } else {
                    String name = (String) key;
                    ValueNode literal = hasLiterals ? node.literals.get(name) : null;
                    removed = gone(node, literal, name);
                    for (int m = -1; m < patterns.length && !removed; m++) {
                        ValueNode match = m < 0 ? literal : patterns[m];
                        if (match == null || m >= 0 && !match.segment.matches(name)) {
                            continue;
                        }
                        if (match.added != null && makes(match.added) && !match.vacates(name)) {
                            if (!match.added.overwrite) {
                                throw new FieldPathException("Cannot add '" + match.path + "'" + origin(match.added)
                                        + ": " + where(node) + " already has a key '" + name + "'");
                            }
                            Object added = StructNodes.compute(match.added.source, context, match.path);
                            if (added == ValueSource.NONE) {
                                removed = true;
                                break;
                            }
                            newValue = added;
                            continue;
                        }
                        FieldOperation op = match.operation;
                        if (op != null) {
                            if (op.replaces()) {
                                newValue = StructNodes.call(op.function(), newValue, match.path);
                            }
                            if (op.renames() && !op.newName().equals(name)) {
                                newKey = op.newName();
                            }
                        }
                        newValue = descend(match, newValue);
                    }
                }
                if (out == null && (removed || newKey != key || newValue != value)) {
                    out = copyHead(in, index);
                }
                if (out != null && !removed) {
                    if (newKey != key) {
                        checkRename(node, in, out, (String) key, (String) newKey);
                    }
                    out.put(newKey, newValue);
                }
                index++;
            }
            if (adds != Adds.NONE) {
                out = addMissing(node, in, out);
            }
            return out == null ? in : out;
        }

        /** Whether the key {@code name} goes: a closed map does not keep it, or an operation removes it. */
        private boolean gone(KeyNode node, ValueNode literal, String name) {
            if (node.closed && !kept(literal, node.patterns, name)) {
                return true;
            }
            if (literal != null && literal.operation != null && literal.operation.removes()) {
                return true;
            }
            for (ValueNode p : node.patterns) {
                if (p.operation != null && p.operation.removes() && p.segment.matches(name)) {
                    return true;
                }
            }
            return false;
        }

        /** Whether a closed map keeps the key {@code name}: a kept path names it. */
        private boolean kept(ValueNode literal, ValueNode[] patterns, String name) {
            if (literal != null && literal.kept) {
                return true;
            }
            for (ValueNode p : patterns) {
                if (p.kept && p.segment.matches(name)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Puts the additions whose keys the row lacks (creating parent maps), or whose keys the plan
         * removes, does not keep or (for an addition at the key itself) renames away, after the
         * existing keys.
         */
        private Map<Object, Object> addMissing(KeyNode node, Map<?, ?> in, Map<Object, Object> out) {
            for (ValueNode literal : node.adding) {
                String key = literal.segment.name();
                boolean vacated = gone(node, literal, key) || literal.added != null && literal.vacates(key);
                if (!vacated && MapPaths.lookup(in, key) != MapPaths.MISSING) {
                    continue; // handled with the existing keys
                }
                if (literal.added != null && !makes(literal.added)) {
                    continue;
                }
                Map<?, ?> none = Map.of();
                Object value = literal.added != null
                        ? StructNodes.compute(literal.added.source, context, literal.path)
                        : creating().keys(literal.fields, none);
                if (value == ValueSource.NONE || value == none) {
                    continue; // no value, or nothing added in the map (a partial image)
                }
                if (out != null && out.containsKey(key)) {
                    throw new FieldPathException("Cannot add '" + literal.path + "'" + origin(literal.added) + ": "
                            + where(node) + " already has a key '" + key + "'");
                }
                if (out == null) {
                    out = copyHead(in, in.size());
                }
                out.put(key, value);
            }
            return out;
        }

        private void checkRename(KeyNode node, Map<?, ?> in, Map<Object, Object> out, String key, String newKey) {
            boolean taken = out.containsKey(newKey);
            if (!taken && MapPaths.lookup(in, newKey) != MapPaths.MISSING) {
                taken = true;
                ValueNode literal = node.literals.get(newKey);
                if (literal != null && literal.vacates(newKey)) {
                    taken = false;
                }
                for (ValueNode pattern : node.patterns) {
                    if (pattern.segment.matches(newKey) && pattern.vacates(newKey)) {
                        taken = false;
                    }
                }
            }
            if (taken) {
                throw new FieldPathException("Cannot rename key '" + key + "' to '" + newKey + "' in "
                    + where(node) + ": the map already has a key '" + newKey + "'");
            }
        }

        /** Applies what lies inside a value position: its elements or its keys. */
        private Object descend(ValueNode node, Object value) {
            if (node.fields != null && !(value instanceof Map) && adds != Adds.NONE && node.fields.adding.length > 0) {
                checkNothingLost(node, value);
            }
            if (value == null) {
                return null;
            }
            boolean strict = node.strict && required;
            if (node.elements != null) {
                if (value instanceof List) {
                    return list(node.elements, (List<?>) value);
                }
                if (value instanceof Map) {
                    return values(node.elements, (Map<?, ?>) value);
                }
                if (strict) {
                    throw new FieldPathException("Cannot rewrite '" + node.path + "[*]': '" + node.path + "' is a "
                        + value.getClass().getName() + "; [*] applies only to a list or a map");
                }
            } else if (node.fields != null) {
                if (value instanceof Map) {
                    return keys(node.fields, (Map<?, ?>) value);
                }
                if (strict) {
                    throw new FieldPathException("Cannot rewrite inside '" + node.path + "': it is a "
                        + value.getClass().getName() + ", not a map");
                }
            }
            return value;
        }

        /**
         * Fails if the additions inside {@code node}, whose value is null or not a map, have a value
         * that would be lost (a move inside a struct that is null has nothing to lose).
         */
        private void checkNothingLost(ValueNode node, Object value) {
            Map<?, ?> none = Map.of();
            Object added = creating().keys(node.fields, none);
            if (added != none && hasValue(added)) {
                throw new FieldPathException(node.path, "Cannot add '" + node.fields.adding[0].path + "': '" + node.path
                        + "' is " + (value == null ? "null" : "a " + value.getClass().getName() + ", not a map")
                        + " in this row, so the added value would be lost", null);
            }
        }

        /** Applies an element position (whose only possible operation is a replace) to one element. */
        private Object element(ValueNode element, Object value) {
            FieldOperation op = element.operation;
            return op != null ? StructNodes.call(op.function(), value, element.path) : descend(element, value);
        }

        private Object list(ValueNode element, List<?> in) {
            List<Object> out = null;
            int index = 0;
            for (Object value : in) {
                Object newValue = element(element, value);
                if (out == null && newValue != value) {
                    out = new ArrayList<>(in.size());
                    out.addAll(in.subList(0, index));
                }
                if (out != null) {
                    out.add(newValue);
                }
                index++;
            }
            return out == null ? in : out;
        }

        private Object values(ValueNode element, Map<?, ?> in) {
            Map<Object, Object> out = null;
            int index = 0;
            for (Map.Entry<?, ?> entry : in.entrySet()) {
                Object value = entry.getValue();
                Object newValue = element(element, value);
                if (out == null && newValue != value) {
                    out = copyHead(in, index);
                }
                if (out != null) {
                    out.put(entry.getKey(), newValue);
                }
                index++;
            }
            return out == null ? in : out;
        }
    }

    /** What an addition's source says it is, for messages: " (moved from 'a.b')", or nothing. */
    static String origin(Addition a) {
        String d = a == null ? null : a.source.description();
        return d == null ? "" : " (" + d + ")";
    }

    /** Whether a value is not null, or (a map) holds a value that is not, at any depth. */
    static boolean hasValue(Object v) {
        if (v instanceof Map) {
            for (Object e : ((Map<?, ?>) v).values()) {
                if (hasValue(e)) {
                    return true;
                }
            }
            return false;
        }
        return v != null;
    }

    private static String where(KeyNode node) {
        return node.path.isEmpty() ? "the root map" : "the map at '" + node.path + "'";
    }

    /** A new map holding the first {@code count} entries of {@code in}, in order, with room for the rest. */
    private static Map<Object, Object> copyHead(Map<?, ?> in, int count) {
        Map<Object, Object> out = new LinkedHashMap<>(StructNodes.capacity(in.size() + 1));
        int i = 0;
        for (Map.Entry<?, ?> head : in.entrySet()) {
            if (i++ == count) {
                break;
            }
            out.put(head.getKey(), head.getValue());
        }
        return out;
    }
}
