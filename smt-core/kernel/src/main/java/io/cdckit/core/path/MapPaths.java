package io.cdckit.core.path;

import io.cdckit.core.path.FieldPath.Segment;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.Consumer;

/**
 * A {@link FieldPath} applied directly to schemaless values: nested {@code Map}s with string keys
 * and {@code List}s, as JSON without schemas decodes; patterns are matched against each value's
 * keys. See {@link FieldPath#get(Map, Strictness)} and {@link FieldPath#forEach(Map, Strictness, Consumer)};
 * {@link #lookup} is the key lookup every schemaless reader shares.
 */
public final class MapPaths {

    /** What {@link #lookup} returns for a key that is absent, as opposed to present with a null value. */
    public static final Object MISSING = new Object();

    private final FieldPath path;
    private final List<Segment> segments;

    MapPaths(FieldPath path) {
        this.path = path;
        this.segments = path.segments();
    }

    /** {@link FieldPath#lookup}: a missing key told from a null value, null below a null parent. */
    static Object lookup(FieldPath path, Map<?, ?> root) {
        if (!path.isSingleValued()) {
            throw new IllegalStateException("Field path '" + path + "' is not a literal path");
        }
        if (root == null) {
            return MISSING;
        }
        Object current = root;
        for (Segment s : path.segments()) {
            if (current == null) {
                return null;
            }
            if (!(current instanceof Map)) {
                return MISSING;
            }
            current = lookup((Map<?, ?>) current, s.name());
            if (current == MISSING) {
                return current;
            }
        }
        return current;
    }

    /**
     * Reads a single-valued path from a schemaless value: nested {@code Map}s with string keys.
     *
     * <p>Returns null when the value at the path is null or when a parent on the way is null. A
     * missing key, or a value on the way that is not a {@code Map}, throws a
     * {@link FieldPathException} with {@link Strictness#STRICT} and returns null with
     * {@link Strictness#LENIENT}. Never throws {@code ClassCastException}.
     *
     * @param root       the root map; null gives null
     * @param strictness what to do about missing keys and values of the wrong shape
     * @return the value, or null
     * @throws IllegalStateException if this path is not {@linkplain #isSingleValued() single-valued}
     * @throws FieldPathException    with {@link Strictness#STRICT}, if the path does not fit the value
     */
    Object get(Map<?, ?> root, Strictness strictness) {
        if (!path.isSingleValued()) {
            throw new IllegalStateException("Field path '" + path + "' may address several values; use forEach");
        }
        boolean strict = strictness == Strictness.STRICT;
        Object current = root;
        for (int i = 0; i < segments.size(); i++) {
            if (current == null) {
                return null;
            }
            if (!(current instanceof Map)) {
                if (strict) {
                    throw notAMap(i, current);
                }
                return null;
            }
            Object value = lookup((Map<?, ?>) current, segments.get(i).name());
            if (value == MISSING) {
                if (strict) {
                    throw missingKey(i);
                }
                return null;
            }
            current = value;
        }
        return current;
    }

    /**
     * Visits every value this path addresses in a schemaless value: nested {@code Map}s with string
     * keys and {@code List}s. Pattern segments are matched against the keys of each map, in the
     * map's iteration order; {@code [*]} visits every element of a {@code List} and every value of
     * a {@code Map}.
     *
     * <p>The action receives every value found at the end of the path, null values included; a null
     * parent on the way has nothing under it and is skipped. In the literal prefix of the path a
     * missing key, a name applied to a value that is not a {@code Map}, or {@code [*]} applied to a
     * value that is neither a {@code List} nor a {@code Map} throws with {@link Strictness#STRICT}
     * and is skipped with {@link Strictness#LENIENT}; after a pattern segment they are always
     * skipped. Never throws {@code ClassCastException}.
     *
     * @param root       the root map; null visits nothing
     * @param strictness what to do about missing keys and values of the wrong shape
     * @param action     receives each value
     * @throws FieldPathException with {@link Strictness#STRICT}, if the path does not fit the value
     */
    void forEach(Map<?, ?> root, Strictness strictness, Consumer<Object> action) {
        Objects.requireNonNull(action, "action");
        visitKeys(root, 0, strictness == Strictness.STRICT, action);
    }

    private void visitKeys(Object current, int index, boolean strict, Consumer<Object> action) {
        if (current == null) {
            return;
        }
        if (!(current instanceof Map)) {
            if (strict) {
                throw notAMap(index, current);
            }
            return;
        }
        Map<?, ?> map = (Map<?, ?>) current;
        Segment segment = segments.get(index);
        if (segment.isPattern()) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                Object key = entry.getKey();
                if (key instanceof String && segment.matches((String) key)) {
                    visitElements(entry.getValue(), index, 0, false, action);
                }
            }
            return;
        }
        Object value = lookup(map, segment.name());
        if (value == MISSING) {
            if (strict) {
                throw missingKey(index);
            }
            return;
        }
        visitElements(value, index, 0, strict, action);
    }

    private void visitElements(Object value, int index, int depth, boolean strict, Consumer<Object> action) {
        if (depth == segments.get(index).elements()) {
            if (index + 1 == segments.size()) {
                action.accept(value);
            } else {
                visitKeys(value, index + 1, strict, action);
            }
            return;
        }
        if (value instanceof List) {
            List<?> list = (List<?>) value;
            if (list instanceof RandomAccess) {
                for (int i = 0, n = list.size(); i < n; i++) {
                    visitElements(list.get(i), index, depth + 1, strict, action);
                }
            } else {
                for (Object element : list) {
                    visitElements(element, index, depth + 1, strict, action);
                }
            }
        } else if (value instanceof Map) {
            for (Object element : ((Map<?, ?>) value).values()) {
                visitElements(element, index, depth + 1, strict, action);
            }
        } else if (value != null && strict) {
            throw new FieldPathException("Cannot read field path '" + path + "' at segment '"
                + segments.get(index) + "': '" + prefix(index, depth) + "' is a " + value.getClass().getName()
                + "; [*] applies only to a list or a map");
        }
    }

    /** @return the value for a string key, or {@link #MISSING}; tolerates maps that reject string keys */
    public static Object lookup(Map<?, ?> map, String key) {
        try {
            Object value = map.get(key);
            if (value == null && !map.containsKey(key)) {
                return MISSING;
            }
            return value;
        } catch (ClassCastException | NullPointerException e) {
            return MISSING;
        }
    }

    private FieldPathException notAMap(int index, Object value) {
        String what = index == 0 ? "the root value" : "'" + prefix(index - 1, segments.get(index - 1).elements()) + "'";
        return new FieldPathException("Cannot read field path '" + path + "' at segment '" + segments.get(index)
            + "': " + what + " is a " + value.getClass().getName() + ", not a map");
    }

    private FieldPathException missingKey(int index) {
        String where = index == 0 ? "the root map"
            : "the map at '" + prefix(index - 1, segments.get(index - 1).elements()) + "'";
        return new FieldPathException("Cannot read field path '" + path + "' at segment '" + segments.get(index)
            + "': " + where + " has no key '" + segments.get(index).name() + "'");
    }

    /** @return the text of segments 0..index, the last one with {@code elements} times {@code [*]} */
    private String prefix(int index, int elements) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < index; i++) {
            segments.get(i).appendTo(sb, true);
            sb.append('.');
        }
        segments.get(index).appendTo(sb, false);
        for (int e = 0; e < elements; e++) {
            sb.append("[*]");
        }
        return sb.toString();
    }
}
