package io.cdckit.core.row;

import io.cdckit.core.path.FieldPath;
import io.cdckit.core.path.FieldPath.Segment;
import io.cdckit.core.path.FieldPathException;
import io.cdckit.core.path.Strictness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tree of a {@link MapForm}: {@link KeyNode}s are map positions, {@link ValueNode}s are value
 * positions (a key's value, or the elements of a list or map). Built once from a plan's paths,
 * checked for operations that could meet on one key of some row (see {@link MapForm}'s
 * "Conflicts"), then frozen into the arrays a row's run reads.
 */
final class MapTree {

    private MapTree() {
    }

    /**
     * The frozen tree of {@code paths} (with their strictness and operations) and {@code additions}.
     *
     * @throws FieldPathException if two of them could meet on one key of some row
     */
    static KeyNode build(List<FieldPath> paths, List<Strictness> strictness, List<FieldOperation> operations,
                         List<Addition> additions, List<FieldPath> kept) {
        KeyNode root = new KeyNode("");
        for (int i = 0; i < paths.size(); i++) {
            insert(root, paths.get(i), strictness.get(i) == Strictness.STRICT, operations.get(i));
        }
        for (Addition a : additions) {
            insertAddition(root, a);
        }
        for (FieldPath k : kept) {
            insertKept(root, k);
        }
        validateKeys(root);
        root.freeze();
        return root;
    }

    /**
     * Marks the maps on the way to a kept path as closed (a key no kept path names goes) and the
     * positions on it as kept; the last one is kept whole.
     */
    private static void insertKept(KeyNode root, FieldPath path) {
        ValueNode node = walk(root, path, false, true);
        node.keptWhole = true;
        if (node.source == null) {
            node.source = "keep " + path;
        }
    }

    private static void insert(KeyNode root, FieldPath path, boolean strict, FieldOperation operation) {
        ValueNode node = walk(root, path, strict);
        if (node.operation != null || node.added != null) {
            throw conflict(node, operation, path.toString());
        }
        node.operation = operation;
        node.source = path.toString();
    }

    private static void insertAddition(KeyNode root, Addition a) {
        ValueNode node = walk(root, a.path, false);
        boolean vacated = node.operation != null && node.vacates(node.segment.name()) && !node.hasInside();
        if (node.operation != null && !vacated || node.added != null || node.hasInside()) {
            throw new FieldPathException("Conflicting operations on '" + node.path + "': adding it and "
                    + (node.operation != null ? node.operation + " (from '" + node.source + "')" : "other operations"));
        }
        node.added = a;
        node.source = a.path.toString();
    }

    private static ValueNode walk(KeyNode root, FieldPath path, boolean strict) {
        return walk(root, path, strict, false);
    }

    /**
     * The value node at the end of {@code path}, creating the nodes on the way; {@code kept}: the
     * path is kept ({@code keepOnly}), so the maps on the way are closed and its positions kept.
     */
    private static ValueNode walk(KeyNode root, FieldPath path, boolean strict, boolean kept) {
        KeyNode keys = root;
        ValueNode node = null;
        boolean literal = strict;
        for (Segment segment : path.segments()) {
            if (node != null) {
                if (node.fields == null) {
                    node.fields = new KeyNode(node.path);
                }
                keys = node.fields;
            }
            literal &= !segment.isPattern();
            keys.closed |= kept;
            node = keys.child(segment, literal);
            node.kept |= kept;
            for (int e = 0; e < segment.elements(); e++) {
                if (node.elements == null) {
                    node.elements = new ValueNode(null, node.path + "[*]", literal);
                }
                node.elements.strict |= literal;
                node = node.elements;
                node.kept |= kept;
            }
        }
        return node;
    }

    // ------------------------------------------------------------------------------------------
    // The tree: KeyNodes are map positions, ValueNodes are value positions.

    static final class KeyNode {
        /** The text of this map's position, "" for the root; for messages. */
        final String path;
        final Map<String, ValueNode> literals = new LinkedHashMap<>();
        final List<ValueNode> patternList = new ArrayList<>();
        /** A key no kept child names is removed ({@code keepOnly}). */
        boolean closed;
        ValueNode[] patterns;
        /** Literal children a row must have (STRICT, in a literal prefix). */
        ValueNode[] required;
        /** Literal children holding an addition at or below them, in insertion order. */
        ValueNode[] adding;

        KeyNode(String path) {
            this.path = path;
        }

        ValueNode child(Segment segment, boolean strict) {
            if (!segment.isPattern()) {
                ValueNode node = literals.computeIfAbsent(segment.name(),
                    name -> new ValueNode(Segment.literal(name), childPath(segment), false));
                node.strict |= strict;
                return node;
            }
            for (ValueNode node : patternList) {
                if (node.segment.name().equals(segment.name())) {
                    return node;
                }
            }
            ValueNode node = new ValueNode(segment.withoutElements(), childPath(segment), false);
            patternList.add(node);
            return node;
        }

        private String childPath(Segment segment) {
            String name = segment.withoutElements().toString();
            return path.isEmpty() ? name : path + "." + name;
        }

        List<ValueNode> children() {
            List<ValueNode> all = new ArrayList<>(literals.values());
            all.addAll(patternList);
            return all;
        }

        void freeze() {
            patterns = patternList.toArray(new ValueNode[0]);
            List<ValueNode> req = new ArrayList<>();
            List<ValueNode> add = new ArrayList<>();
            for (ValueNode node : literals.values()) {
                if (node.strict) {
                    req.add(node);
                }
                if (node.adds()) {
                    add.add(node);
                }
            }
            required = req.toArray(new ValueNode[0]);
            adding = add.toArray(new ValueNode[0]);
            for (ValueNode node : children()) {
                node.freeze();
            }
        }
    }

    static final class ValueNode {
        /** The segment a key must match, without [*]; null for element positions. */
        final Segment segment;
        final String path;
        /** STRICT and in a literal prefix. */
        boolean strict;
        /** On a kept path; {@code keptWhole}: at its end, so nothing inside is filtered. */
        boolean kept;
        boolean keptWhole;
        FieldOperation operation;
        Addition added;
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

        /** Whether an operation (not an addition, not a kept path) lies inside this position. */
        boolean operatesInside() {
            for (ValueNode child : insideNodes()) {
                if (child.operation != null || child.operatesInside()) {
                    return true;
                }
            }
            return false;
        }

        private List<ValueNode> insideNodes() {
            List<ValueNode> inside = new ArrayList<>();
            if (elements != null) {
                inside.add(elements);
            }
            if (fields != null) {
                inside.addAll(fields.children());
            }
            return inside;
        }

        /** Whether this position or something inside it is added. */
        boolean adds() {
            if (added != null) {
                return true;
            }
            if (fields != null) {
                for (ValueNode child : fields.literals.values()) {
                    if (child.adds()) {
                        return true;
                    }
                }
            }
            return false;
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
            ValueNode a = children.get(i);
            for (int j = i + 1; j < children.size(); j++) {
                ValueNode b = children.get(j);
                if (a.segment.overlaps(b.segment)) {
                    checkMerge(a, b);
                    openKept(a, b);
                    openKept(b, a);
                }
            }
            openKept(a, a);
            validateValue(a);
        }
    }

    /** A key kept whole by {@code whole} is not filtered inside by a longer kept path through {@code other}. */
    private static void openKept(ValueNode whole, ValueNode other) {
        if (whole.keptWhole) {
            open(other);
        }
    }

    private static void open(ValueNode node) {
        if (node.fields != null) {
            node.fields.closed = false;
            for (ValueNode child : node.fields.children()) {
                open(child);
            }
        }
        if (node.elements != null) {
            open(node.elements);
        }
    }

    private static void validateValue(ValueNode node) {
        if (node.added != null && node.hasInside()) {
            throw new FieldPathException("Cannot add inside '" + node.path + "', which is added as a whole (from '"
                    + node.source + "')");
        }
        checkOverrides(node, node, true);
        checkShape(node, node);
        if (node.elements != null) {
            validateValue(node.elements);
        }
        if (node.fields != null) {
            validateKeys(node.fields);
        }
    }

    /** Checks two nodes that may address the same value in some row. */
    private static void checkMerge(ValueNode a, ValueNode b) {
        if (a.operation != null && b.operation != null) {
            throw conflict(a, b.operation, b.source);
        }
        // a new key is never looked into by a pattern's inner operations; a key set over an existing one is
        if ((a.added != null && (b.operation != null || b.hasInside() && a.added.overwrite))
                || (b.added != null && (a.operation != null || a.hasInside() && b.added.overwrite))) {
            throw new FieldPathException("Conflicting operations: adding '" + (a.added != null ? a.source : b.source)
                    + "' and an operation that may apply to the same key");
        }
        checkOverrides(a, b, false);
        checkOverrides(b, a, false);
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

    /**
     * A REPLACE with anything inside the same position, or a REMOVE with an operation inside it,
     * contradict each other ({@code drop=a} with {@code rename=a.b:c}; a pattern {@code *} removed
     * with {@code after.email} renamed). A literal key removed next to a pattern whose operations
     * reach inside it ({@code email} and {@code *.zip}) does not: the key goes first, and the
     * pattern applies to the other keys. Additions inside a removed key make a new one; kept paths
     * there are moot.
     */
    private static void checkOverrides(ValueNode outer, ValueNode inner, boolean samePath) {
        FieldOperation op = outer.operation;
        boolean removeConflicts = samePath || outer.segment == null || outer.segment.isPattern();
        if (op != null && (op.replaces() ? inner.hasInside()
                : op.removes() && removeConflicts && inner.operatesInside())) {
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
        String first = node.operation != null ? node.operation.toString() : "ADD";
        return new FieldPathException("Conflicting operations on '" + node.path + "': " + first
            + " (from '" + node.source + "') and " + other + " (from '" + otherSource + "') may apply to the same key");
    }
}
