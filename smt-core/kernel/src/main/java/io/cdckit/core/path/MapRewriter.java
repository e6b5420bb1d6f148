package io.cdckit.core.path;

import io.cdckit.core.path.FieldPath.Segment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Operations on fields of schemaless values (nested {@code Map}s with string keys and
 * {@code List}s, e.g. JSON without schemas), compiled once into a tree of segments and applied to
 * many records without mutating them.
 *
 * <p>Pattern segments are matched against the keys of each record's maps; {@code [*]} addresses
 * every element of a {@code List} and every value of a {@code Map}. The schema of a
 * {@link FieldOperation} is ignored: a replace function gets only the value.
 *
 * <h2>Records</h2>
 * <p>{@link #apply(Map)} is copy-on-write: a map or list is copied only if something in it actually
 * changes (a removed or renamed key, or a value that is not the same object as before), so a record
 * nothing applies to is returned as is, and every untouched map, list and value is shared with the
 * input. The input is never mutated. Copied maps are {@code LinkedHashMap}s in the input's key order
 * (a renamed key keeps its position); copied lists are {@code ArrayList}s. A null value at a
 * position is passed to a replace function; a null parent has nothing under it and is skipped.
 *
 * <h2>Strictness</h2>
 * <p>In the literal prefix of a path (before its first pattern segment), a missing key, a name
 * applied to a value that is not a map, or {@code [*]} applied to a value that is neither a list nor
 * a map throws a {@link FieldPathException} with {@link Strictness#STRICT} and is skipped with
 * {@link Strictness#LENIENT}. After a pattern, such branches are always skipped. Renaming a key onto
 * a key the map already has (and that is not itself removed or renamed) always throws.
 *
 * <h2>Conflicts</h2>
 * <p>Since keys are only known per record, {@link Builder#build()} rejects operations that
 * <em>could</em> meet on the same key: two operations on paths that may match the same position
 * (e.g. {@code *.email} and {@code after.email}, or {@code *_at} and {@code created_*}); a REMOVE or
 * REPLACE with any operation that may lie inside it; and a position addressed both as a collection
 * ({@code a[*]...}) and as a map ({@code a.b}), which would be ambiguous for map values.
 *
 * <p>Instances are immutable and thread-safe if the replace functions are.
 */
public final class MapRewriter {

    private final KeyNode root;

    private MapRewriter(KeyNode root) {
        this.root = root;
    }

    /**
     * @param strictness what to do about missing keys and values of the wrong shape
     * @return a builder collecting operations
     */
    public static Builder builder(Strictness strictness) {
        return new Builder(Objects.requireNonNull(strictness, "strictness"));
    }

    /** @return true if there are no operations, so {@link #apply(Map)} returns its input */
    public boolean isIdentity() {
        return root == null;
    }

    /**
     * Rewrites one record.
     *
     * @param input the record value; may be null
     * @return the rewritten value, or the input itself if nothing changed
     * @throws FieldPathException with {@link Strictness#STRICT}, if a path does not fit the value;
     *                            always, if a rename meets an existing key
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> apply(Map<String, Object> input) {
        if (root == null || input == null) {
            return input;
        }
        return (Map<String, Object>) applyKeys(root, input);
    }

    /** Collects operations for a {@link MapRewriter}. Not thread-safe; may build several rewriters. */
    public static final class Builder {
        private final Strictness strictness;
        private final List<FieldPath> paths = new ArrayList<>();
        private final List<FieldOperation> operations = new ArrayList<>();

        private Builder(Strictness strictness) {
            this.strictness = strictness;
        }

        /**
         * Adds an operation.
         *
         * @param path      the path; may have patterns and {@code [*]}
         * @param operation what to do
         * @return this builder
         * @throws FieldPathException if the path ends in {@code [*]} and the operation is not a replace
         */
        public Builder add(FieldPath path, FieldOperation operation) {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(operation, "operation");
            List<Segment> segments = path.segments();
            if (segments.get(segments.size() - 1).elements() > 0 && (operation.removes() || operation.renames())) {
                throw new FieldPathException("Cannot " + operation + " '" + path
                    + "': it addresses the elements of a list or the values of a map, which can only be replaced");
            }
            paths.add(path);
            operations.add(operation);
            return this;
        }

        /**
         * Checks the operations for conflicts and compiles them.
         *
         * @return the rewriter
         * @throws FieldPathException if operations may conflict
         */
        public MapRewriter build() {
            if (paths.isEmpty()) {
                return new MapRewriter(null);
            }
            KeyNode root = new KeyNode(strictness == Strictness.STRICT, "");
            for (int i = 0; i < paths.size(); i++) {
                insert(root, paths.get(i), operations.get(i));
            }
            validateKeys(root);
            root.freeze();
            return new MapRewriter(root);
        }

        private static void insert(KeyNode root, FieldPath path, FieldOperation operation) {
            KeyNode keys = root;
            ValueNode node = null;
            for (Segment segment : path.segments()) {
                if (node != null) {
                    if (node.fields == null) {
                        node.fields = new KeyNode(node.strict, node.path);
                    }
                    keys = node.fields;
                }
                node = keys.child(segment);
                for (int e = 0; e < segment.elements(); e++) {
                    if (node.elements == null) {
                        node.elements = new ValueNode(null, node.path + "[*]", node.strict);
                    }
                    node = node.elements;
                }
            }
            if (node.operation != null) {
                throw conflict(node, operation, path.toString());
            }
            node.operation = operation;
            node.source = path.toString();
        }
    }

    // ------------------------------------------------------------------------------------------
    // The tree: KeyNodes are map positions, ValueNodes are value positions.

    private static final class KeyNode {
        /** STRICT and in a literal prefix: literal keys must be present. */
        final boolean strict;
        /** The text of this map's position, "" for the root; for messages. */
        final String path;
        final Map<String, ValueNode> literals = new HashMap<>();
        final List<ValueNode> patternList = new ArrayList<>();
        ValueNode[] patterns;
        String[] literalKeys;

        KeyNode(boolean strict, String path) {
            this.strict = strict;
            this.path = path;
        }

        ValueNode child(Segment segment) {
            if (!segment.isPattern()) {
                return literals.computeIfAbsent(segment.name(),
                    name -> new ValueNode(new Segment(name, false, 0), childPath(segment), strict));
            }
            for (ValueNode node : patternList) {
                if (node.segment.name().equals(segment.name())) {
                    return node;
                }
            }
            ValueNode node = new ValueNode(new Segment(segment.name(), true, 0), childPath(segment), false);
            patternList.add(node);
            return node;
        }

        private String childPath(Segment segment) {
            String name = new Segment(segment.name(), segment.isPattern(), 0).toString();
            return path.isEmpty() ? name : path + "." + name;
        }

        List<ValueNode> children() {
            List<ValueNode> all = new ArrayList<>(literals.values());
            all.addAll(patternList);
            return all;
        }

        void freeze() {
            patterns = patternList.toArray(new ValueNode[0]);
            literalKeys = literals.keySet().toArray(new String[0]);
            for (ValueNode node : children()) {
                node.freeze();
            }
        }
    }

    private static final class ValueNode {
        /** The segment a key must match, without [*]; null for element positions. */
        final Segment segment;
        final String path;
        /** STRICT and in a literal prefix. */
        final boolean strict;
        FieldOperation operation;
        String source;
        ValueNode elements;
        KeyNode fields;

        ValueNode(Segment segment, String path, boolean strict) {
            this.segment = segment;
            this.path = path;
            this.strict = strict;
        }

        boolean hasInside() {
            return elements != null || fields != null;
        }

        /** @return true if this node's operation removes the key or moves it away */
        boolean vacates(String key) {
            return operation != null && (operation.removes() || operation.renames() && !operation.newName().equals(key));
        }

        void freeze() {
            if (elements != null) {
                elements.freeze();
            }
            if (fields != null) {
                fields.freeze();
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Build-time validation

    private static void validateKeys(KeyNode keys) {
        List<ValueNode> children = keys.children();
        for (int i = 0; i < children.size(); i++) {
            for (int j = i + 1; j < children.size(); j++) {
                if (children.get(i).segment.overlaps(children.get(j).segment)) {
                    checkMerge(children.get(i), children.get(j));
                }
            }
            validateValue(children.get(i));
        }
    }

    private static void validateValue(ValueNode node) {
        checkOverrides(node, node);
        checkShape(node, node);
        if (node.elements != null) {
            validateValue(node.elements);
        }
        if (node.fields != null) {
            validateKeys(node.fields);
        }
    }

    /** Checks two nodes that may address the same value in some record. */
    private static void checkMerge(ValueNode a, ValueNode b) {
        if (a.operation != null && b.operation != null) {
            throw conflict(a, b.operation, b.source);
        }
        checkOverrides(a, b);
        checkOverrides(b, a);
        checkShape(a, b);
        checkShape(b, a);
        if (a.elements != null && b.elements != null) {
            checkMerge(a.elements, b.elements);
        }
        if (a.fields != null && b.fields != null) {
            for (ValueNode ca : a.fields.children()) {
                for (ValueNode cb : b.fields.children()) {
                    if (ca.segment.overlaps(cb.segment)) {
                        checkMerge(ca, cb);
                    }
                }
            }
        }
    }

    private static void checkOverrides(ValueNode outer, ValueNode inner) {
        FieldOperation op = outer.operation;
        if (op != null && (op.removes() || op.replaces()) && inner.hasInside()) {
            throw new FieldPathException("Conflicting operations: " + op + " of '" + outer.source
                + "' overrides the operation on '" + firstSource(inner.elements, inner.fields) + "' inside it");
        }
    }

    private static void checkShape(ValueNode a, ValueNode b) {
        if (a.elements != null && b.fields != null) {
            throw new FieldPathException("Paths '" + firstSource(a.elements, null) + "' and '"
                + firstSource(null, b.fields) + "' address the same value both with [*] and by key; "
                + "this is ambiguous for map values and not supported");
        }
    }

    private static String firstSource(ValueNode node, KeyNode keys) {
        if (node != null) {
            if (node.source != null) {
                return node.source;
            }
            return firstSource(node.elements, node.fields);
        }
        if (keys != null) {
            for (ValueNode child : keys.children()) {
                String source = firstSource(child, null);
                if (source != null) {
                    return source;
                }
            }
        }
        return null;
    }

    private static FieldPathException conflict(ValueNode node, FieldOperation other, String otherSource) {
        return new FieldPathException("Conflicting operations on '" + node.path + "': " + node.operation
            + " (from '" + node.source + "') and " + other + " (from '" + otherSource + "') may apply to the same key");
    }

    // ------------------------------------------------------------------------------------------
    // Apply

    private static Object applyKeys(KeyNode node, Map<?, ?> in) {
        if (node.strict) {
            for (String key : node.literalKeys) {
                if (FieldPath.lookup(in, key) == FieldPath.MISSING) {
                    throw new FieldPathException("Cannot rewrite '" + node.literals.get(key).path + "': "
                        + (node.path.isEmpty() ? "the root map" : "the map at '" + node.path + "'")
                        + " has no key '" + key + "'");
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
            if (key instanceof String) {
                String name = (String) key;
                ValueNode literal = hasLiterals ? node.literals.get(name) : null;
                for (int m = -1; m < patterns.length; m++) {
                    ValueNode match = m < 0 ? literal : patterns[m];
                    if (match == null || m >= 0 && !match.segment.matches(name)) {
                        continue;
                    }
                    FieldOperation op = match.operation;
                    if (op != null) {
                        if (op.removes()) {
                            removed = true;
                            break;
                        }
                        if (op.replaces()) {
                            newValue = op.function().apply(newValue);
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
        return out == null ? in : out;
    }

    private static void checkRename(KeyNode node, Map<?, ?> in, Map<Object, Object> out, String key, String newKey) {
        boolean taken = out.containsKey(newKey);
        if (!taken && FieldPath.lookup(in, newKey) != FieldPath.MISSING) {
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
                + (node.path.isEmpty() ? "the root map" : "the map at '" + node.path + "'")
                + ": the map already has a key '" + newKey + "'");
        }
    }

    /** Applies what lies inside a value position: its elements or its keys. */
    private static Object descend(ValueNode node, Object value) {
        if (value == null) {
            return null;
        }
        if (node.elements != null) {
            if (value instanceof List) {
                return applyList(node.elements, (List<?>) value);
            }
            if (value instanceof Map) {
                return applyValues(node.elements, (Map<?, ?>) value);
            }
            if (node.strict) {
                throw new FieldPathException("Cannot rewrite '" + node.path + "[*]': '" + node.path + "' is a "
                    + value.getClass().getName() + "; [*] applies only to a list or a map");
            }
        } else if (node.fields != null) {
            if (value instanceof Map) {
                return applyKeys(node.fields, (Map<?, ?>) value);
            }
            if (node.strict) {
                throw new FieldPathException("Cannot rewrite inside '" + node.path + "': it is a "
                    + value.getClass().getName() + ", not a map");
            }
        }
        return value;
    }

    /** Applies an element position (whose only possible operation is a replace) to one element. */
    private static Object applyElement(ValueNode element, Object value) {
        FieldOperation op = element.operation;
        return op != null ? op.function().apply(value) : descend(element, value);
    }

    private static Object applyList(ValueNode element, List<?> in) {
        List<Object> out = null;
        int index = 0;
        for (Object value : in) {
            Object newValue = applyElement(element, value);
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

    private static Object applyValues(ValueNode element, Map<?, ?> in) {
        Map<Object, Object> out = null;
        int index = 0;
        for (Map.Entry<?, ?> entry : in.entrySet()) {
            Object value = entry.getValue();
            Object newValue = applyElement(element, value);
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

    /** A new map holding the first {@code count} entries of {@code in}, in order, with room for the rest. */
    private static Map<Object, Object> copyHead(Map<?, ?> in, int count) {
        Map<Object, Object> out = new LinkedHashMap<>(StructRewriter.capacity(in.size()));
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
