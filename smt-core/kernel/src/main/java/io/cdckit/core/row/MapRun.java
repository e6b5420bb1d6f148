package io.cdckit.core.row;

import io.cdckit.core.path.FieldPathException;
import io.cdckit.core.path.MapPaths;
import io.cdckit.core.row.MapTree.KeyNode;
import io.cdckit.core.row.MapTree.ValueNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row through a {@link MapForm}'s tree ({@link MapTree}): copy-on-write, as {@link MapForm}
 * describes. A run knows whether the row's STRICT keys must be there and which additions it makes
 * (all; in a partial image only those from the row); a map the row lacks is built by a run that
 * requires nothing.
 */
final class MapRun {

    /** Rewrites {@code input} with the tree at {@code root}; see {@link MapForm#apply}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> apply(KeyNode root, Map<String, Object> input, RowContext context, boolean partial) {
        return (Map<String, Object>) new MapRun(context, !partial, partial ? Adds.FROM_ROW : Adds.ALL).keys(root, input);
    }

    /** Which additions a run makes: all; in a partial image only those from the row; none. */
    private enum Adds { ALL, FROM_ROW, NONE }

    private final RowContext context;
    /** Whether the keys of STRICT paths must be there (not in a partial image, nor in a created map). */
    private final boolean required;
    private final Adds adds;

    private MapRun(RowContext context, boolean required, Adds adds) {
        this.context = context;
        this.required = required;
        this.adds = adds;
    }

    private boolean makes(Addition a) {
        return adds == Adds.ALL || adds == Adds.FROM_ROW && a.fromRow;
    }

    /** The run that builds a map the row does not have: only additions. */
    private MapRun creating() {
        return required ? new MapRun(context, false, adds) : this;
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
                            throw new FieldPathException("Cannot add '" + match.path + "'" + match.added.origin()
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
                throw new FieldPathException("Cannot add '" + literal.path + "'" + (literal.added == null ? "" : literal.added.origin()) + ": "
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

    /** Whether a value is not null, or (a map) holds a value that is not, at any depth. */
    private static boolean hasValue(Object v) {
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
